import { describe, expect, test } from "vitest";
import type { BlockView } from "../bindings/BlockView";
import { outline } from "../../test/fixtures";
import { caretPosition, outlineAction, type EditorState, type KeyPress } from "./keys";

function press(key: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  return { key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...modifiers };
}

/** Editing block `id` with the caret at `caret` (its raw text unless `text` is given). */
function editing(blocks: BlockView[], id: number, caret: number, text?: string): EditorState {
  const block = blocks[id]!;
  const value = text ?? block.raw;
  return { blocks, block, text: value, selectionStart: caret, selectionEnd: caret };
}

describe("Enter splits the block at the caret", () => {
  const blocks = outline("Alpha\n  Beta\n  Gamma\nDelta");

  test("the text before stays, the text after becomes the next sibling", () => {
    expect(outlineAction(press("Enter"), editing(blocks, 1, 2))).toEqual({
      kind: "edit",
      ops: [
        { op: "setContent", block: 1, content: "Be" },
        { op: "insert", parent: 0, index: 1, content: "ta" },
      ],
      focus: { kind: "result", offset: 0 },
      caret: { from: "start", offset: 0 },
    });
  });

  test("at the end it opens an empty sibling", () => {
    const action = outlineAction(press("Enter"), editing(blocks, 3, 5));
    expect(action).toMatchObject({
      ops: [
        { op: "setContent", block: 3, content: "Delta" },
        { op: "insert", parent: null, index: 2, content: "" },
      ],
    });
  });

  test("a selection is replaced by the split", () => {
    const state = { ...editing(blocks, 3, 1), selectionEnd: 4 };
    expect(outlineAction(press("Enter"), state)).toMatchObject({
      ops: [
        { op: "setContent", block: 3, content: "D" },
        { op: "insert", parent: null, index: 2, content: "a" },
      ],
    });
  });

  test("on an expanded block with children the new block becomes its first child", () => {
    expect(outlineAction(press("Enter"), editing(blocks, 0, 5))).toMatchObject({
      ops: [
        { op: "setContent", block: 0, content: "Alpha" },
        { op: "insert", parent: 0, index: 0, content: "" },
      ],
    });
  });

  test("on a collapsed block with children the new block is its next sibling", () => {
    const collapsed = outline("Alpha [collapsed]\n  Beta\nDelta");
    expect(outlineAction(press("Enter"), editing(collapsed, 0, 5))).toMatchObject({
      ops: [
        { op: "setContent", block: 0, content: "Alpha" },
        { op: "insert", parent: null, index: 1, content: "" },
      ],
    });
  });

  test("at the very start it opens an empty block above and keeps editing this one", () => {
    expect(outlineAction(press("Enter"), editing(blocks, 2, 0))).toEqual({
      kind: "edit",
      ops: [{ op: "insert", parent: 0, index: 1, content: "" }],
      focus: { kind: "result", offset: 1 },
      caret: { from: "start", offset: 0 },
    });
  });

  test("on the placeholder of an empty page both halves become the first blocks", () => {
    const state: EditorState = { blocks: [], block: null, text: "hello", selectionStart: 2, selectionEnd: 2 };
    expect(outlineAction(press("Enter"), state)).toMatchObject({
      ops: [
        { op: "insert", parent: null, index: 0, content: "he" },
        { op: "insert", parent: null, index: 1, content: "llo" },
      ],
    });
  });

  test("Shift+Enter is left to the textarea, which inserts a newline", () => {
    expect(outlineAction(press("Enter", { shiftKey: true }), editing(blocks, 1, 2))).toBeNull();
  });
});

