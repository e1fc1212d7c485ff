// One page on screen: its blocks, the block being edited, and every write to it.
// Writes go out one at a time in the order they were made, so each carries the version
// returned by the one before and block ids are never read from a stale page.
import { tick } from "svelte";
import type { BlockView } from "../bindings/BlockView";
import type { EditOp } from "../bindings/EditOp";
import type { EditResult } from "../bindings/EditResult";
import type { PageView } from "../bindings/PageView";
import type { TaskChange } from "../bindings/TaskChange";
import * as ipc from "../ipc";
import { planningChange } from "../agenda/repeaters";
import { changedUnderneath } from "../outline/conflict";
import { caretPosition, type Caret, type FocusTarget, type KeyPress, type OutlineAction } from "../outline/keys";
import { dropMove, type DropPlace } from "../outline/drag";
import { reuseUnchangedBlocks } from "../outline/reuse";
import {
  movedSelection,
  selectedIds,
  selectionMove,
  selectionOps,
  type Selection,
  type SelectionEdit,
} from "../outline/selection";
import type { SelectionAction } from "../keymap";
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

/** The priority after `priority` when a chip is clicked: A → B → C → none → A. */
export function nextPriority(priority: string | null): string | null {
  const order = ["A", "B", "C"];
  const at = priority === null ? -1 : order.indexOf(priority.toUpperCase());
  return at === order.length - 1 ? null : (order[at + 1] ?? "A");
}

/** The one page session whose blocks are selected, if any: keys act on its selection. */
let selecting: PageSession | null = null;

/** The session whose blocks are selected, for the window's keys. */
export function selectingSession(): PageSession | null {
  return selecting?.selection ? selecting : null;
}

export class PageSession implements EditorOwner {
  editing: Editing | null = $state(null);
  /** Blocks selected as things, when any: Esc while editing selects the block. */
  selection: Selection | null = $state(null);
  /** Set when the edited block changed on disk under unsaved text; saving waits for the user. */
  conflict: { mine: string } | null = $state(null);

  private queue: Promise<void> = Promise.resolve();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private structuralEditInFlight = false;
  private heldKeys: KeyPress[] = [];
  private keyReplayer: ((press: KeyPress) => void) | null = null;
  private nextKey = 1;
  /** A reload waiting in the queue: a burst of change events needs only one fresh read. */
  private pendingReload: Promise<void> | null = null;
  private shown: PageView;
  /** The page as the library last gave it, before blocks were revealed. */
  private given: PageView;
  /** Collapsed blocks expanded on screen only, to show a block inside them (a search hit). */
  private readonly revealed = new Set<number>();

  constructor(initial: PageView) {
    // Replaced wholesale by every result, so no deep proxy is needed.
    this.shown = $state.raw(initial);
    this.given = initial;
  }

  get page(): PageView {
    return this.shown;
  }

  /**
   * Blocks that did not change keep their objects, so only changed rows re-render. Blocks
   * revealed on screen stay expanded in each new version of the page.
   */
  set page(next: PageView) {
    this.given = next;
    const blocks = this.revealed.size === 0 ? next.blocks : next.blocks.map((block) => (this.revealed.has(block.id) && block.collapsed ? { ...block, collapsed: false } : block));
    this.shown = { ...next, blocks: reuseUnchangedBlocks(this.shown.blocks, blocks) };
  }

  get showsPlaceholder(): boolean {
    return this.page.editable && this.page.blocks.length === 0;
  }

  isEditing(id: number | null): boolean {
    return this.editing !== null && this.editing.id === id;
  }

