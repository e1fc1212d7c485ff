// Slash commands in the block editor: `/` at the start of a word opens a list of commands,
// filtered as the user types (`/dead` → Deadline), and running one rewrites the block's text
// as Logseq would have it written, so nobody types `DEADLINE:` or `{{query}}` by hand. Pure:
// the editor supplies the text and caret and applies what comes back.

export type SlashCommandId =
  | "todo"
  | "doing"
  | "done"
  | "priorityA"
  | "priorityB"
  | "priorityC"
  | "noPriority"
  | "deadline"
  | "scheduled"
  | "today"
  | "tomorrow"
  | "pageReference"
  | "blockReference"
  | "query"
  | "code"
  | "heading";

export type SlashCommand = { id: SlashCommandId; name: string; does: string };

export const SLASH_COMMANDS: SlashCommand[] = [
  { id: "todo", name: "TODO", does: "Make the block a task" },
  { id: "doing", name: "DOING", does: "Mark the task as in progress" },
  { id: "done", name: "DONE", does: "Mark the task as done" },
  { id: "priorityA", name: "Priority A", does: "[#A]" },
  { id: "priorityB", name: "Priority B", does: "[#B]" },
  { id: "priorityC", name: "Priority C", does: "[#C]" },
  { id: "noPriority", name: "No priority", does: "Take the priority out" },
  { id: "deadline", name: "Deadline", does: "Pick a deadline" },
  { id: "scheduled", name: "Scheduled", does: "Pick a scheduled date" },
  { id: "today", name: "Today", does: "Link today's journal" },
  { id: "tomorrow", name: "Tomorrow", does: "Link tomorrow's journal" },
  { id: "pageReference", name: "Page reference", does: "[[a page]]" },
  { id: "blockReference", name: "Block reference", does: "((a block))" },
  { id: "query", name: "Query", does: "{{query …}}" },
  { id: "code", name: "Code block", does: "``` … ```" },
  { id: "heading", name: "Heading", does: "# A heading" },
];

/** A `/` the user is typing a command after: where it is and what follows it up to the caret. */
export type OpenSlash = { start: number; query: string };

/** The slash command being typed at `caret`, if any: a `/` at the start of the text or after
 * a space, followed by at most a few letters (a path such as `a/b` or `/usr/bin` is not one). */
export function openSlashAt(text: string, caret: number): OpenSlash | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("/");
  if (start < 0) return null;
  if (start > 0 && !/\s/.test(before[start - 1] ?? "")) return null;
  const query = before.slice(start + 1);
  if (query.length > 24 || !/^[\p{L} ]*$/u.test(query) || query.startsWith(" ") || query.includes("  ")) return null;
  return matchingCommands(query).length > 0 ? { start, query } : null;
}

/** The commands whose name has a word starting with what was typed, in the list's order. */
export function matchingCommands(query: string): SlashCommand[] {
  const typed = query.trim().toLowerCase();
  if (typed === "") return SLASH_COMMANDS;
  return SLASH_COMMANDS.filter((command) => {
    const name = command.name.toLowerCase();
    return name.startsWith(typed) || name.split(" ").some((word) => word.startsWith(typed));
  });
}

export type Rewritten = { text: string; caret: number };

const MARKER = /^(TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS) /;

/** Commands that act on the whole block (its marker, heading or dates), not at the caret. */
const ON_THE_BLOCK: SlashCommandId[] = [
  "todo",
  "doing",
  "done",
  "priorityA",
  "priorityB",
  "priorityC",
  "noPriority",
  "heading",
  "deadline",
  "scheduled",
];

/** The text with the typed `/query` taken out, and where the caret was. For a command on
 * the whole block, the spaces the `/query` leaves at the end of its line go too. */
export function withoutSlash(text: string, slash: OpenSlash, id: SlashCommandId): Rewritten {
  const end = slash.start + 1 + slash.query.length;
  let start = slash.start;
  const lineEnds = end === text.length || text[end] === "\n";
  if (lineEnds && ON_THE_BLOCK.includes(id)) {
    while (start > 0 && text[start - 1] === " ") start -= 1;
  }
  return { text: text.slice(0, start) + text.slice(end), caret: start };
}

/** Runs a command that only rewrites text (every command but the date pickers and the
 * journal links, which need an answer first); the `/query` is taken out first. */
