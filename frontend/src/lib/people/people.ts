// What the people views compute from the rows they are given: when someone is due, and
// which "1-on-1 with …" commands the search palette offers for what was typed.

/** "due today", "due in 3 days", "5 days late"; "never met" without a 1-on-1. */
export function dueLabel(dueIn: number | null): string {
  if (dueIn === null) return "never met";
  if (dueIn === 0) return "due today";
  if (dueIn > 0) return `due in ${dueIn} ${dueIn === 1 ? "day" : "days"}`;
  return `${-dueIn} ${dueIn === -1 ? "day" : "days"} late`;
}

const COMMAND_WORDS = /^\s*(1-on-1|1on1|1:1|one-on-one|one on one|1 on 1)(\s+with)?\b\s*/i;
const MOST_COMMANDS = 5;

/**
 * The people a typed query asks to start a 1-on-1 with: "1-on-1 with pri", "1:1 sofia",
 * or just words that start words of a name ("priya"). With the command's words alone,
 * everyone (the first few).
 */
export function oneOnOneMatches(query: string, names: readonly string[]): string[] {
  const command = COMMAND_WORDS.exec(query);
  const rest = (command === null ? query : query.slice(command[0].length)).trim().toLowerCase();
  if (rest === "") return command === null ? [] : names.slice(0, MOST_COMMANDS);
  const typed = rest.split(/\s+/);
  return names
    .filter((name) => {
      const words = name.toLowerCase().split(/\s+/);
      return typed.every((part) => words.some((word) => word.startsWith(part)));
    })
    .slice(0, MOST_COMMANDS);
}
