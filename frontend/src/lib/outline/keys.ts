// Logseq's editing keys, turned into intents. Pure: the caller supplies the page's blocks,
// the edited block and the textarea's text and selection, and carries out the action.
import type { BlockView } from "../bindings/BlockView";
import type { EditOp } from "../bindings/EditOp";
import { actionFor, EDITOR_KEYS, keyName } from "../keymap";
import { nextVisible, previousVisible, showsChildren, siblingPosition } from "./tree";

export type KeyPress = {
  key: string;
  /** The physical key; WebKitGTK reports Shift+Tab as key "Unidentified", code "Tab". */
  code?: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
};

export type EditorState = {
  blocks: readonly BlockView[];
  /** null: the placeholder shown on a page that has no blocks yet */
  block: BlockView | null;
  text: string;
  selectionStart: number;
  selectionEnd: number;
};

export type Caret = { from: "start"; offset: number } | { from: "end"; offset: number };

/** Which block to edit once the edits are applied. */
export type FocusTarget =
  | { kind: "result"; offset: number } // EditResult.focus plus offset in document order
  | { kind: "block"; id: number };

export type OutlineAction =
  | { kind: "edit"; ops: EditOp[]; focus: FocusTarget; caret: Caret }
  | { kind: "editBlock"; id: number; caret: Caret }
  | { kind: "exit" }
  | { kind: "undo" }
  | { kind: "redo" }
  /** The key is ours but there is nothing to do (e.g. Tab on a first child). */
  | { kind: "none" };

const atStart = (offset: number): Caret => ({ from: "start", offset });
const atEnd = (offset: number): Caret => ({ from: "end", offset });
const NONE: OutlineAction = { kind: "none" };

export { keyName };

/** The action for a key press, or null to let the textarea handle it (typing, Shift+Enter). */
export function outlineAction(press: KeyPress, state: EditorState): OutlineAction | null {
  switch (actionFor(EDITOR_KEYS, press)) {
    case "exit":
      return { kind: "exit" };
    case "undo":
      return { kind: "undo" };
    case "redo":
      return { kind: "redo" };
    case "cycleMarker":
      return cycleMarker(state);
    case "split":
      return splitBlock(state);
    case "indent":
      return indent(state);
    case "outdent":
      return outdent(state);
    case "moveUp":
      return moveAmongSiblings(state, -1);
    case "moveDown":
      return moveAmongSiblings(state, 1);
    case "previous":
      return editPreviousFromFirstLine(state);
    case "next":
      return editNextFromLastLine(state);
    case "merge":
      return mergeIntoPrevious(state);
    // The editor opens its date picker for these.
    case "deadline":
    case "scheduled":
    case null:
      return null;
  }
}

/** Unsaved text goes out in the same atomic write as the structural change. */
function saveFirst(state: EditorState, block: BlockView): EditOp[] {
  return state.text === block.raw ? [] : [{ op: "setContent", block: block.id, content: state.text }];
}

function splitBlock(state: EditorState): OutlineAction {
  const before = state.text.slice(0, state.selectionStart);
  const after = state.text.slice(state.selectionEnd);
  const block = state.block;
  if (block === null) {
    return {
      kind: "edit",
      ops: [
        { op: "insert", parent: null, index: 0, content: before },
        { op: "insert", parent: null, index: 1, content: after },
      ],
      focus: { kind: "result", offset: 0 },
      caret: atStart(0),
    };
  }
  const position = siblingPosition(state.blocks, block);
  if (before === "" && after !== "") {
    // Like Logseq: Enter at the very start opens an empty block above and stays put,
    // so the text keeps its children and properties. The new block precedes this one
    // in document order, so this one is the inserted block's id + 1.
    return {
      kind: "edit",
      ops: [...saveFirst(state, block), { op: "insert", parent: position.parent, index: position.index, content: "" }],
      focus: { kind: "result", offset: 1 },
      caret: atStart(0),
    };
  }
  const insert: EditOp = showsChildren(block)
    ? { op: "insert", parent: block.id, index: 0, content: after }
    : { op: "insert", parent: position.parent, index: position.index + 1, content: after };
  return {
    kind: "edit",
    ops: [{ op: "setContent", block: block.id, content: before }, insert],
    focus: { kind: "result", offset: 0 },
    caret: atStart(0),
  };
}

