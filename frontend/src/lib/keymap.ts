// The one table of the app's keys: each place that handles keys finds its action here, and
// the shortcut sheet (`?`) lists the same rows, so the sheet cannot drift from what the
// keys do.
import type { KeyPress } from "./outline/keys";

/** A key with its modifiers. `mod` is Ctrl (⌘ on macOS); `"any"` lets the modifier be either. */
export type Combo = { key: string; mod?: boolean; shift?: boolean | "any"; alt?: boolean };

export type Binding<A extends string> = {
  action: A;
  combos: Combo[];
  /** What the key does, as the sheet says it. */
  does: string;
};

export type KeyTable<A extends string> = {
  /** Where the keys work, as the sheet heads them. */
  scope: string;
  bindings: Binding<A>[];
};

/** The name of the key pressed: WebKitGTK reports Shift+Tab as key "Unidentified", code "Tab". */
export function keyName(press: KeyPress): string {
  return press.key === "Unidentified" && press.code === "Tab" ? "Tab" : press.key;
}

/** True when `press` is `combo`: the same key (letters in either case) and exactly its modifiers. */
export function matches(combo: Combo, press: KeyPress): boolean {
  const key = keyName(press);
  const sameKey = key.length === 1 ? key.toLowerCase() === combo.key.toLowerCase() : key === combo.key;
  const mod = press.ctrlKey || press.metaKey;
  // A typed character such as `?` carries the Shift it took to type it.
  const shiftOk = combo.shift === "any" || isTypedSymbol(combo.key) || press.shiftKey === (combo.shift ?? false);
  return sameKey && mod === (combo.mod ?? false) && press.altKey === (combo.alt ?? false) && shiftOk;
}

function isTypedSymbol(key: string): boolean {
  return key.length === 1 && key.toLowerCase() === key.toUpperCase() && !/[0-9 ]/.test(key);
}

/** The action of the first binding `press` matches, or null. */
export function actionFor<A extends string>(table: KeyTable<A>, press: KeyPress): A | null {
  for (const binding of table.bindings) {
    if (binding.combos.some((combo) => matches(combo, press))) return binding.action;
  }
  return null;
}

const KEY_LABELS: Record<string, string> = {
  ArrowUp: "↑",
  ArrowDown: "↓",
  ArrowLeft: "←",
  ArrowRight: "→",
  Escape: "Esc",
  " ": "Space",
};

/** `Ctrl+Shift+A`, or `⌘⇧A` on macOS. */
export function comboLabel(combo: Combo, mac: boolean): string {
  const key = KEY_LABELS[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key);
  const parts: string[] = [];
  if (combo.mod) parts.push(mac ? "⌘" : "Ctrl");
  if (combo.alt) parts.push(mac ? "⌥" : "Alt");
  if (combo.shift === true) parts.push(mac ? "⇧" : "Shift");
  parts.push(key);
  return parts.join(mac ? "" : "+");
}

/** How the first key of `action` in `table` is written, for a menu or a tooltip. */
export function keyLabel<A extends string>(table: KeyTable<A>, action: A, mac: boolean): string | undefined {
  const combo = table.bindings.find((binding) => binding.action === action)?.combos[0];
  return combo === undefined ? undefined : comboLabel(combo, mac);
}

export type WindowAction =
  | "search"
  | "agenda"
  | "people"
  | "oneOnOne"
  | "review"
  | "settings"
  | "undo"
  | "redo"
  | "back"
  | "forward"
  | "shortcuts";