describe("Tab and Shift+Tab", () => {
  const blocks = outline("A\n  B\n  C\nD");

  test("Tab indents and keeps the caret where it was", () => {
    expect(outlineAction(press("Tab"), editing(blocks, 2, 1))).toEqual({
      kind: "edit",
      ops: [{ op: "indent", block: 2 }],
      focus: { kind: "result", offset: 0 },
      caret: { from: "start", offset: 1 },
    });
  });

  test("unsaved text is written in the same request, before the indent", () => {
    expect(outlineAction(press("Tab"), editing(blocks, 2, 3, "C!!"))).toMatchObject({
      ops: [
        { op: "setContent", block: 2, content: "C!!" },
        { op: "indent", block: 2 },
      ],
    });
  });

  test("a first child cannot be indented; the key is swallowed", () => {
    expect(outlineAction(press("Tab"), editing(blocks, 1, 0))).toEqual({ kind: "none" });
  });

  test("Shift+Tab outdents", () => {
    expect(outlineAction(press("Tab", { shiftKey: true }), editing(blocks, 1, 0))).toMatchObject({
      ops: [{ op: "outdent", block: 1 }],
    });
  });

  test("Shift+Tab as WebKitGTK reports it (key Unidentified, code Tab) outdents too", () => {
    expect(
      outlineAction(press("Unidentified", { shiftKey: true, code: "Tab" }), editing(blocks, 1, 0)),
    ).toMatchObject({ ops: [{ op: "outdent", block: 1 }] });
  });

  test("a top-level block cannot be outdented", () => {
    expect(outlineAction(press("Tab", { shiftKey: true }), editing(blocks, 3, 0))).toEqual({ kind: "none" });
  });
});

describe("Alt+↑ and Alt+↓ move among siblings", () => {
  const blocks = outline("A\n  B\n  C\n  D\nE");

  test("up moves one place earlier under the same parent", () => {
    expect(outlineAction(press("ArrowUp", { altKey: true }), editing(blocks, 2, 0))).toMatchObject({
      ops: [{ op: "move", block: 2, parent: 0, index: 0 }],
      focus: { kind: "result", offset: 0 },
    });
  });

  test("down moves one place later (counted after the block left its place)", () => {
    expect(outlineAction(press("ArrowDown", { altKey: true }), editing(blocks, 2, 0))).toMatchObject({
      ops: [{ op: "move", block: 2, parent: 0, index: 2 }],
    });
  });

  test("the first sibling cannot move up, the last cannot move down", () => {
    expect(outlineAction(press("ArrowUp", { altKey: true }), editing(blocks, 1, 0))).toEqual({ kind: "none" });
    expect(outlineAction(press("ArrowDown", { altKey: true }), editing(blocks, 3, 0))).toEqual({ kind: "none" });
  });
});

describe("Backspace at the start merges into the previous visible block", () => {
  test("the previous block gets this text appended and this block is deleted", () => {
    const blocks = outline("Alpha\nBeta");
    expect(outlineAction(press("Backspace"), editing(blocks, 1, 0))).toEqual({
      kind: "edit",
      ops: [
        { op: "setContent", block: 0, content: "AlphaBeta" },
        { op: "delete", block: 1 },
      ],
      focus: { kind: "block", id: 0 },
      caret: { from: "start", offset: 5 },
    });
  });

  test("the unsaved text is what gets merged", () => {
    const blocks = outline("Alpha\nBeta");
    expect(outlineAction(press("Backspace"), editing(blocks, 1, 0, "Beta and more"))).toMatchObject({
      ops: [{ op: "setContent", block: 0, content: "AlphaBeta and more" }, { op: "delete", block: 1 }],
    });
  });

  test("the previous visible block skips the hidden children of a collapsed block", () => {
    const blocks = outline("A [collapsed]\n  hidden\nB");
    expect(outlineAction(press("Backspace"), editing(blocks, 2, 0))).toMatchObject({
      ops: [{ op: "setContent", block: 0, content: "AB" }, { op: "delete", block: 2 }],
    });
  });

  test("a first child merges into its parent", () => {
    const blocks = outline("Parent\n  child");
    expect(outlineAction(press("Backspace"), editing(blocks, 1, 0))).toMatchObject({
      ops: [{ op: "setContent", block: 0, content: "Parentchild" }, { op: "delete", block: 1 }],
    });
  });

  test("a block with children is not merged", () => {
    const blocks = outline("A\nB\n  C");
    expect(outlineAction(press("Backspace"), editing(blocks, 1, 0))).toEqual({ kind: "none" });
  });

  test("the first block has nothing to merge into", () => {
    expect(outlineAction(press("Backspace"), editing(outline("A\nB"), 0, 0))).toEqual({ kind: "none" });
  });

  test("anywhere else Backspace just deletes a character", () => {
    const blocks = outline("Alpha\nBeta");
    expect(outlineAction(press("Backspace"), editing(blocks, 1, 2))).toBeNull();
    expect(outlineAction(press("Backspace"), { ...editing(blocks, 1, 0), selectionEnd: 2 })).toBeNull();
  });
});

