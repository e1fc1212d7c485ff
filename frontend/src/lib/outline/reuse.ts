// A page comes back whole after every save or reload. Keeping the previous object for each
// block that did not change lets the outline skip re-rendering it (its rows remember the
// object they were built from): on a 2,000-block page a save then touches only the
// blocks it changed instead of every row.
import type { BlockView } from "../bindings/BlockView";

function sameProperties(a: BlockView["properties"], b: BlockView["properties"]): boolean {
  return a.length === b.length && a.every(([key, value], index) => b[index]?.[0] === key && b[index]?.[1] === value);
}

export function sameBlock(a: BlockView, b: BlockView): boolean {
  return (
    a.id === b.id &&
    a.parent === b.parent &&
    a.depth === b.depth &&
    a.raw === b.raw &&
    a.html === b.html &&
    a.marker === b.marker &&
    a.priority === b.priority &&
    a.deadline === b.deadline &&
    a.scheduled === b.scheduled &&
    a.collapsed === b.collapsed &&
    a.childCount === b.childCount &&
    sameProperties(a.properties, b.properties)
  );
}

/** `next`, with every block equal to the previous block of the same id replaced by that previous object. */
export function reuseUnchangedBlocks(previous: readonly BlockView[], next: BlockView[]): BlockView[] {
  return next.map((block) => {
    // Ids are arena indices, so the previous block with this id sits at the same index.
    const before = previous[block.id];
    return before !== undefined && sameBlock(before, block) ? before : block;
  });
}
