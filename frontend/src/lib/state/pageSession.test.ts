import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { deferred, fakeBackend } from "../../test/backend";
import { block, outline, pageView } from "../../test/fixtures";
import type { EditOp } from "../bindings/EditOp";
import type { PageView } from "../bindings/PageView";
import { SAVE_DELAY_MS, type PageSession as Session } from "./pageSession.svelte";

// Which editor is open is window-wide state; each test starts with none open, and
// with its own clock so no save scheduled by one test fires in another.
let PageSession: typeof Session;
let toasts: typeof import("./toasts.svelte").toasts;
beforeEach(async () => {
  vi.useFakeTimers();
  vi.resetModules();
  ({ PageSession } = await import("./pageSession.svelte"));
  ({ toasts } = await import("./toasts.svelte"));
});

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

const atEnd = { from: "end", offset: 0 } as const;
const notes = (version: string, text: string): PageView => pageView({ name: "Notes", version, blocks: outline(text) });

describe("typing", () => {
  test("is saved with setContent once typing pauses, against the page's version", async () => {
    const backend = fakeBackend({ apply_edits: () => ({ page: notes("v2", "Alpha!\nBeta"), focus: 0 }) });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(0, atEnd);
    session.input("Alpha");
    session.input("Alpha!");

    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 50);
    expect(backend.argsOf("apply_edits")).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(backend.argsOf("apply_edits")).toEqual([
      { page: "Notes", version: "v1", ops: [{ op: "setContent", block: 0, content: "Alpha!" }] },
    ]);
    expect(session.page.version).toBe("v2");
  });

  test("into the empty today page creates its file with an insert against version null", async () => {
    const today = pageView({ name: "Nov 24th, 2026", path: null, version: null, journalDay: "2026-11-24" });
    const created = { ...today, path: "journals/2026_11_24.md", version: "v1", blocks: outline("First thought") };
    const backend = fakeBackend({ apply_edits: () => ({ page: created, focus: 0 }) });
    const session = new PageSession(today);
    expect(session.showsPlaceholder).toBe(true);

    session.edit(null, atEnd);
    session.input("First thought");
    await session.saveNow();

    expect(backend.argsOf("apply_edits")).toEqual([
      {
        page: "Nov 24th, 2026",
        version: null,
        ops: [{ op: "insert", parent: null, index: 0, content: "First thought" }],
      },
    ]);
    expect(session.editing).toMatchObject({ id: 0, text: "First thought" });
    expect(session.showsPlaceholder).toBe(false);
  });

  test("text typed while a save is in flight stays in the editor", async () => {
    const backend = fakeBackend({ apply_edits: () => ({ page: notes("v2", "Alp\nBeta"), focus: 0 }) });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(0, atEnd);
    session.input("Alp");
    const saving = session.saveNow();
    session.input("Alpine");
    await saving;
    expect(backend.argsOf("apply_edits")).toHaveLength(1);
    expect(session.editing?.text).toBe("Alpine");
  });

  test("a failed save keeps the text and shows why", async () => {
    fakeBackend({
      apply_edits: () => {
        throw { code: "io", message: "disk full" };
      },
    });
    const session = new PageSession(notes("v1", "Alpha"));
    session.edit(0, atEnd);
    session.input("Alpha beta");
    session.stopEditing();
    await session.saveNow();
    expect(session.editing).toMatchObject({ id: 0, text: "Alpha beta" });
    expect(toasts.items.map((toast) => toast.message)).toContain("disk full");
  });
});