/** Keys that work anywhere in the window (the block editor handles its own keys first). */
export const WINDOW_KEYS: KeyTable<WindowAction> = {
  scope: "Anywhere",
  bindings: [
    { action: "search", combos: [{ key: "k", mod: true }], does: "Search pages and blocks, or run a command" },
    { action: "agenda", combos: [{ key: "a", mod: true, shift: true }], does: "Open the agenda" },
    { action: "people", combos: [{ key: "p", mod: true, shift: true }], does: "Open the people list" },
    { action: "review", combos: [{ key: "y", mod: true, shift: true }], does: "Open the year-end review" },
    { action: "settings", combos: [{ key: ",", mod: true }], does: "Open Settings" },
    {
      action: "undo",
      combos: [{ key: "z", mod: true }],
      does: "Undo the last change to the vault, on any page (outside text fields)",
    },
    {
      action: "redo",
      combos: [
        { key: "z", mod: true, shift: true },
        { key: "y", mod: true },
      ],
      does: "Redo it (outside text fields)",
    },
    {
      action: "oneOnOne",
      combos: [{ key: "o", mod: true, shift: true }],
      does: "Start today's 1-on-1 with the person shown or picked",
    },
    { action: "back", combos: [{ key: "ArrowLeft", alt: true }], does: "Back (outside text fields)" },
    { action: "forward", combos: [{ key: "ArrowRight", alt: true }], does: "Forward (outside text fields)" },
    { action: "shortcuts", combos: [{ key: "?" }], does: "Show these shortcuts (outside text fields)" },
  ],
};

export type EditorAction =
  | "exit"
  | "undo"
  | "redo"
  | "cycleMarker"
  | "split"
  | "indent"
  | "outdent"
  | "moveUp"
  | "moveDown"
  | "previous"
  | "next"
  | "merge"
  | "deadline"
  | "scheduled";

/** Keys of the block editor, as Logseq has them. */
export const EDITOR_KEYS: KeyTable<EditorAction> = {
  scope: "Editing a block",
  bindings: [
    { action: "exit", combos: [{ key: "Escape", shift: "any" }], does: "Stop editing" },
    { action: "undo", combos: [{ key: "z", mod: true }], does: "Undo the last change to the page" },
    {
      action: "redo",
      combos: [
        { key: "z", mod: true, shift: true },
        { key: "y", mod: true },
      ],
      does: "Redo",
    },
    { action: "cycleMarker", combos: [{ key: "Enter", mod: true }], does: "TODO → DOING → DONE → none" },
    { action: "split", combos: [{ key: "Enter" }], does: "New block (split at the caret)" },
    { action: "indent", combos: [{ key: "Tab" }], does: "Indent" },
    { action: "outdent", combos: [{ key: "Tab", shift: true }], does: "Outdent" },
    { action: "moveUp", combos: [{ key: "ArrowUp", alt: true }], does: "Move the block up among its siblings" },
    { action: "moveDown", combos: [{ key: "ArrowDown", alt: true }], does: "Move the block down among its siblings" },
    { action: "previous", combos: [{ key: "ArrowUp" }], does: "Edit the block above (from the first line)" },
    { action: "next", combos: [{ key: "ArrowDown" }], does: "Edit the block below (from the last line)" },
    {
      action: "merge",
      combos: [{ key: "Backspace", shift: "any" }],
      does: "Join with the block above (at the start of a block)",
    },
    { action: "deadline", combos: [{ key: "d", mod: true, shift: true }], does: "Pick the deadline" },
    { action: "scheduled", combos: [{ key: "s", mod: true, shift: true }], does: "Pick the scheduled date" },
  ],
};

export type AgendaAction =
  | "undo"
  | "down"
  | "up"
  | "complete"
  | "open"
  | "priorityA"
  | "priorityB"
  | "priorityC"
  | "noPriority"
  | "cycle"
  | "deadline"
  | "scheduled";

