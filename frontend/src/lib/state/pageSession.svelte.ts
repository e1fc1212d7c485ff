// One page on screen: its blocks, the block being edited, and every write to it.
// Writes go out one at a time in the order they were made, so each carries the version
// returned by the one before and block ids are never read from a stale page.
import type { BlockView } from "../bindings/BlockView";
import type { EditOp } from "../bindings/EditOp";
import type { EditResult } from "../bindings/EditResult";
import type { PageView } from "../bindings/PageView";
import * as ipc from "../ipc";
import { changedUnderneath } from "../outline/conflict";
import { caretPosition, type Caret, type FocusTarget, type OutlineAction } from "../outline/keys";
import { rawWithToggledMarker } from "../outline/markers";
import { blockById, childrenOf, visibleBlocks } from "../outline/tree";
import { anotherEditorIsOpen, claimEditor, releaseEditor, type EditorOwner } from "./activeEditor";
import { showError, toasts } from "./toasts.svelte";

export const SAVE_DELAY_MS = 400;

export type Editing = {
  /** One editing stint: survives structural edits of its block, changes when the user picks another block. */
  key: number;
  /** null: the placeholder of a page without blocks */
  id: number | null;
  text: string;
  /** the block's raw text when editing began, or as last written by us */
  base: string;
  caret: number;
  /** bumped to ask the editor to move its caret to `caret` */
  caretRequest: number;
};

export class PageSession implements EditorOwner {
  page: PageView;
  editing: Editing | null = $state(null);
  /** Set when the edited block changed on disk under unsaved text; saving waits for the user. */
  conflict: { mine: string } | null = $state(null);

  private queue: Promise<void> = Promise.resolve();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private structuralEditInFlight = false;
  private nextKey = 1;

  constructor(initial: PageView) {
    // Replaced wholesale by every result, so no deep proxy is needed.
    this.page = $state.raw(initial);
  }

  get showsPlaceholder(): boolean {
    return this.page.editable && this.page.blocks.length === 0;
  }

  isEditing(id: number | null): boolean {
    return this.editing !== null && this.editing.id === id;
  }

  edit(id: number | null, caret: Caret): void {
    if (!this.page.editable || this.conflict !== null) return;
    if (this.editing !== null && this.editing.id === id) {
      this.placeCaret(this.editing, caretPosition(caret, this.editing.text));
      return;
    }
    const raw = id === null ? "" : blockById(this.page.blocks, id)?.raw;
    if (raw === undefined) return;
    claimEditor(this);
    void this.saveNow();
    this.editing = { key: this.nextKey++, id, text: raw, base: raw, caret: caretPosition(caret, raw), caretRequest: 1 };
  }