  edit(id: number | null, caret: Caret): void {
    if (!this.page.editable || this.conflict !== null) return;
    this.selection = null;
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

  /** True while an Enter, Tab, move… is being written: keys pressed now must wait for its result. */
  get holdsKeys(): boolean {
    return this.structuralEditInFlight;
  }

  holdKey(press: KeyPress): void {
    this.heldKeys.push({
      key: press.key,
      shiftKey: press.shiftKey,
      altKey: press.altKey,
      ctrlKey: press.ctrlKey,
      metaKey: press.metaKey,
    });
  }

  /** The open editor registers how to replay held keys; returns the unregistration. */
  acceptHeldKeys(replay: (press: KeyPress) => void): () => void {
    this.keyReplayer = replay;
    return () => {
      if (this.keyReplayer === replay) this.keyReplayer = null;
    };
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
    // The job reads the record when it runs, not now: a write queued before it may have
    // created the block (placeholder), moved it, or already carried its text. The record
    // is updated in place even after the editor closed, so later jobs see that too.
    return this.enqueue(async () => {
      const text = editing.text;
      if (text === editing.base || this.conflict !== null) return;
      const ops: EditOp[] =
        editing.id === null
          ? [{ op: "insert", parent: null, index: 0, content: text }]
          : [{ op: "setContent", block: editing.id, content: text }];
      const result = await this.send(ops, () => this.keepUnsavedText(editing));
      if (result === null) return;
      this.page = result.page;
      editing.base = text;
      if (editing.id === null) editing.id = result.focus;
    });
  }

  perform(action: OutlineAction): void {
    switch (action.kind) {
      case "none":
        return;
      case "exit": {
        const id = this.editing?.id ?? null;
        this.stopEditing();
        if (id !== null && this.editing === null) this.select({ anchor: id, head: id });
        return;
      }
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

  /** Selects blocks as things; the window's selection keys then act on them. */
  select(selection: Selection | null): void {
    if (selection !== null && selecting !== this) selecting?.select(null);
    this.selection = selection;
    if (selection !== null) selecting = this;
  }

  /** The selected blocks' ids, in document order. */
  selectedIds(): number[] {
    return this.selection === null ? [] : selectedIds(this.page.blocks, this.selection);
  }

  /** Carries out a selection key's action (`SELECTION_KEYS`). */
  actOnSelection(action: SelectionAction): void {
    const selection = this.selection;
    if (selection === null) return;
    switch (action) {
      case "clear":
        return this.select(null);
      case "up":
      case "down":
      case "extendUp":
      case "extendDown":
        return this.select(
          movedSelection(this.page.blocks, selection, action === "up" || action === "extendUp" ? -1 : 1, action.startsWith("extend")),
        );
      case "edit":
        return this.edit(selection.head, { from: "end", offset: 0 });
      case "copy":
        return;
      case "moveUp":
      case "moveDown":
        return this.moveSelected(action === "moveUp" ? -1 : 1);
      case "delete":
      case "indent":
      case "outdent":
      case "cycleMarker":
      case "priorityA":
      case "priorityB":
      case "priorityC":
      case "noPriority":
        return this.editSelected(action);
    }
  }

  /**
   * One write that acts on every selected block. The edit is made from the page the writes
   * before it left (an indent just sent, say) and the selection as they left it, not from
   * what was on screen when the key was pressed.
   */
  private editSelected(edit: SelectionEdit): void {
    const pressed = this.selection;
    if (!this.page.editable || pressed === null) return;
    void this.enqueue(async () => {
      const selection = this.selection ?? pressed;
      const ops = selectionOps(this.page.blocks, selectedIds(this.page.blocks, selection), edit);
      // Deleted blocks leave the selection; other edits keep every block's id.
      if (edit === "delete") this.select(null);
      if (ops.length === 0) return;
      const result = await this.send(ops);
      if (result !== null) this.page = result.page;
    });
  }

  /** Moves the selected blocks one place among their siblings; the selection follows them. */
  private moveSelected(delta: -1 | 1): void {
    const pressed = this.selection;
    if (!this.page.editable || pressed === null) return;
    void this.enqueue(async () => {
      const selection = this.selection ?? pressed;
      const move = selectionMove(this.page.blocks, selectedIds(this.page.blocks, selection), delta);
      if (move === null) return;
      const result = await this.send(move.ops);
      if (result === null) return;
      this.page = result.page;
      if (this.selection !== null) {
        this.select({ anchor: selection.anchor + move.shift, head: selection.head + move.shift });
      }
    });
  }

  /** Writes the page's properties, given as `key:: value` lines (the library checks them). */
  setPageProperties(text: string): void {
    void this.saveNow();
    void this.enqueue(async () => {
      const result = await this.send([{ op: "setPageProperties", text }]);
      if (result !== null) this.page = result.page;
    });
  }

  /**
   * Shows block `id` inside collapsed ancestors by expanding them on screen only: opening a
   * search hit or a task must not write `collapsed::` to the file. False when nothing hid it.
   */
  reveal(id: number): boolean {
    const blocks = this.page.blocks;
    let revealed = false;
    for (let parent = blocks[id]?.parent ?? null; parent !== null; parent = blocks[parent]?.parent ?? null) {
      if (!blocks[parent]?.collapsed) continue;
      this.revealed.add(parent);
      revealed = true;
    }
    if (revealed) this.page = this.given;
    return revealed;
  }

  toggleCollapsed(block: BlockView): void {
    // Collapsing a revealed block is the reader's choice again: the file says it is collapsed.
    if (this.revealed.delete(block.id) && !block.collapsed) {
      this.page = this.given;
      return;
    }
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

  /** A task's checkbox completes or reopens it; a checklist item's box is ticked or cleared. */
  /** Moves block `dragged` to `place` of block `target`, as a drag by its bullet asks. The
   * ids are those of the page on screen: if a write changed the page before the drop's turn
   * came, they may name other blocks now, and nothing is moved. */
  dropBlock(dragged: number, target: number, place: DropPlace): void {
    if (!this.page.editable) return;
    const seen = this.page;
    void this.saveNow();
    void this.enqueue(async () => {
      if (this.page.version !== seen.version) {
        toasts.show("The page changed while the block was dragged; nothing was moved");
        return;
      }
      const move = dropMove(this.page.blocks, dragged, target, place);
      if (move === null) return;
      const result = await this.send([move]);
      if (result !== null) this.page = result.page;
    });
  }

  /** Steps the block's priority A → B → C → none → A, as a click on its chip asks. */
  stepPriority(id: number): void {
    this.changeTask(id, (block) => ({ change: "setPriority", priority: nextPriority(block.priority) }));
  }

  /** Sets or clears the block's deadline or scheduled date, as its chip's picker asks. */
  setPlanning(id: number, kind: "DEADLINE" | "SCHEDULED", day: string | null, repeater?: string): void {
    this.changeTask(id, () => planningChange(kind === "DEADLINE" ? "deadline" : "scheduled", day, repeater));
  }

  /** Makes the library's task change on block `id` from outside the editor. The change is
   * chosen from the page the writes before it left, never from the one on screen when asked:
   * a priority stepped while a date is being written steps from what the file then says. */
  private changeTask(id: number, change: (block: BlockView) => TaskChange): void {
    if (!this.page.editable) return;
    void this.saveNow();
    void this.enqueue(async () => {
      const block = blockById(this.page.blocks, id);
      if (block === null) return;
      const result = await this.send([{ op: "changeTask", block: id, change: change(block) }]);
      if (result !== null) this.page = result.page;
    });
  }

  toggleMarker(block: BlockView): void {
    if (block.marker === null && block.checkbox === null) return;
    void this.saveNow();
    void this.enqueue(async () => {
      const result = await this.send([{ op: "toggleDone", block: block.id }]);
      if (result !== null) this.page = result.page;
    });
  }

  /**
   * Shows the page again when what it shows of other blocks changed (a task completed
   * through a block reference): its own file is the same, which `reload` takes as nothing
   * to do. A version that moved meanwhile is left to `reload`, which handles edits.
   */
  refreshRendering(): Promise<void> {
    return this.enqueue(async () => {
      const fresh = await this.fetchPage();
      if (fresh !== null && fresh.version === this.page.version && fresh.path === this.page.path) this.page = fresh;
    });
  }

  /** Re-reads the page after its file changed on disk. */
  reload(): Promise<void> {
    // A reload not yet started will read the file as it is when it runs, which covers
    // this change too.
    if (this.pendingReload !== null) return this.pendingReload;
    const reload = this.enqueue(async () => {
      this.pendingReload = null;
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
    this.pendingReload = reload;
    return reload;
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
    const editing = this.editing;
    if (editing === null || this.structuralEditInFlight || this.conflict !== null) return;
    this.clearSaveTimer();
    this.structuralEditInFlight = true;
    await this.enqueue(async () => {
      const result = await this.send(ops);
      if (result === null) return;
      this.page = result.page;
      const id = focus.kind === "block" ? focus.id : result.focus === null ? null : result.focus + focus.offset;
      this.moveEditor(editing, id, caret);
    });
    this.structuralEditInFlight = false;
    void this.replayHeldKeys();
  }

  private async history(direction: "undo" | "redo"): Promise<void> {
    void this.saveNow();
    const editing = this.editing;
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
      if (editing !== null) this.moveEditor(editing, result.focus ?? editing.id, { from: "end", offset: 0 });
    });
  }

  /**
   * Points an editing record at block `id` of the new page, taking that block's text as
   * saved. The caret only moves if the record is still the open editor.
   */
  private moveEditor(editing: Editing, id: number | null, caret: Caret): void {
    const block = id === null ? null : blockById(this.page.blocks, id);
    const open = this.editing === editing;
    if (block === null) {
      editing.base = editing.text;
      if (open) {
        this.editing = null;
        releaseEditor(this);
      }
      return;
    }
    editing.id = block.id;
    editing.text = block.raw;
    editing.base = block.raw;
    if (open) this.placeCaret(editing, caretPosition(caret, block.raw));
  }

  /** Lets the open editor replay keys that were held while a structural edit was written. */
  private async replayHeldKeys(): Promise<void> {
    await tick(); // the editor of the block now in focus mounts first
    while (!this.structuralEditInFlight && this.heldKeys.length > 0) {
      const press = this.heldKeys.shift();
      if (press === undefined || this.keyReplayer === null) break;
      this.keyReplayer(press);
    }
    if (this.keyReplayer === null) this.heldKeys = [];
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
  private keepUnsavedText(editing: Editing): void {
    if (this.editing !== null) return;
    if (anotherEditorIsOpen(this)) {
      toasts.show(`Not saved: “${editing.text}”`);
      return;
    }
    this.editing = editing;
    this.placeCaret(editing, editing.text.length);
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
