// Shape queries over a page's blocks, which arrive flat in document (pre-order) order
// with parent links. The Rust side owns the outline; these only answer "where is it".
import type { BlockView } from "../bindings/BlockView";

export type SiblingPosition = { parent: number | null; index: number; count: number };

export function childrenOf(blocks: readonly BlockView[], parent: number | null): BlockView[] {
  return blocks.filter((block) => block.parent === parent);
}

export function siblingPosition(blocks: readonly BlockView[], block: BlockView): SiblingPosition {
  const siblings = childrenOf(blocks, block.parent);
  return { parent: block.parent, index: siblings.findIndex((b) => b.id === block.id), count: siblings.length };
}

export function showsChildren(block: BlockView): boolean {
  return block.childCount > 0 && !block.collapsed;
}

/** Blocks a reader can see, in order: descendants of collapsed blocks are hidden. */
export function visibleBlocks(blocks: readonly BlockView[]): BlockView[] {
  const visible: BlockView[] = [];
  let hiddenDeeperThan: number | null = null;
  for (const block of blocks) {
    if (hiddenDeeperThan !== null) {
      if (block.depth > hiddenDeeperThan) continue;
      hiddenDeeperThan = null;
    }
    visible.push(block);
    if (block.collapsed && block.childCount > 0) hiddenDeeperThan = block.depth;
  }
  return visible;
}

export function previousVisible(blocks: readonly BlockView[], id: number): BlockView | null {
  const visible = visibleBlocks(blocks);
  const index = visible.findIndex((block) => block.id === id);
  return index > 0 ? (visible[index - 1] ?? null) : null;
}

export function nextVisible(blocks: readonly BlockView[], id: number): BlockView | null {
  const visible = visibleBlocks(blocks);
  const index = visible.findIndex((block) => block.id === id);
  return index >= 0 ? (visible[index + 1] ?? null) : null;
}

export function blockById(blocks: readonly BlockView[], id: number): BlockView | null {
  return blocks.find((block) => block.id === id) ?? null;
}

export type ChildrenByParent = Map<number | null, readonly BlockView[]>;

/** Children lists for every parent (null: top level), each in document order. */
export function childrenByParent(blocks: readonly BlockView[]): ChildrenByParent {
  const children = new Map<number | null, BlockView[]>();
  for (const block of blocks) {
    const list = children.get(block.parent);
    if (list === undefined) children.set(block.parent, [block]);
    else list.push(block);
  }
  return children;
}