describe("writes queue behind each other", () => {
  test("closing the editor while the first save of a new page is in flight does not insert twice", async () => {
    const today = pageView({ name: "Today", path: null, version: null, journalDay: "2026-11-24" });
    const first = deferred<unknown>();
    const backend = fakeBackend({
      apply_edits: ({ ops }) =>
        (ops as EditOp[])[0]!.op === "insert"
          ? first.promise
          : { page: { ...today, version: "v2", blocks: outline("Planning the cutover") }, focus: 0 },
    });
    const session = new PageSession(today);
    session.edit(null, atEnd);
    session.input("Planning");
    void session.saveNow();
    await vi.waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(1));
    session.input("Planning the cutover");
    session.stopEditing();
    first.resolve({ page: { ...today, path: "journals/t.md", version: "v1", blocks: outline("Planning") }, focus: 0 });

    await vi.waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(2));
    expect(backend.argsOf("apply_edits").map((args) => args.ops)).toEqual([
      [{ op: "insert", parent: null, index: 0, content: "Planning" }],
      [{ op: "setContent", block: 0, content: "Planning the cutover" }],
    ]);
    expect(backend.argsOf("apply_edits")[1]).toMatchObject({ version: "v1" });
  });

  test("Esc right after Enter does not write the unsplit text back", async () => {
    const split = deferred<unknown>();
    const backend = fakeBackend({ apply_edits: () => split.promise });
    const session = new PageSession(notes("v1", "Alpha"));
    session.edit(0, atEnd);
    session.perform({
      kind: "edit",
      ops: [
        { op: "setContent", block: 0, content: "Al" },
        { op: "insert", parent: null, index: 1, content: "pha" },
      ],
      focus: { kind: "result", offset: 0 },
      caret: { from: "start", offset: 0 },
    });
    session.stopEditing();
    split.resolve({ page: notes("v2", "Al\npha"), focus: 1 });
    await session.saveNow();
    await vi.waitFor(() => expect(session.page.version).toBe("v2"));
    expect(backend.argsOf("apply_edits")).toHaveLength(1);
  });

  test("keys pressed while a structural edit is written are replayed after it, in order", async () => {
    const written = deferred<unknown>();
    fakeBackend({ apply_edits: () => written.promise });
    const session = new PageSession(notes("v1", "Tell Priya"));
    const replayed: string[] = [];
    session.acceptHeldKeys((press) => replayed.push(press.key));
    session.edit(0, atEnd);
    session.perform({
      kind: "edit",
      ops: [{ op: "cycleMarker", block: 0 }],
      focus: { kind: "result", offset: 0 },
      caret: { from: "end", offset: 0 },
    });
    expect(session.holdsKeys).toBe(true);
    session.holdKey({ key: "Enter", ctrlKey: true, shiftKey: false, altKey: false, metaKey: false });
    session.holdKey({ key: "x", ctrlKey: false, shiftKey: false, altKey: false, metaKey: false });
    expect(replayed).toEqual([]);

    written.resolve({ page: notes("v2", "TODO Tell Priya"), focus: 0 });
    await vi.waitFor(() => expect(replayed).toEqual(["Enter", "x"]));
    expect(session.editing?.text).toBe("TODO Tell Priya");
  });
});

describe("structural keys", () => {
  test("the editor follows the block the result points at, caret as asked", async () => {
    const backend = fakeBackend({ apply_edits: () => ({ page: notes("v2", "Al\npha\nBeta"), focus: 1 }) });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(0, atEnd);
    session.perform({
      kind: "edit",
      ops: [
        { op: "setContent", block: 0, content: "Al" },
        { op: "insert", parent: null, index: 1, content: "pha" },
      ],
      focus: { kind: "result", offset: 0 },
      caret: { from: "start", offset: 0 },
    });
    await vi.waitFor(() => expect(session.editing).toMatchObject({ id: 1, text: "pha", caret: 0 }));
    expect(backend.argsOf("apply_edits")[0]).toMatchObject({ version: "v1" });
  });

  test("undo saves pending text first, then asks for the page's undo", async () => {
    const backend = fakeBackend({
      apply_edits: () => ({ page: notes("v2", "Alpha typed"), focus: 0 }),
      undo: () => ({ page: notes("v3", "Alpha"), focus: 0 }),
    });
    const session = new PageSession(notes("v1", "Alpha"));
    session.edit(0, atEnd);
    session.input("Alpha typed");
    session.perform({ kind: "undo" });
    await vi.waitFor(() => expect(session.editing?.text).toBe("Alpha"));
    expect(backend.calls.map((call) => call.command)).toEqual(["apply_edits", "undo"]);
    expect(backend.argsOf("undo")).toEqual([{ page: "Notes" }]);
  });
});

