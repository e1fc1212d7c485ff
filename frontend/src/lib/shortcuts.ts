// Window-wide shortcuts (the block editor handles its own keys first).
import type { KeyPress } from "./outline/keys";

export type Shortcut = "search" | "agenda" | "people" | "oneOnOne" | "review" | "back" | "forward";

export function windowShortcut(press: KeyPress): Shortcut | null {
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && !press.shiftKey && press.key.toLowerCase() === "k") return "search";
  if (mod && !press.altKey && press.shiftKey && press.key.toLowerCase() === "a") return "agenda";
  if (mod && !press.altKey && press.shiftKey && press.key.toLowerCase() === "p") return "people";
  if (mod && !press.altKey && press.shiftKey && press.key.toLowerCase() === "y") return "review";
  // The people views start a 1-on-1 with it: with the person shown, or the row picked.
  if (mod && !press.altKey && press.shiftKey && press.key.toLowerCase() === "o") return "oneOnOne";
  if (press.altKey && !mod && press.key === "ArrowLeft") return "back";
  if (press.altKey && !mod && press.key === "ArrowRight") return "forward";
  return null;
}
