import { describe, expect, test } from "vitest";
import { outline } from "../../test/fixtures";
import { childrenByParent, nextVisible, previousVisible, siblingPosition, visibleBlocks } from "./tree";

const raws = (blocks: readonly { raw: string }[]) => blocks.map((b) => b.raw);

describe("visible blocks", () => {
  test("every block is visible when nothing is collapsed", () => {
    expect(raws(visibleBlocks(outline("A\n  B\n    C\nD")))).toEqual(["A", "B", "C", "D"]);
  });

  test("a collapsed block hides all its descendants but not its later siblings", () => {
    const blocks = outline("A [collapsed]\n  B\n    C\nD\n  E");
    expect(raws(visibleBlocks(blocks))).toEqual(["A", "D", "E"]);
  });

  test("a collapsed block deep in the tree hides only its own subtree", () => {
    const blocks = outline("A\n  B [collapsed]\n    C\n  D\nE");
    expect(raws(visibleBlocks(blocks))).toEqual(["A", "B", "D", "E"]);
  });

  test("collapsed without children hides nothing", () => {
    expect(raws(visibleBlocks(outline("A [collapsed]\nB")))).toEqual(["A", "B"]);
  });

  test("previous and next skip what is hidden", () => {
    const blocks = outline("A [collapsed]\n  B\nC");
    expect(previousVisible(blocks, 2)?.raw).toBe("A");
    expect(nextVisible(blocks, 0)?.raw).toBe("C");
    expect(previousVisible(blocks, 0)).toBeNull();
    expect(nextVisible(blocks, 2)).toBeNull();
  });
});

describe("sibling position", () => {
  test("counts among the children of the same parent", () => {
    const blocks = outline("A\n  B\n  C\n  D\nE");
    expect(siblingPosition(blocks, blocks[2]!)).toEqual({ parent: 0, index: 1, count: 3 });
    expect(siblingPosition(blocks, blocks[4]!)).toEqual({ parent: null, index: 1, count: 2 });
  });

  test("children are grouped by parent in document order", () => {
    const children = childrenByParent(outline("A\n  B\n  C\nD"));
    expect(raws(children.get(null)!)).toEqual(["A", "D"]);
    expect(raws(children.get(0)!)).toEqual(["B", "C"]);
  });
});