export function runTextCommand(text: string, slash: OpenSlash, id: SlashCommandId): Rewritten {
  const cut = withoutSlash(text, slash, id);
  switch (id) {
    case "todo":
    case "doing":
    case "done":
      return withMarker(cut, id.toUpperCase());
    case "priorityA":
    case "priorityB":
    case "priorityC":
      return withPriority(cut, id.slice(-1));
    case "noPriority":
      return withPriority(cut, null);
    case "heading":
      return withHeading(cut);
    case "pageReference":
      return insert(cut, "[[", "]]");
    case "blockReference":
      return insert(cut, "((", "))");
    case "query":
      return insert(cut, "{{query ", "}}");
    case "code":
      return insert(cut, "```\n", "\n```");
    default:
      return cut;
  }
}

/** `before` and `after` put in at the caret, the caret between them. */
export function insert(at: Rewritten, before: string, after = ""): Rewritten {
  return {
    text: at.text.slice(0, at.caret) + before + after + at.text.slice(at.caret),
    caret: at.caret + before.length,
  };
}

/** The first line's marker set to `marker` (replacing one already there), as Logseq writes it. */
function withMarker(at: Rewritten, marker: string): Rewritten {
  const existing = MARKER.exec(at.text)?.[0] ?? "";
  const rest = at.text.slice(existing.length);
  const removed = existing.length + rest.length - rest.trimStart().length;
  const text = `${marker} ${rest.trimStart()}`;
  return { text, caret: Math.max(0, at.caret - removed) + marker.length + 1 };
}

const PRIORITY = /^\[#[A-Za-z]\] /;

/** A block's text with its priority (`[#A]`) set after the marker, or taken out (`null`). */
export function withPriorityText(text: string, priority: string | null): string {
  return withPriority({ text, caret: 0 }, priority).text;
}

/** The priority (`[#A]`) set after the marker, as Logseq writes it, or taken out (`null`). */
function withPriority(at: Rewritten, priority: string | null): Rewritten {
  const marker = MARKER.exec(at.text)?.[0] ?? "";
  const rest = at.text.slice(marker.length);
  const existing = PRIORITY.exec(rest)?.[0] ?? "";
  const written = priority === null ? "" : `[#${priority}] `;
  const text = marker + written + rest.slice(existing.length);
  const caret = at.caret >= marker.length + existing.length ? at.caret + written.length - existing.length : at.caret;
  return { text, caret };
}

function withHeading(at: Rewritten): Rewritten {
  const marker = MARKER.exec(at.text)?.[0] ?? "";
  if (at.text.slice(marker.length).startsWith("#")) return at;
  const text = `${marker}# ${at.text.slice(marker.length)}`;
  return { text, caret: at.caret + 2 };
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** `<2026-12-24 Thu>`: a day as Logseq writes it in a planning line. */
export function logseqDate(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1)).getUTCDay()];
  return `<${day} ${weekday}>`;
}

const PLANNING = (kind: string) => new RegExp(`${kind}: <(\\d{4}-\\d{2}-\\d{2})(?: [A-Za-z]{2,3})?([^>]*)>`);

/** The text with its `kind` (`DEADLINE` or `SCHEDULED`) set to `day`, or taken out when
 * `day` is null: a date already there is replaced, keeping its time and repeater; a new
 * one goes on its own line under the first, where Logseq writes it. */
export function withPlanning(text: string, kind: "DEADLINE" | "SCHEDULED", day: string | null): string {
  const lines = text.split("\n");
  const pattern = PLANNING(kind);
  const at = lines.findIndex((line, index) => index > 0 && pattern.test(line));
  if (at >= 0) {
    if (day === null) {
      const rest = (lines[at] ?? "").replace(pattern, "").trim();
      if (rest === "") lines.splice(at, 1);
      else lines[at] = rest;
    } else {
      lines[at] = (lines[at] ?? "").replace(pattern, (_all, _old, rest: string) => `${kind}: ${logseqDate(day).slice(0, -1)}${rest}>`);
    }
    return lines.join("\n");
  }
  if (day === null) return text;
  lines.splice(1, 0, `${kind}: ${logseqDate(day)}`);
  return lines.join("\n");
}

/** The day a block's `kind` is set to, if it has one. */
export function plannedDay(text: string, kind: "DEADLINE" | "SCHEDULED"): string | null {
  const lines = text.split("\n").slice(1);
  for (const line of lines) {
    const match = PLANNING(kind).exec(line);
    if (match !== null) return match[1] ?? null;
  }
  return null;
}