describe("Ctrl+Enter cycles the marker", () => {
  const blocks = outline("TODO write");

  test("sends cycleMarker and keeps the caret's distance from the end", () => {
    expect(outlineAction(press("Enter", { ctrlKey: true }), editing(blocks, 0, 7))).toEqual({
      kind: "edit",
      ops: [{ op: "cycleMarker", block: 0 }],
      focus: { kind: "result", offset: 0 },
      caret: { from: "end", offset: 3 },
    });
  });

  test("Cmd+Enter does the same on a Mac", () => {
    expect(outlineAction(press("Enter", { metaKey: true }), editing(blocks, 0, 0))).toMatchObject({
      ops: [{ op: "cycleMarker", block: 0 }],
    });
  });
});

describe("other keys", () => {
  const blocks = outline("One\nTwo\nThree\nfour");

  test("↑ on the first line edits the previous block, caret at its end", () => {
    expect(outlineAction(press("ArrowUp"), editing(blocks, 1, 2))).toEqual({
      kind: "editBlock",
      id: 0,
      caret: { from: "end", offset: 0 },
    });
  });

  test("↑ below the first line moves within the textarea", () => {
    expect(outlineAction(press("ArrowUp"), editing(blocks, 1, 6, "Two\nlines"))).toBeNull();
  });

  test("↓ on the last line edits the next block, caret at its start", () => {
    expect(outlineAction(press("ArrowDown"), editing(blocks, 1, 8, "Two\nlines"))).toEqual({
      kind: "editBlock",
      id: 2,
      caret: { from: "start", offset: 0 },
    });
    expect(outlineAction(press("ArrowDown"), editing(blocks, 1, 1, "Two\nlines"))).toBeNull();
  });

  test("Esc leaves editing", () => {
    expect(outlineAction(press("Escape"), editing(blocks, 0, 0))).toEqual({ kind: "exit" });
  });

  test("Ctrl+Z undoes, Ctrl+Shift+Z and Cmd+Shift+Z redo", () => {
    expect(outlineAction(press("z", { ctrlKey: true }), editing(blocks, 0, 0))).toEqual({ kind: "undo" });
    expect(outlineAction(press("Z", { ctrlKey: true, shiftKey: true }), editing(blocks, 0, 0))).toEqual({
      kind: "redo",
    });
    expect(outlineAction(press("z", { metaKey: true, shiftKey: true }), editing(blocks, 0, 0))).toEqual({
      kind: "redo",
    });
  });

  test("ordinary typing is left to the textarea", () => {
    expect(outlineAction(press("a"), editing(blocks, 0, 0))).toBeNull();
  });
});

test("caret positions clamp to the text", () => {
  expect(caretPosition({ from: "start", offset: 3 }, "hello")).toBe(3);
  expect(caretPosition({ from: "end", offset: 2 }, "hello")).toBe(3);
  expect(caretPosition({ from: "start", offset: 9 }, "hi")).toBe(2);
  expect(caretPosition({ from: "end", offset: 9 }, "hi")).toBe(0);
});