  input(text: string): void {
    if (this.editing === null) return;
    this.editing.text = text;
    this.clearSaveTimer();
    if (this.conflict === null) this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Moves the open editor's caret, e.g. after a `[[` completion rewrote the text. */
  moveCaret(position: number): void {
    if (this.editing !== null) this.placeCaret(this.editing, position);
  }

  stopEditing(): void {
    // Under a conflict the text stays on screen until the user picks a side.
    if (this.editing === null || this.conflict !== null) return;
    void this.saveNow();
    this.editing = null;
    releaseEditor(this);
  }

  /** Writes the editor's unsaved text, if any. */
  saveNow(): Promise<void> {
    this.clearSaveTimer();
    const editing = this.editing;
    if (editing === null || this.conflict !== null || editing.text === editing.base) return this.queue;
    const snapshot = { key: editing.key, id: editing.id, text: editing.text, base: editing.base };
    return this.enqueue(async () => {
      const current = this.editing?.key === snapshot.key ? this.editing : null;
      const id = current !== null ? current.id : snapshot.id;
      const ops: EditOp[] =
        id === null
          ? [{ op: "insert", parent: null, index: 0, content: snapshot.text }]
          : [{ op: "setContent", block: id, content: snapshot.text }];
      const result = await this.send(ops, () => this.keepUnsavedText(snapshot));
      if (result === null) return;
      this.page = result.page;
      if (current !== null && this.editing === current) {
        current.base = snapshot.text;
        if (current.id === null) current.id = result.focus;
      }
    });
  }

  perform(action: OutlineAction): void {
    switch (action.kind) {
      case "none":
        return;
      case "exit":
        this.stopEditing();
        return;
      case "undo":
      case "redo":
        void this.history(action.kind);
        return;
      case "editBlock":
        this.edit(action.id, action.caret);
        return;
      case "edit":
        void this.structuralEdit(action.ops, action.focus, action.caret);
        return;
    }
  }

  toggleCollapsed(block: BlockView): void {
    void this.saveNow();
    void this.enqueue(async () => {
      const result = await this.send([{ op: "setCollapsed", block: block.id, collapsed: !block.collapsed }]);
      if (result === null) return;
      this.page = result.page;
      const editing = this.editing;
      if (editing !== null && editing.id !== null && !visibleBlocks(this.page.blocks).some((b) => b.id === editing.id)) {
        this.stopEditing();
      }
    });
  }

  toggleMarker(block: BlockView): void {
    const marker = block.marker;
    if (marker === null) return;
    void this.saveNow();
    void this.enqueue(async () => {
      const content = rawWithToggledMarker(block.raw, marker);
      const result = await this.send([{ op: "setContent", block: block.id, content }]);
      if (result !== null) this.page = result.page;
    });
  }

  /** Re-reads the page after its file changed on disk. */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      const fresh = await this.fetchPage();
      if (fresh === null || (fresh.version === this.page.version && fresh.path === this.page.path)) return;
      const editing = this.editing;
      if (editing === null) {
        this.page = fresh;
        return;
      }
      if (this.conflict !== null) return;
      if (changedUnderneath({ block: editing.id, base: editing.base, text: editing.text }, this.page, fresh)) {
        this.raiseConflict(editing);
        return;
      }
      this.page = fresh;
      if (editing.text === editing.base) this.followFile(editing);
    });
  }

  /** Conflict resolution: write my text over the version now on disk. */
  keepMine(): void {
    const editing = this.editing;
    if (this.conflict === null || editing === null) return;
    void this.enqueue(async () => {
      const fresh = await this.fetchPage();
      if (fresh === null) return;
      this.page = fresh;
      this.conflict = null;
      const mine = editing.text;
      const target = editing.id === null ? null : blockById(fresh.blocks, editing.id);
      const ops: EditOp[] =
        target === null
          ? [{ op: "insert", parent: null, index: childrenOf(fresh.blocks, null).length, content: mine }]
          : [{ op: "setContent", block: target.id, content: mine }];
      const result = await this.send(ops);
      if (result === null) return;
      this.page = result.page;
      editing.id = result.focus ?? editing.id;
      editing.base = mine;
    });
  }

  /** Conflict resolution: drop my text and show the file as it is now. */
  takeTheirs(): void {
    if (this.conflict === null) return;
    void this.enqueue(async () => {
      const fresh = await this.fetchPage();
      if (fresh === null) return;
      this.page = fresh;
      this.conflict = null;
      this.editing = null;
      releaseEditor(this);
    });
  }

  dispose(): void {
    this.stopEditing();
  }

  private async structuralEdit(ops: EditOp[], focus: FocusTarget, caret: Caret): Promise<void> {
    // A second Enter or Tab before the first one's result would address stale block ids.
    if (this.structuralEditInFlight || this.conflict !== null) return;
    this.clearSaveTimer();
    this.structuralEditInFlight = true;
    const key = this.editing?.key;
    await this.enqueue(async () => {
      const result = await this.send(ops);
      if (result === null) return;
      this.page = result.page;
      const id = focus.kind === "block" ? focus.id : result.focus === null ? null : result.focus + focus.offset;
      this.moveEditor(key, id, caret);
    });
    this.structuralEditInFlight = false;
  }

  private async history(direction: "undo" | "redo"): Promise<void> {
    void this.saveNow();
    const key = this.editing?.key;
    await this.enqueue(async () => {
      let result: EditResult | null;
      try {
        result = await (direction === "undo" ? ipc.undo(this.page.name) : ipc.redo(this.page.name));
      } catch (error) {
        showError(error);
        return;
      }
      if (result === null) return;
      this.page = result.page;
      const id = result.focus ?? this.editing?.id ?? null;
      this.moveEditor(key, id, { from: "end", offset: 0 });
    });
  }

  /** Points the open editor at block `id` of the new page, unless the user already moved on. */
  private moveEditor(key: number | undefined, id: number | null, caret: Caret): void {
    const editing = this.editing;
    if (editing === null || editing.key !== key) return;
    const block = id === null ? null : blockById(this.page.blocks, id);
    if (block === null) {
      this.editing = null;
      releaseEditor(this);
      return;
    }
    editing.id = block.id;
    editing.text = block.raw;
    editing.base = block.raw;
    this.placeCaret(editing, caretPosition(caret, block.raw));
  }

  /** Nothing unsaved: the editor shows whatever the file now says. */
  private followFile(editing: Editing): void {
    const block = editing.id === null ? null : blockById(this.page.blocks, editing.id);
    if (block === null) {
      if (editing.id !== null || !this.showsPlaceholder) {
        this.editing = null;
        releaseEditor(this);
      }
      return;
    }
    if (block.raw === editing.text) return;
    editing.text = block.raw;
    editing.base = block.raw;
    this.placeCaret(editing, block.raw.length);
  }

  private placeCaret(editing: Editing, position: number): void {
    editing.caret = position;
    editing.caretRequest++;
  }

  /**
   * A failed save must not lose what was typed: reopen the editor with it if it was closed,
   * or, when the user is already typing elsewhere, put the text in front of them to copy.
   */
  private keepUnsavedText(snapshot: { id: number | null; text: string; base: string }): void {
    if (this.editing !== null) return;
    if (anotherEditorIsOpen(this)) {
      toasts.show(`Not saved: “${snapshot.text}”`);
      return;
    }
    this.editing = { key: this.nextKey++, ...snapshot, caret: snapshot.text.length, caretRequest: 1 };
    claimEditor(this);
  }

  /** Applies ops; on failure runs `beforeReport` (to put unsaved text back on screen), then reports it. */
  private async send(ops: EditOp[], beforeReport?: () => void): Promise<EditResult | null> {
    try {
      return await ipc.applyEdits(this.page.name, this.page.version, ops);
    } catch (error) {
      beforeReport?.();
      const failure = ipc.toIpcError(error);
      if (failure.code !== "conflict") showError(failure);
      else if (this.editing !== null) this.raiseConflict(this.editing);
      else {
        toasts.show("The page changed on disk; showing the new version.");
        void this.reload();
      }
      return null;
    }
  }

  private raiseConflict(editing: Editing): void {
    this.clearSaveTimer();
    this.conflict = { mine: editing.text };
  }

  private async fetchPage(): Promise<PageView | null> {
    try {
      return await ipc.page(this.page.name);
    } catch (error) {
      showError(error);
      return null;
    }
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job).catch(showError);
    this.queue = run;
    return run;
  }

  private clearSaveTimer(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }
}
