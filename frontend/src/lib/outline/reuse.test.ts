import { describe, expect, test } from "vitest";
import { outline } from "../../test/fixtures";
import { reuseUnchangedBlocks } from "./reuse";

describe("reusing unchanged blocks", () => {
  test("equal blocks keep the previous objects, changed ones are the new ones", () => {
    const before = outline("A\n  B\nC");
    const next = outline("A\n  B!\nC");
    const reused = reuseUnchangedBlocks(before, next);
    expect(reused[0]).toBe(before[0]);
    expect(reused[1]).toBe(next[1]);
    expect(reused[2]).toBe(before[2]);
  });

  test("a block that changed only in shape, properties or rendering is new", () => {
    const before = outline("A\nB");
    const moved = { ...before[1]!, parent: 0, depth: 1 };
    const withProperty = { ...before[1]!, properties: [["owner", "Priya"]] as Array<[string, string]> };
    const rerendered = { ...before[1]!, html: "<p>B</p>!" };
    for (const changed of [moved, withProperty, rerendered]) {
      expect(reuseUnchangedBlocks(before, [before[0]!, changed])[1]).toBe(changed);
    }
  });

  test("blocks beyond the previous page are new", () => {
    const before = outline("A");
    const next = outline("A\nB");
    expect(reuseUnchangedBlocks(before, next)[1]).toBe(next[1]);
  });
});