describe("changes on disk", () => {
  test("a change to other blocks reloads the page and keeps the unsaved text", async () => {
    fakeBackend({ page: () => notes("v2", "Alpha\nBeta\nGamma from elsewhere") });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(1, atEnd);
    session.input("Beta, mine");
    await session.reload();
    expect(session.page.version).toBe("v2");
    expect(session.conflict).toBeNull();
    expect(session.editing).toMatchObject({ id: 1, text: "Beta, mine" });
  });

  test("a burst of changes while a write is in flight reads the page once more, not once per change", async () => {
    const saved = deferred<unknown>();
    const backend = fakeBackend({ apply_edits: () => saved.promise, page: () => notes("v3", "Alpha\nBeta, elsewhere") });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(0, atEnd);
    session.input("Alpha!");
    void session.saveNow();
    const reloads = [session.reload(), session.reload(), session.reload()];
    saved.resolve({ page: notes("v2", "Alpha!\nBeta"), focus: 0 });
    await Promise.all(reloads);
    expect(backend.argsOf("page")).toHaveLength(1);
    expect(session.page.blocks[1]?.raw).toBe("Beta, elsewhere");
    await session.reload();
    expect(backend.argsOf("page")).toHaveLength(2);
  });

  test("a reloaded page keeps the objects of the blocks that did not change", async () => {
    fakeBackend({ page: () => notes("v2", "Alpha\nBeta, elsewhere\nGamma") });
    const session = new PageSession(notes("v1", "Alpha\nBeta\nGamma"));
    const [alpha, beta, gamma] = session.page.blocks;
    await session.reload();
    expect(session.page.version).toBe("v2");
    expect(session.page.blocks[0]).toBe(alpha);
    expect(session.page.blocks[1]).not.toBe(beta);
    expect(session.page.blocks[2]).toBe(gamma);
  });

  test("a change to the edited block with unsaved text raises a conflict instead of overwriting", async () => {
    fakeBackend({ page: () => notes("v2", "Alpha\nBeta, theirs") });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(1, atEnd);
    session.input("Beta, mine");
    await session.reload();
    expect(session.conflict).toEqual({ mine: "Beta, mine" });
    expect(session.page.version).toBe("v1");
  });

  test("Keep mine writes my text over the new version", async () => {
    const backend = fakeBackend({
      page: () => notes("v2", "Alpha\nBeta, theirs"),
      apply_edits: () => ({ page: notes("v3", "Alpha\nBeta, mine"), focus: 1 }),
    });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(1, atEnd);
    session.input("Beta, mine");
    await session.reload();
    session.keepMine();
    await vi.waitFor(() => expect(session.page.version).toBe("v3"));
    expect(backend.argsOf("apply_edits")).toEqual([
      { page: "Notes", version: "v2", ops: [{ op: "setContent", block: 1, content: "Beta, mine" }] },
    ]);
    expect(session.conflict).toBeNull();
  });

  test("Take theirs drops my text and shows the file", async () => {
    const backend = fakeBackend({ page: () => notes("v2", "Alpha\nBeta, theirs") });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.edit(1, atEnd);
    session.input("Beta, mine");
    await session.reload();
    session.takeTheirs();
    await vi.waitFor(() => expect(session.conflict).toBeNull());
    expect(session.editing).toBeNull();
    expect(session.page.blocks[1]?.raw).toBe("Beta, theirs");
    expect(backend.argsOf("apply_edits")).toEqual([]);
  });

  test("a save refused with code conflict raises the conflict too", async () => {
    fakeBackend({
      apply_edits: () => {
        throw { code: "conflict", message: "pages/Notes.md changed on disk" };
      },
    });
    const session = new PageSession(notes("v1", "Alpha"));
    session.edit(0, atEnd);
    session.input("Alpha, mine");
    await session.saveNow();
    expect(session.conflict).toEqual({ mine: "Alpha, mine" });
  });
});

describe("revealing a block inside collapsed parents", () => {
  const collapsed = (version: string): PageView => notes(version, "Kafka [collapsed]\n  Rebalance [collapsed]\n    zebrafish");

  test("expands its ancestors on screen only, in each new version, until the reader collapses one", async () => {
    const backend = fakeBackend({});
    const session = new PageSession(collapsed("v1"));
    expect(session.reveal(2)).toBe(true);
    expect(session.page.blocks.map((block) => block.collapsed)).toEqual([false, false, false]);
    session.page = collapsed("v2");
    expect(session.page.blocks.map((block) => block.collapsed)).toEqual([false, false, false]);
    session.toggleCollapsed(session.page.blocks[0]!);
    expect(session.page.blocks.map((block) => block.collapsed)).toEqual([true, false, false]);
    expect(session.reveal(0)).toBe(false);
    expect(backend.argsOf("apply_edits")).toEqual([]);
  });
});

