// Blocks selected as things (Esc while editing selects the block; Shift+↑/↓ extend): which
// blocks a selection holds, and the edits that act on them. Pure: ids are the page's, which
// are places in document order, and every edit here keeps that order (indenting and
// outdenting reindent in place; deletions go last to first), so one call carries them all.
import type { BlockView } from "../bindings/BlockView";
import type { EditOp } from "../bindings/EditOp";
import { siblingPosition, visibleBlocks } from "./tree";

/** From the block the selection started at to the one it reaches now. */
export type Selection = { anchor: number; head: number };

/** The visible blocks from the anchor to the head, in document order. */
export function selectedIds(blocks: readonly BlockView[], selection: Selection): number[] {
  const visible = visibleBlocks(blocks);
  const from = visible.findIndex((b) => b.id === selection.anchor);
  const to = visible.findIndex((b) => b.id === selection.head);
  if (from < 0 || to < 0) return [];
  return visible.slice(Math.min(from, to), Math.max(from, to) + 1).map((b) => b.id);
}

/** The selection with its head moved `delta` visible blocks (extending), or the single
 * block there (moving). Unchanged at either end of the page. */
export function movedSelection(
  blocks: readonly BlockView[],
  selection: Selection,
  delta: -1 | 1,
  extend: boolean,
): Selection {
  const visible = visibleBlocks(blocks);
  const at = visible.findIndex((b) => b.id === selection.head);
  const next = visible[at + delta];
  if (at < 0 || next === undefined) return selection;
  return extend ? { anchor: selection.anchor, head: next.id } : { anchor: next.id, head: next.id };
}

/** The selected blocks no other selected block is above: acting on them acts on the rest. */
export function selectedRoots(blocks: readonly BlockView[], ids: readonly number[]): BlockView[] {
  const chosen = new Set(ids);
  const byId = new Map(blocks.map((b) => [b.id, b]));
  return ids
    .map((id) => byId.get(id))
    .filter((block): block is BlockView => {
      if (block === undefined) return false;
      for (let up = block.parent; up !== null; up = byId.get(up)?.parent ?? null) {
        if (chosen.has(up)) return false;
      }
      return true;
    });
}

export type SelectionEdit =
  | "delete"
  | "indent"
  | "outdent"
  | "cycleMarker"
  | "priorityA"
  | "priorityB"
  | "priorityC"
  | "noPriority";

/** The edit that acts on the selected blocks (each with its children). */
export function selectionOps(blocks: readonly BlockView[], ids: readonly number[], edit: SelectionEdit): EditOp[] {
  const roots = selectedRoots(blocks, ids);
  switch (edit) {
    case "delete":
      return [...roots].reverse().map((b) => ({ op: "delete", block: b.id }));
    case "indent":
      return roots.map((b) => ({ op: "indent", block: b.id }));
    case "outdent":
      return roots.every((b) => b.parent !== null) ? roots.map((b) => ({ op: "outdent", block: b.id })) : [];
    case "cycleMarker":
      return roots.map((b) => ({ op: "cycleMarker", block: b.id }));
    case "priorityA":
    case "priorityB":
    case "priorityC":
    case "noPriority": {
      const priority = edit === "noPriority" ? null : edit.slice(-1);
      return roots.map((b) => ({ op: "changeTask", block: b.id, change: { change: "setPriority", priority } }));
    }
  }
}

/** The selected blocks and their children as a Markdown outline, as Logseq copies them. */
export function selectionMarkdown(blocks: readonly BlockView[], ids: readonly number[]): string {
  const lines: string[] = [];
  const byParent = new Map<number | null, BlockView[]>();
  for (const block of blocks) byParent.set(block.parent, [...(byParent.get(block.parent) ?? []), block]);
  const write = (block: BlockView, depth: number): void => {
    const indent = "\t".repeat(depth);
    const [first = "", ...rest] = block.raw.split("\n");
    lines.push(`${indent}- ${first}`);
    for (const line of rest) lines.push(`${indent}  ${line}`);
    for (const child of byParent.get(block.id) ?? []) write(child, depth + 1);
  };
  for (const root of selectedRoots(blocks, ids)) write(root, 0);
  return lines.join("\n") + "\n";
}

/** How many blocks sit under `block`, in document order. */
function descendants(blocks: readonly BlockView[], block: BlockView): number {
  const at = blocks.findIndex((b) => b.id === block.id);
  let count = 0;
  while ((blocks[at + 1 + count]?.depth ?? -1) > block.depth) count += 1;
  return count;
}

/** Moves the selected blocks, siblings side by side, one place up (`-1`) or down among their
 * siblings: the sibling before them goes after them, or the one after them before them, in
 * one move. Returns the edit and how far the selected blocks' ids move with them; null when
 * the selection is not one run of siblings or is at its end already. */
export function selectionMove(
  blocks: readonly BlockView[],
  ids: readonly number[],
  delta: -1 | 1,
): { ops: EditOp[]; shift: number } | null {
  const roots = selectedRoots(blocks, ids);
  const first = roots[0];
  const last = roots[roots.length - 1];
  if (first === undefined || last === undefined) return null;
  const siblings = blocks.filter((b) => b.parent === first.parent);
  const from = siblings.findIndex((b) => b.id === first.id);
  const to = siblings.findIndex((b) => b.id === last.id);
  const oneRun = to - from + 1 === roots.length && roots.every((b, i) => siblings[from + i]?.id === b.id);
  const other = siblings[delta < 0 ? from - 1 : to + 1];
  if (!oneRun || other === undefined) return null;
  const size = 1 + descendants(blocks, other);
  const { parent } = siblingPosition(blocks, first);
  return delta < 0
    ? { ops: [{ op: "move", block: other.id, parent, index: to }], shift: -size }
    : { ops: [{ op: "move", block: other.id, parent, index: from }], shift: size };
}
