// At most one block editor is open in the whole window; opening another one, or
// navigating away, first closes (and saves) the current one.

export type EditorOwner = { stopEditing(): void };

let owner: EditorOwner | null = null;

export function claimEditor(next: EditorOwner): void {
  if (owner !== null && owner !== next) owner.stopEditing();
  owner = next;
}

export function releaseEditor(current: EditorOwner): void {
  if (owner === current) owner = null;
}

export function anotherEditorIsOpen(current: EditorOwner): boolean {
  return owner !== null && owner !== current;
}

export function closeActiveEditor(): void {
  owner?.stopEditing();
}
