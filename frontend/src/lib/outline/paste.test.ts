import { describe, expect, test } from "vitest";
import { outline } from "../../test/fixtures";
import type { EditorState } from "./keys";
import { pasteAction, pastedBlocks } from "./paste";

describe("pasted lines become blocks", () => {
  test("a list keeps its nesting, with continuation lines in their item", () => {
    expect(pastedBlocks("- Plan\n  - Measure\n    - p99\n  - Ship\n- Review\n  notes:: yes")).toEqual([
      { depth: 0, content: "Plan" },
      { depth: 1, content: "Measure" },
      { depth: 2, content: "p99" },
      { depth: 1, content: "Ship" },
      { depth: 0, content: "Review\nnotes:: yes" },
    ]);
    expect(pastedBlocks("- a\n\t- b\n\t\t- c\n1. d")?.map((b) => b.depth)).toEqual([0, 1, 2, 0]);
  });

  test("text before a list continues the block; a list after it keeps its items", () => {
    expect(pastedBlocks(" and more\n- two\n  - three")).toEqual([
      { depth: 0, content: " and more" },
      { depth: 0, content: "two" },
      { depth: 1, content: "three" },
    ]);
  });

  test("other text makes a block a line; one line or code is an ordinary paste", () => {
    expect(pastedBlocks("First thought\n\nSecond thought\n")).toEqual([
      { depth: 0, content: "First thought" },
      { depth: 0, content: "Second thought" },
    ]);
    expect(pastedBlocks("just one line\n")).toBeNull();
    expect(pastedBlocks("```\nls -la\ncd /tmp\n```")).toBeNull();
  });
});

describe("pasting into a block", () => {
  // 0 Alpha, 1 Beta (child of Alpha), 2 Gamma
  const blocks = outline("Alpha\n  Beta\nGamma");
  const at = (id: number, caret: number): EditorState => {
    const block = blocks[id]!;
    return { blocks, block, text: block.raw, selectionStart: caret, selectionEnd: caret };
  };

  test("joins the first line at the caret and puts the rest after the block and its children, nested", () => {
    expect(pasteAction(at(0, 2), "- one\n- two\n  - three")).toEqual({
      kind: "edit",
      ops: [
        { op: "setContent", block: 0, content: "Alone" },
        { op: "insert", parent: null, index: 1, content: "two" },
        { op: "insert", parent: null, index: 2, content: "threepha" },
        { op: "indent", block: 3 },
      ],
      focus: { kind: "block", id: 3 },
      caret: { from: "start", offset: 5 },
    });
  });

  test("a child line pasted under the first becomes the block's last child", () => {
    const action = pasteAction(at(2, 5), "- x\n  - y");
    expect(action).toMatchObject({
      ops: [
        { op: "setContent", block: 2, content: "Gammax" },
        { op: "insert", parent: null, index: 2, content: "y" },
        { op: "indent", block: 3 },
      ],
      focus: { kind: "block", id: 3 },
    });
  });

  test("a single line is left to the textarea", () => {
    expect(pasteAction(at(0, 0), "hello")).toBeNull();
  });
});
