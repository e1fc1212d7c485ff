// Window-wide shortcuts (the block editor handles its own keys first), found in the key
// table the shortcut sheet lists.
import { actionFor, WINDOW_KEYS, type WindowAction } from "./keymap";
import type { KeyPress } from "./outline/keys";

export type Shortcut = WindowAction;

export function windowShortcut(press: KeyPress): Shortcut | null {
  return actionFor(WINDOW_KEYS, press);
}