describe("selected blocks", () => {
  test("a key pressed while the last edit of the selection is being written acts on the page it leaves", async () => {
    // Beta and Gamma indented under Alpha come back before Shift+Tab is read: the outdent is
    // computed from that page, not from the one on screen when the key was pressed.
    const indented = notes("v2", "Alpha\n  Beta\n  Gamma");
    const written = deferred<{ page: PageView; focus: number }>();
    const answers = [written.promise, Promise.resolve({ page: notes("v3", "Alpha\nBeta\nGamma"), focus: 1 })];
    const backend = fakeBackend({ apply_edits: () => answers.shift() });
    const session = new PageSession(notes("v1", "Alpha\nBeta\nGamma"));
    session.select({ anchor: 1, head: 2 });

    session.actOnSelection("indent");
    session.actOnSelection("outdent");
    written.resolve({ page: indented, focus: 1 });
    await vi.runAllTimersAsync();

    expect(backend.argsOf("apply_edits").map((call) => call.ops as EditOp[])).toEqual([
      [
        { op: "indent", block: 1 },
        { op: "indent", block: 2 },
      ],
      [
        { op: "outdent", block: 1 },
        { op: "outdent", block: 2 },
      ],
    ]);
    expect(session.selectedIds()).toEqual([1, 2]);
  });
});

describe("a block's chips", () => {
  test("a priority chip clicked while a date is being written rewrites the page that write leaves", async () => {
    // The deadline the picker wrote comes back before the priority's turn: the priority steps
    // from what that write left (A to B), as one task change of its own.
    const task = (version: string, raw: string, priority: string) =>
      pageView({ name: "Notes", version, blocks: [block({ id: 0, raw, marker: "TODO", priority })] });
    const moved = task("v2", "TODO [#A] Ship\nDEADLINE: <2026-12-04 Fri>", "A");
    const written = deferred<{ page: PageView; focus: number }>();
    const answers = [written.promise, Promise.resolve({ page: task("v3", "TODO [#B] Ship\nDEADLINE: <2026-12-04 Fri>", "B"), focus: 0 })];
    const backend = fakeBackend({ apply_edits: () => answers.shift() });
    const session = new PageSession(task("v1", "TODO [#A] Ship\nDEADLINE: <2026-11-20 Fri>", "A"));

    session.setPlanning(0, "DEADLINE", "2026-12-04");
    session.stepPriority(0);
    written.resolve({ page: moved, focus: 0 });
    await vi.runAllTimersAsync();

    expect(backend.argsOf("apply_edits").map((call) => call.ops as EditOp[])).toEqual([
      [{ op: "changeTask", block: 0, change: { change: "setDeadline", date: "2026-12-04" } }],
      [{ op: "changeTask", block: 0, change: { change: "setPriority", priority: "B" } }],
    ]);
  });

  test("a priority chip steps A, B, C, then none, then A", async () => {
    const { nextPriority } = await import("./pageSession.svelte");
    expect(["A", "B", "C", null].map(nextPriority)).toEqual(["B", "C", null, "A"]);
  });
});

describe("a block dropped after a drag", () => {
  test("is moved by one write, as the drop says", async () => {
    const backend = fakeBackend({ apply_edits: () => ({ page: notes("v2", "Beta\nAlpha"), focus: 0 }) });
    const session = new PageSession(notes("v1", "Alpha\nBeta"));
    session.dropBlock(0, 1, "after");
    await vi.runAllTimersAsync();
    expect(backend.argsOf("apply_edits").map((call) => call.ops)).toEqual([[{ op: "move", block: 0, parent: null, index: 1 }]]);
  });

  test("moves nothing when a write changed the page before the drop's turn came", async () => {
    // The ids the drop read on screen may name other blocks on the page that write left.
    const written = deferred<{ page: PageView; focus: number }>();
    const backend = fakeBackend({ apply_edits: () => written.promise });
    const session = new PageSession(notes("v1", "Alpha\nBeta\nGamma"));
    session.stepPriority(0);
    session.dropBlock(0, 2, "after");
    written.resolve({ page: notes("v2", "[#A] Alpha\nBeta\nGamma"), focus: 0 });
    // Not every timer: the message would be gone.
    await vi.advanceTimersByTimeAsync(10);
    expect(backend.argsOf("apply_edits")).toHaveLength(1);
    expect(toasts.items.map((toast) => toast.message)).toContain("The page changed while the block was dragged; nothing was moved");
  });
});
