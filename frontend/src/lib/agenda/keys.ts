// The agenda's keys, turned into intents: ↑/↓ move, Space completes, Enter opens the task
// in its page, A/B/C/0 set or clear the priority, T cycles the marker, D and S open the
// deadline and scheduled pickers, Ctrl+Z undoes the last change made here.
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
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && !press.shiftKey && press.key.toLowerCase() === "z") return { kind: "undo" };
  if (mod || press.altKey) return null;
  switch (press.key) {
    case "ArrowDown":
      return { kind: "move", delta: 1 };
    case "ArrowUp":
      return { kind: "move", delta: -1 };
    case " ":
      return { kind: "complete" };
    case "Enter":
      return { kind: "open" };
    case "0":
      return { kind: "priority", priority: null };
  }
  if (press.shiftKey) return null;
  const letter = press.key.toLowerCase();
  if (letter === "a" || letter === "b" || letter === "c") return { kind: "priority", priority: letter.toUpperCase() };
  if (letter === "t") return { kind: "cycle" };
  if (letter === "d") return { kind: "pick", which: "deadline" };
  if (letter === "s") return { kind: "pick", which: "scheduled" };
  return null;
}
