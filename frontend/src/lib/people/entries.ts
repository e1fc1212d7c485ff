// A 1-on-1 entry is a block of a page that other edits may move: a block above it added
// or removed changes its index. An anchor names the entry by its first line and which
// occurrence of that line it is, so the entry is found again in each new version of its
// page without asking the backend.
import type { BlockView } from "../bindings/BlockView";

export type EntryAnchor = { line: string; occurrence: number };

const firstLine = (block: BlockView): string => block.raw.split("\n", 1)[0]!.trim();

/** The anchor of block `id` in `blocks`, or null when there is no such block. */
export function anchorOf(blocks: readonly BlockView[], id: number): EntryAnchor | null {
  const block = blocks[id];
  if (block === undefined) return null;
  const line = firstLine(block);
  let occurrence = 0;
  for (let i = 0; i < id; i++) if (firstLine(blocks[i]!) === line) occurrence++;
  return { line, occurrence };
}

/** The id of the anchored block in `blocks`, or null when it is gone. */
export function findAnchored(blocks: readonly BlockView[], anchor: EntryAnchor): number | null {
  let seen = 0;
  for (const block of blocks) {
    if (firstLine(block) !== anchor.line) continue;
    if (seen === anchor.occurrence) return block.id;
    seen++;
  }
  return null;
}
