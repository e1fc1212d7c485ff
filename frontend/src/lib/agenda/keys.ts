// The agenda's keys (`AGENDA_KEYS`), turned into intents: ↑/↓ move, Space completes, Enter
// opens the task in its page, A/B/C/0 set or clear the priority, T cycles the marker, D and
// S open the deadline and scheduled pickers, Ctrl+Z undoes the last change made here.
import { actionFor, AGENDA_KEYS } from "../keymap";
import type { KeyPress } from "../outline/keys";

export type DateKind = "deadline" | "scheduled";

export type AgendaIntent =
  | { kind: "move"; delta: number }
  | { kind: "complete" }
  | { kind: "open" }
  | { kind: "priority"; priority: string | null }
  | { kind: "cycle" }
  | { kind: "pick"; which: DateKind }
  | { kind: "undo" };

export function agendaIntent(press: KeyPress): AgendaIntent | null {
  switch (actionFor(AGENDA_KEYS, press)) {
    case "undo":
      return { kind: "undo" };
    case "down":
      return { kind: "move", delta: 1 };
    case "up":
      return { kind: "move", delta: -1 };
    case "complete":
      return { kind: "complete" };
    case "open":
      return { kind: "open" };
    case "priorityA":
      return { kind: "priority", priority: "A" };
    case "priorityB":
      return { kind: "priority", priority: "B" };
    case "priorityC":
      return { kind: "priority", priority: "C" };
    case "noPriority":
      return { kind: "priority", priority: null };
    case "cycle":
      return { kind: "cycle" };
    case "deadline":
      return { kind: "pick", which: "deadline" };
    case "scheduled":
      return { kind: "pick", which: "scheduled" };
    case null:
      return null;
  }
}
