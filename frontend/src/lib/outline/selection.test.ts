import { describe, expect, test } from "vitest";
import { outline } from "../../test/fixtures";
import { movedSelection, selectedIds, selectionMarkdown, selectionMove, selectionOps } from "./selection";

// 0 Alpha, 1 Beta (Alpha's child), 2 Gamma (Beta's child), 3 Delta, 4 Epsilon, 5 Zeta (collapsed, child 6 Eta)
const blocks = outline("Alpha\n  Beta\n    Gamma\nDelta\nEpsilon\nZeta [collapsed]\n  Eta");

describe("a selection of blocks", () => {
  test("runs from the anchor to the head over the visible blocks, either way", () => {
    expect(selectedIds(blocks, { anchor: 1, head: 3 })).toEqual([1, 2, 3]);
    expect(selectedIds(blocks, { anchor: 4, head: 2 })).toEqual([2, 3, 4]);
    expect(selectedIds(blocks, { anchor: 4, head: 5 })).toEqual([4, 5]);
  });

  test("Shift+↑/↓ extend it; ↑/↓ move a single block's; it stops at the page's ends", () => {
    expect(movedSelection(blocks, { anchor: 3, head: 3 }, 1, true)).toEqual({ anchor: 3, head: 4 });
    expect(movedSelection(blocks, { anchor: 3, head: 4 }, -1, false)).toEqual({ anchor: 3, head: 3 });
    expect(movedSelection(blocks, { anchor: 5, head: 5 }, 1, true)).toEqual({ anchor: 5, head: 5 });
    expect(movedSelection(blocks, { anchor: 0, head: 0 }, -1, true)).toEqual({ anchor: 0, head: 0 });
  });
});

describe("acting on the selection", () => {
  test("deletes each selected block with its children, last first", () => {
    expect(selectionOps(blocks, [1, 2, 3], "delete")).toEqual([
      { op: "delete", block: 3 },
      { op: "delete", block: 1 },
    ]);
  });

  test("indents and outdents the selected blocks in order; outdent needs every block to have a parent", () => {
    expect(selectionOps(blocks, [3, 4, 5], "indent")).toEqual([
      { op: "indent", block: 3 },
      { op: "indent", block: 4 },
      { op: "indent", block: 5 },
    ]);
    expect(selectionOps(blocks, [1, 2], "outdent")).toEqual([{ op: "outdent", block: 1 }]);
    expect(selectionOps(blocks, [2, 3], "outdent")).toEqual([]);
  });

  test("sets or takes out the priority of each selected block, as the library's task change", () => {
    expect(selectionOps(blocks, [3, 4], "priorityA")).toEqual([
      { op: "changeTask", block: 3, change: { change: "setPriority", priority: "A" } },
      { op: "changeTask", block: 4, change: { change: "setPriority", priority: "A" } },
    ]);
    expect(selectionOps(blocks, [1, 2], "noPriority")).toEqual([
      { op: "changeTask", block: 1, change: { change: "setPriority", priority: null } },
    ]);
  });

  test("copies as a Markdown outline with the children, hidden ones too", () => {
    expect(selectionMarkdown(blocks, [4, 5])).toBe("- Epsilon\n- Zeta\n\t- Eta\n");
    expect(selectionMarkdown(blocks, [1])).toBe("- Beta\n\t- Gamma\n");
  });
});

describe("moving the selection among its siblings", () => {
  test("up: the sibling before goes after them; the selected ids move up by its size", () => {
    // Alpha (with Beta, Gamma) before Delta and Epsilon: Alpha goes after them.
    expect(selectionMove(blocks, [3, 4], -1)).toEqual({
      ops: [{ op: "move", block: 0, parent: null, index: 2 }],
      shift: -3,
    });
  });

  test("down: the sibling after goes before them; the selected ids move down by its size", () => {
    // Zeta (with its hidden Eta) after Delta and Epsilon: Zeta goes before them.
    expect(selectionMove(blocks, [3, 4], 1)).toEqual({
      ops: [{ op: "move", block: 5, parent: null, index: 1 }],
      shift: 2,
    });
  });

  test("not past the ends, and only a run of siblings", () => {
    expect(selectionMove(blocks, [0, 1, 2], -1)).toBeNull();
    expect(selectionMove(blocks, [5], 1)).toBeNull();
    expect(selectionMove(blocks, [2, 3], 1)).toBeNull();
  });
});
