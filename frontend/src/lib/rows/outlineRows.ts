// The rows of an outline in the DOM, kept in step with a page's blocks without a
// component per block. Blocks without a row yet are built as one HTML string and parsed
// at once (a whole page on first render); later renders rewrite only the rows whose block
// object changed (unchanged blocks keep their objects, see outline/reuse.ts), move rows
// whose place changed, and leave the body of the edited row to the editor mounted in it.
// Top-level blocks carry what their styles need: how many rows they show (their height
// while off screen), whether they are long (then each row is skipped on its own) and
// whether they hold the editor (then nothing in them is skipped or clipped).
import type { BlockView } from "../bindings/BlockView";
import { isStruck } from "../outline/markers";
import { childrenByParent, showsChildren, type ChildrenByParent } from "../outline/tree";
import { DormantRows } from "./dormantRows";
import { blockStartHtml, contentHtml, handleHtml } from "./rowHtml";

/** Rows styled at once when a page opens: more than a tall screen holds. */
const AWAKE_ROWS = 80;
/** A top-level block showing more rows than this skips them one by one when off screen. */
const LONG_BLOCK_ROWS = 50;

type Row = {
  block: BlockView;
  editing: boolean;
  /** `.block`, holding the row and then the children */
  element: HTMLElement;
  /** `.block-row`: toggle, bullet, body */
  row: HTMLElement;
  /** `.block-body`: the rendered block, or the editor */
  body: HTMLElement;
  children: HTMLElement | null;
  /** what the row's toggle and bullet, and its body, were built from */
  handle: string;
  content: string;
  /** for a top-level block: the rows it shows and whether it holds the editor, as last set */
  shownRows: number;
  holdsEditor: boolean;
};

/** The edited block and the element its editor belongs in. */
export type EditedRow = { block: BlockView; body: HTMLElement };

type Pass = {
  children: ChildrenByParent;
  /** The top-level rows' blocks. */
  topLevel: readonly BlockView[];
  editing: number | null;
  today: string;
  todayChanged: boolean;
  seen: Set<number>;
};

type ListJob = { container: HTMLElement; list: readonly BlockView[] };

export class OutlineRows {
  private readonly rows = new Map<number, Row>();
  private readonly dormant = new DormantRows();
  private today = "";

  constructor(private readonly container: HTMLElement) {}

  /**
   * Brings the rows in line with `blocks`, the block `editing` (if shown) having an empty
   * body for its editor. An editor mounted in a row that stops being edited must be
   * unmounted first: that row's body is rewritten. With `top`, only that block's
   * descendants are rows, its children at the outline's top level (a 1-on-1 entry's notes);
   * with `withTop` too, `top` itself is the one top-level row (a linked reference and its
   * notes).
   */
  render(blocks: readonly BlockView[], editing: number | null, today: string, top: number | null = null, withTop = false): EditedRow | null {
    const opening = this.rows.size === 0;
    // Only the first rendering holds rows back, so later ones deal with every row as it is.
    this.dormant.wakeAll();
    const children = childrenByParent(blocks);
    const topBlock = top === null ? undefined : blocks[top];
    const topLevel = withTop ? (topBlock === undefined ? [] : [topBlock]) : (children.get(top) ?? []);
    const pass: Pass = { children, topLevel, editing, today, todayChanged: today !== this.today, seen: new Set() };
    this.today = today;
    const jobs: ListJob[] = [{ container: this.container, list: topLevel }];
    for (let job = jobs.pop(); job !== undefined; job = jobs.pop()) this.reconcile(job, pass, jobs);
    for (const id of this.rows.keys()) if (!pass.seen.has(id)) this.rows.delete(id);
    const holder = editing === null ? null : withTop ? top : topLevelAncestor(blocks, editing, top);
    const topRows = this.markTopLevel(pass, holder);
    if (opening && editing === null) this.holdDistantRows(topRows);
    const row = editing === null ? undefined : this.rows.get(editing);
    return row === undefined ? null : { block: row.block, body: row.body };
  }

  /** Styles every row now: the reader scrolls. */
  wakeAll(): void {
    this.dormant.wakeAll();
  }

  dispose(): void {
    this.dormant.dispose();
  }

  /** The block whose row holds `target`, if any. */
  blockAt(target: Element): BlockView | null {
    const element = target.closest<HTMLElement>(".block");
    const row = element === null ? undefined : this.rows.get(Number(element.dataset.blockId));
    return row !== undefined && row.element === element ? row.block : null;
  }

  /** Gives each top-level block the row count and classes its styles depend on. */
  private markTopLevel(pass: Pass, holder: number | null): Row[] {
    const topLevel: Row[] = [];
    for (const block of pass.topLevel) {
      const row = this.rows.get(block.id)!;
      let shownRows = 0;
      walk([block], pass.children, { open: () => shownRows++, close: () => {} });
      if (row.shownRows !== shownRows) {
        row.element.style.setProperty("--rows", String(shownRows));
        row.element.classList.toggle("long", shownRows > LONG_BLOCK_ROWS);
        row.shownRows = shownRows;
      }
      const holdsEditor = block.id === holder;
      if (row.holdsEditor !== holdsEditor) {
        row.element.classList.toggle("holds-editor", holdsEditor);
        row.holdsEditor = holdsEditor;
      }
      topLevel.push(row);
    }
    return topLevel;
  }

  /** Top-level blocks below the first screens wait to be styled until the page has shown. */
  private holdDistantRows(topLevel: readonly Row[]): void {
    let shown = 0;
    for (const row of topLevel) {
      if (shown >= AWAKE_ROWS) this.dormant.hold(row.element, row.shownRows);
      shown += row.shownRows;
    }
    this.dormant.wakeGradually();
  }

