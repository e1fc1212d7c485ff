// Slash commands in the block editor: `/` at the start of a word opens a list of commands,
// filtered as the user types (`/dead` → Deadline), so nobody types `DEADLINE:` or
// `{{query}}` by hand. Markers, priorities and dates are the library's task changes (it
// writes what Logseq writes); the rest rewrite the editor's text here. Pure: the editor
// supplies the text and caret and applies what comes back.
import type { TaskChange } from "../bindings/TaskChange";

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

/** The library's task change a command makes on the block (its marker or priority), if it
 * makes one: the library writes it, as the agenda's changes are written. */
export function slashTaskChange(id: SlashCommandId): TaskChange | null {
  switch (id) {
    case "todo":
    case "doing":
    case "done":
      return { change: "setMarker", marker: id.toUpperCase() };
    case "priorityA":
    case "priorityB":
    case "priorityC":
      return { change: "setPriority", priority: id.slice(-1) };
    case "noPriority":
      return { change: "setPriority", priority: null };
    default:
      return null;
  }
}

/** Runs a command that only rewrites text (references, queries, code, headings); the
 * `/query` is taken out first, and is all a task change or a date picker takes out. */
export function runTextCommand(text: string, slash: OpenSlash, id: SlashCommandId): Rewritten {
  const cut = withoutSlash(text, slash, id);
  switch (id) {
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

function withHeading(at: Rewritten): Rewritten {
  const marker = MARKER.exec(at.text)?.[0] ?? "";
  if (at.text.slice(marker.length).startsWith("#")) return at;
  const text = `${marker}# ${at.text.slice(marker.length)}`;
  return { text, caret: at.caret + 2 };
}