function indent(state: EditorState): OutlineAction {
  const block = state.block;
  if (block === null || siblingPosition(state.blocks, block).index === 0) return NONE;
  return keepCaret(state, [...saveFirst(state, block), { op: "indent", block: block.id }]);
}

function outdent(state: EditorState): OutlineAction {
  const block = state.block;
  if (block === null || block.parent === null) return NONE;
  return keepCaret(state, [...saveFirst(state, block), { op: "outdent", block: block.id }]);
}

function moveAmongSiblings(state: EditorState, delta: -1 | 1): OutlineAction {
  const block = state.block;
  if (block === null) return NONE;
  const position = siblingPosition(state.blocks, block);
  const index = position.index + delta;
  if (index < 0 || index >= position.count) return NONE;
  return keepCaret(state, [
    ...saveFirst(state, block),
    { op: "move", block: block.id, parent: position.parent, index },
  ]);
}

function keepCaret(state: EditorState, ops: EditOp[]): OutlineAction {
  return { kind: "edit", ops, focus: { kind: "result", offset: 0 }, caret: atStart(state.selectionStart) };
}

function cycleMarker(state: EditorState): OutlineAction {
  const block = state.block;
  // The marker sits at the front, so the caret keeps its distance from the end.
  const caret = atEnd(state.text.length - state.selectionEnd);
  if (block === null) {
    return {
      kind: "edit",
      ops: [
        { op: "insert", parent: null, index: 0, content: state.text },
        { op: "cycleMarker", block: 0 },
      ],
      focus: { kind: "result", offset: 0 },
      caret,
    };
  }
  return {
    kind: "edit",
    ops: [...saveFirst(state, block), { op: "cycleMarker", block: block.id }],
    focus: { kind: "result", offset: 0 },
    caret,
  };
}

function mergeIntoPrevious(state: EditorState): OutlineAction | null {
  if (state.selectionStart !== 0 || state.selectionEnd !== 0) return null;
  const block = state.block;
  if (block === null || block.childCount > 0) return NONE;
  const previous = previousVisible(state.blocks, block.id);
  if (previous === null) return NONE;
  // Blocks are numbered in document order and the previous one comes first,
  // so deleting this block leaves the previous block's id unchanged.
  return {
    kind: "edit",
    ops: [
      { op: "setContent", block: previous.id, content: previous.raw + state.text },
      { op: "delete", block: block.id },
    ],
    focus: { kind: "block", id: previous.id },
    caret: atStart(previous.raw.length),
  };
}

function editPreviousFromFirstLine(state: EditorState): OutlineAction | null {
  if (state.block === null) return null;
  const firstLineEnd = state.text.indexOf("\n");
  if (firstLineEnd >= 0 && state.selectionStart > firstLineEnd) return null;
  const previous = previousVisible(state.blocks, state.block.id);
  return previous === null ? null : { kind: "editBlock", id: previous.id, caret: atEnd(0) };
}

function editNextFromLastLine(state: EditorState): OutlineAction | null {
  if (state.block === null) return null;
  if (state.text.indexOf("\n", state.selectionEnd) >= 0) return null;
  const next = nextVisible(state.blocks, state.block.id);
  return next === null ? null : { kind: "editBlock", id: next.id, caret: atStart(0) };
}

export function caretPosition(caret: Caret, text: string): number {
  const position = caret.from === "start" ? caret.offset : text.length - caret.offset;
  return Math.max(0, Math.min(text.length, position));
}