  /** Places the rows of `list` as the children of `container`, in order, and queues their children. */
  private reconcile({ container, list }: ListJob, pass: Pass, jobs: ListJob[]): void {
    // `next` is the element now where the row of list[index] belongs.
    let next = container.firstElementChild;
    let index = 0;
    while (index < list.length) {
      const row = this.rows.get(list[index]!.id);
      if (row === undefined) {
        // Consecutive new blocks (a whole page, the first time) are parsed together.
        let end = index + 1;
        while (end < list.length && !this.rows.has(list[end]!.id)) end++;
        this.insert(container, next, list.slice(index, end), pass);
        index = end;
        continue;
      }
      this.update(row, list[index]!, pass);
      if (next === row.element) next = next.nextElementSibling;
      else container.insertBefore(row.element, next);
      this.queueChildren(row, pass, jobs);
      index++;
    }
    while (next !== null) {
      const stale = next;
      next = next.nextElementSibling;
      stale.remove();
    }
  }

  private update(row: Row, block: BlockView, pass: Pass): void {
    pass.seen.add(block.id);
    const editing = block.id === pass.editing;
    if (row.block === block && row.editing === editing && !pass.todayChanged) return;
    // Classes are toggled one by one: top-level blocks carry more (see markTopLevel).
    if (row.editing !== editing) row.element.classList.toggle("editing", editing);
    if (isStruck(row.block.marker) !== isStruck(block.marker)) row.element.classList.toggle("struck", isStruck(block.marker));
    if (row.block.depth !== block.depth) row.element.dataset.depth = String(block.depth);
    const handle = handleHtml(block);
    if (handle !== row.handle) {
      row.row.firstElementChild?.remove(); // the toggle or its space
      row.row.firstElementChild?.remove(); // the bullet
      row.row.insertAdjacentHTML("afterbegin", handle);
      row.handle = handle;
    }
    const content = editing ? "" : contentHtml(block, pass.today);
    if (content !== row.content) {
      row.body.innerHTML = content;
      row.content = content;
    }
    row.block = block;
    row.editing = editing;
  }

  private queueChildren(row: Row, pass: Pass, jobs: ListJob[]): void {
    const list = shownChildren(row.block, pass.children);
    if (list.length === 0) {
      row.children?.remove();
      row.children = null;
      return;
    }
    if (row.children === null) {
      row.children = document.createElement("div");
      row.children.className = "block-children";
      row.element.append(row.children);
    }
    jobs.push({ container: row.children, list });
  }

  /** Builds the rows of `run` and everything shown under them, and inserts them before `before`. */
  private insert(container: HTMLElement, before: Element | null, run: readonly BlockView[], pass: Pass): void {
    const built = new Map<number, { handle: string; content: string }>();
    const parts: string[] = [];
    walk(run, pass.children, {
      open: (block, hasChildren) => {
        const editing = block.id === pass.editing;
        const handle = handleHtml(block);
        const content = editing ? "" : contentHtml(block, pass.today);
        built.set(block.id, { handle, content });
        parts.push(blockStartHtml(block, editing, handle, content), hasChildren ? '<div class="block-children">' : "</div>");
      },
      close: () => parts.push("</div></div>"),
    });
    const previous = before === null ? container.lastElementChild : before.previousElementSibling;
    if (before === null) container.insertAdjacentHTML("beforeend", parts.join(""));
    else before.insertAdjacentHTML("beforebegin", parts.join(""));

    // The new elements come in the order they were written, so the same walk finds them.
    const levels: Array<{ next: Element | null }> = [
      { next: previous === null ? container.firstElementChild : previous.nextElementSibling },
    ];
    walk(run, pass.children, {
      open: (block, hasChildren) => {
        const level = levels[levels.length - 1]!;
        const element = level.next as HTMLElement;
        level.next = element.nextElementSibling;
        const row = element.firstElementChild as HTMLElement;
        const body = row.lastElementChild as HTMLElement;
        const children = hasChildren ? (element.lastElementChild as HTMLElement) : null;
        const { handle, content } = built.get(block.id)!;
        const editing = block.id === pass.editing;
        this.rows.set(block.id, { block, editing, element, row, body, children, handle, content, shownRows: 0, holdsEditor: false });
        pass.seen.add(block.id);
        if (children !== null) levels.push({ next: children.firstElementChild });
      },
      close: () => levels.pop(),
    });
  }
}

function topLevelAncestor(blocks: readonly BlockView[], id: number, top: number | null): number | null {
  // Ids are indices into the page's blocks; parents come before their children.
  let block = blocks[id];
  while (block !== undefined && block.parent !== top && block.parent !== null) block = blocks[block.parent];
  if (block?.parent !== top) return null;
  return block?.id ?? null;
}

function shownChildren(block: BlockView, children: ChildrenByParent): readonly BlockView[] {
  return showsChildren(block) ? (children.get(block.id) ?? []) : [];
}

type Visitor = {
  open(block: BlockView, hasChildren: boolean): void;
  /** after the children of a block that has some */
  close(): void;
};

/** Visits `roots` and their shown descendants in document order, without recursion. */
function walk(roots: readonly BlockView[], children: ChildrenByParent, visitor: Visitor): void {
  const stack: Array<{ list: readonly BlockView[]; next: number }> = [{ list: roots, next: 0 }];
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!;
    const block = level.list[level.next++];
    if (block === undefined) {
      stack.pop();
      if (stack.length > 0) visitor.close();
      continue;
    }
    const list = shownChildren(block, children);
    visitor.open(block, list.length > 0);
    if (list.length > 0) stack.push({ list, next: 0 });
  }
}