/** Keys of a task list (the agenda, a project's or a person's open tasks). */
export const AGENDA_KEYS: KeyTable<AgendaAction> = {
  scope: "Task lists",
  bindings: [
    { action: "undo", combos: [{ key: "z", mod: true }], does: "Undo the last change made here" },
    { action: "down", combos: [{ key: "ArrowDown", shift: "any" }], does: "Next task" },
    { action: "up", combos: [{ key: "ArrowUp", shift: "any" }], does: "Previous task" },
    { action: "complete", combos: [{ key: " ", shift: "any" }], does: "Complete or reopen the task" },
    { action: "open", combos: [{ key: "Enter", shift: "any" }], does: "Open the task in its page" },
    { action: "priorityA", combos: [{ key: "a" }], does: "Priority A" },
    { action: "priorityB", combos: [{ key: "b" }], does: "Priority B" },
    { action: "priorityC", combos: [{ key: "c" }], does: "Priority C" },
    { action: "noPriority", combos: [{ key: "0", shift: "any" }], does: "No priority" },
    { action: "cycle", combos: [{ key: "t" }], does: "Cycle the marker" },
    { action: "deadline", combos: [{ key: "d" }], does: "Set the deadline" },
    { action: "scheduled", combos: [{ key: "s" }], does: "Set the scheduled date" },
  ],
};

export type SelectionAction =
  | "clear"
  | "up"
  | "down"
  | "extendUp"
  | "extendDown"
  | "delete"
  | "indent"
  | "outdent"
  | "moveUp"
  | "moveDown"
  | "edit"
  | "cycleMarker"
  | "priorityA"
  | "priorityB"
  | "priorityC"
  | "noPriority"
  | "copy";

/** Keys of blocks selected as things (Esc while editing selects the block). */
export const SELECTION_KEYS: KeyTable<SelectionAction> = {
  scope: "Selected blocks (Esc while editing)",
  bindings: [
    { action: "clear", combos: [{ key: "Escape" }], does: "Clear the selection" },
    { action: "extendUp", combos: [{ key: "ArrowUp", shift: true }], does: "Select the block above too" },
    { action: "extendDown", combos: [{ key: "ArrowDown", shift: true }], does: "Select the block below too" },
    { action: "up", combos: [{ key: "ArrowUp" }], does: "Select the block above instead" },
    { action: "down", combos: [{ key: "ArrowDown" }], does: "Select the block below instead" },
    { action: "delete", combos: [{ key: "Backspace" }, { key: "Delete" }], does: "Delete them, with their children" },
    { action: "indent", combos: [{ key: "Tab" }], does: "Indent them" },
    { action: "outdent", combos: [{ key: "Tab", shift: true }], does: "Outdent them" },
    { action: "moveUp", combos: [{ key: "ArrowUp", alt: true }], does: "Move them up among their siblings" },
    { action: "moveDown", combos: [{ key: "ArrowDown", alt: true }], does: "Move them down among their siblings" },
    { action: "cycleMarker", combos: [{ key: "Enter", mod: true }], does: "Cycle their markers" },
    { action: "priorityA", combos: [{ key: "a" }], does: "Priority A" },
    { action: "priorityB", combos: [{ key: "b" }], does: "Priority B" },
    { action: "priorityC", combos: [{ key: "c" }], does: "Priority C" },
    { action: "noPriority", combos: [{ key: "0" }], does: "No priority" },
    { action: "edit", combos: [{ key: "Enter" }], does: "Edit the last one selected" },
    { action: "copy", combos: [{ key: "c", mod: true }], does: "Copy them as a Markdown outline" },
  ],
};

export type ReviewAction = "moveUp" | "moveDown";

/** Keys of a bullet of the review's draft, when it has the focus. */
export const REVIEW_KEYS: KeyTable<ReviewAction> = {
  scope: "Year-end review",
  bindings: [
    { action: "moveUp", combos: [{ key: "ArrowUp", alt: true }], does: "Move the bullet up" },
    { action: "moveDown", combos: [{ key: "ArrowDown", alt: true }], does: "Move the bullet down" },
  ],
};

/** Every table, in the order the sheet shows them. */
export const KEY_TABLES: KeyTable<string>[] = [WINDOW_KEYS, EDITOR_KEYS, SELECTION_KEYS, AGENDA_KEYS, REVIEW_KEYS];
