// Whether a reload from disk collides with what the user is typing.
import type { PageView } from "../bindings/PageView";
import { blockById } from "./tree";

export type EditingSnapshot = {
  /** null while typing into the placeholder of a page that has no blocks yet */
  block: number | null;
  /** the block's raw text when editing began, or as last saved by us */
  base: string;
  /** what the editor holds now */
  text: string;
};

export function hasUnsavedText(editing: EditingSnapshot): boolean {
  return editing.text !== editing.base;
}

export function changedUnderneath(editing: EditingSnapshot, shown: PageView, fresh: PageView): boolean {
  if (!hasUnsavedText(editing) || fresh.version === shown.version) return false;
  if (editing.block === null) return fresh.blocks.length > 0;
  return blockById(fresh.blocks, editing.block)?.raw !== editing.base;
}
