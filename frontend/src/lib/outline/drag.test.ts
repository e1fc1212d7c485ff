import { describe, expect, test } from "vitest";
import { outline } from "../../test/fixtures";
import { dropMove, dropPlace } from "./drag";

// 0 Alpha (child 1 Beta), 2 Gamma, 3 Delta
const blocks = outline("Alpha\n  Beta\nGamma\nDelta");

describe("dropping a dragged block", () => {
  test("the upper half of a row is above it, the lower half below it or, further right, inside it", () => {
    expect(dropPlace(3, 24, 10)).toBe("before");
    expect(dropPlace(20, 24, 10)).toBe("after");
    expect(dropPlace(20, 24, 200)).toBe("inside");
  });

  test("moves it among the target's siblings, counting them once it has left its place", () => {
    expect(dropMove(blocks, 3, 0, "before")).toEqual({ op: "move", block: 3, parent: null, index: 0 });
    expect(dropMove(blocks, 0, 3, "after")).toEqual({ op: "move", block: 0, parent: null, index: 2 });
    expect(dropMove(blocks, 0, 2, "before")).toBeNull();
    expect(dropMove(blocks, 2, 1, "after")).toEqual({ op: "move", block: 2, parent: 0, index: 1 });
    expect(dropMove(blocks, 3, 2, "inside")).toEqual({ op: "move", block: 3, parent: 2, index: 0 });
  });

  test("never onto itself or into its own children", () => {
    expect(dropMove(blocks, 0, 0, "after")).toBeNull();
    expect(dropMove(blocks, 0, 1, "inside")).toBeNull();
  });
});
