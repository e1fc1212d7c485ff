// Dragging a block by its bullet: where a drop puts it. Pure: ids are the page's.
import type { BlockView } from "../bindings/BlockView";
import type { EditOp } from "../bindings/EditOp";
import { siblingPosition } from "./tree";

/** Where on the row under the pointer a dragged block goes: above it, below it, or as its first child. */
export type DropPlace = "before" | "after" | "inside";

/** How far into a row, from its left edge, a pointer in its lower half nests the block. */
const NESTING_X = 120;

/** The place on a row `height` tall that a pointer `y` down and `x` right into it means. */
export function dropPlace(y: number, height: number, x: number): DropPlace {
  if (y < height / 2) return "before";
  return x > NESTING_X ? "inside" : "after";
}

/** True when `id` is `ancestor` or sits under it. */
function isWithin(blocks: readonly BlockView[], id: number, ancestor: number): boolean {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  for (let at: number | null = id; at !== null; at = byId.get(at)?.parent ?? null) {
    if (at === ancestor) return true;
  }
  return false;
}

/** The move that drops block `dragged` at `place` of block `target`, or null for a drop on
 * itself or inside its own children. */
export function dropMove(blocks: readonly BlockView[], dragged: number, target: number, place: DropPlace): EditOp | null {
  const source = blocks.find((b) => b.id === dragged);
  const onto = blocks.find((b) => b.id === target);
  if (source === undefined || onto === undefined || isWithin(blocks, target, dragged)) return null;
  if (place === "inside") return { op: "move", block: dragged, parent: onto.id, index: 0 };
  const from = siblingPosition(blocks, source);
  const at = siblingPosition(blocks, onto);
  // The index is among the siblings once the dragged block has left its place.
  const leaves = from.parent === at.parent && from.index < at.index ? 1 : 0;
  const index = at.index - leaves + (place === "after" ? 1 : 0);
  if (from.parent === at.parent && index === from.index) return null;
  return { op: "move", block: dragged, parent: at.parent, index };
}
