import { expect, test } from "vitest";
import type { BlockView } from "../bindings/BlockView";
import { block as fixtureBlock } from "../../test/fixtures";
import { anchorOf, findAnchored } from "./entries";

const block = (id: number, raw: string, parent: number | null = null): BlockView =>
  fixtureBlock({ id, raw, parent, depth: parent === null ? 0 : 1, html: "" });

test("an entry is found again after blocks above it come and go", () => {
  const before = [block(0, "Marcus"), block(1, "[[2026-11-10 Tuesday]]", 0), block(2, "Lena"), block(3, "[[2026-11-10 Tuesday]]\ncollapsed:: true", 2)];
  const anchor = anchorOf(before, 3)!;
  expect(anchor).toEqual({ line: "[[2026-11-10 Tuesday]]", occurrence: 1 });
  const after = [block(0, "Marcus"), block(1, "[[2026-11-10 Tuesday]]", 0), block(2, "a new note", 1), block(3, "Lena"), block(4, "[[2026-11-10 Tuesday]]", 3)];
  expect(findAnchored(after, anchor)).toBe(4);
  expect(findAnchored(after.slice(0, 3), anchor)).toBeNull();
  expect(anchorOf(before, 9)).toBeNull();
});
