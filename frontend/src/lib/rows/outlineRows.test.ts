import { afterEach, describe, expect, test, vi } from "vitest";
import { outline } from "../../test/fixtures";
import type { BlockView } from "../bindings/BlockView";
import { reuseUnchangedBlocks } from "../outline/reuse";
import { OutlineRows } from "./outlineRows";

const TODAY = "2026-11-24";

function setUp(): { container: HTMLElement; rows: OutlineRows } {
  const container = document.createElement("div");
  document.body.append(container);
  return { container, rows: new OutlineRows(container) };
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

const element = (container: HTMLElement, id: number) => container.querySelector<HTMLElement>(`.block[data-block-id="${id}"]`);
const texts = (container: HTMLElement) => [...container.querySelectorAll(".block-html")].map((e) => e.textContent);

/** What a page update does: blocks that did not change keep their objects. */
function update(before: readonly BlockView[], text: string): BlockView[] {
  return reuseUnchangedBlocks(before, outline(text));
}

/** The elements whose children or attributes change while `run` runs. */
function mutatedBy(container: HTMLElement, run: () => void): Set<Node> {
  const observer = new MutationObserver(() => {});
  observer.observe(container, { subtree: true, childList: true, attributes: true, characterData: true });
  run();
  return new Set(observer.takeRecords().map((record) => record.target));
}

describe("the rows of an outline", () => {
  test("nest children inside their parent's block, in document order", () => {
    const { container, rows } = setUp();
    rows.render(outline("A\n  B\n    C\n  D\nE"), null, TODAY);
    expect(texts(container)).toEqual(["A", "B", "C", "D", "E"]);
    expect(element(container, 2)!.parentElement!.closest(".block")).toBe(element(container, 1));
    expect(element(container, 1)!.parentElement!.matches(".block-children")).toBe(true);
    expect(element(container, 1)!.parentElement!.parentElement).toBe(element(container, 0));
    expect(element(container, 3)!.dataset.depth).toBe("1");
    expect([...container.children].map((child) => (child as HTMLElement).dataset.blockId)).toEqual(["0", "4"]);
  });

  test("a collapsed block shows no children until it is expanded", () => {
    const { container, rows } = setUp();
    const collapsed = outline("A [collapsed]\n  B\nC");
    rows.render(collapsed, null, TODAY);
    expect(texts(container)).toEqual(["A", "C"]);
    expect(element(container, 0)!.querySelector(".block-children")).toBeNull();
    rows.render(update(collapsed, "A\n  B\nC"), null, TODAY);
    expect(texts(container)).toEqual(["A", "B", "C"]);
  });

  test("an update rewrites only the rows whose block changed", () => {
    const { container, rows } = setUp();
    const before = outline("A\n  B\n  C\nD\nE");
    rows.render(before, null, TODAY);
    const unchanged = [0, 1, 3, 4].map((id) => element(container, id)!.querySelector(".block-row")!);
    const changed = element(container, 2)!;

    const mutated = mutatedBy(container, () => rows.render(update(before, "A\n  B\n  C, edited\nD\nE"), null, TODAY));

    expect(texts(container)).toEqual(["A", "B", "C, edited", "D", "E"]);
    expect(element(container, 2)).toBe(changed);
    expect(mutated.size).toBeGreaterThan(0);
    for (const node of mutated) expect(changed.contains(node)).toBe(true);
    for (const row of unchanged) expect(row.isConnected).toBe(true);
  });

  test("a page update that changes nothing touches nothing", () => {
    const { container, rows } = setUp();
    const before = outline("A\n  B\nC");
    rows.render(before, null, TODAY);
    expect(mutatedBy(container, () => rows.render(update(before, "A\n  B\nC"), null, TODAY)).size).toBe(0);
  });

  test("rows follow their blocks when blocks are inserted, moved or removed", () => {
    const { container, rows } = setUp();
    const before = outline("A\nB\n  C\nD");
    rows.render(before, null, TODAY);
    rows.render(update(before, "A\n  New\nB\nD\n  C"), null, TODAY);
    expect(texts(container)).toEqual(["A", "New", "B", "D", "C"]);
    expect(element(container, 1)!.parentElement!.parentElement).toBe(element(container, 0));
    rows.render(outline("D"), null, TODAY);
    expect(texts(container)).toEqual(["D"]);
    expect(container.querySelectorAll(".block")).toHaveLength(1);
  });

  test("the toggle and bullet follow a block gaining children or being collapsed", () => {
    const { container, rows } = setUp();
    const before = outline("A\nB");
    rows.render(before, null, TODAY);
    expect(element(container, 0)!.querySelector(".block-toggle")).toBeNull();
    const withChild = update(before, "A\n  B");
    rows.render(withChild, null, TODAY);
    expect(element(container, 0)!.querySelector(":scope > .block-row > .block-toggle")).not.toBeNull();
    rows.render(update(withChild, "A [collapsed]\n  B"), null, TODAY);
    expect(element(container, 0)!.querySelector(".block-toggle.collapsed")).not.toBeNull();
    expect(element(container, 0)!.querySelector(".block-bullet.closed")).not.toBeNull();
  });

  test("the edited row's body is left to the editor, across updates of its block", () => {
    const { container, rows } = setUp();
    const before = outline("A\n  B\nC");
    const edited = rows.render(before, 1, TODAY)!;
    expect(edited.block).toBe(before[1]);
    expect(edited.body.childElementCount).toBe(0);
    expect(element(container, 1)!.classList.contains("editing")).toBe(true);
    const editor = document.createElement("textarea");
    edited.body.append(editor);

    const after = update(before, "A\n  B, saved\n    child\nC");
    const again = rows.render(after, 1, TODAY)!;
    expect(again.body).toBe(edited.body);
    expect(again.block).toBe(after[1]);
    expect(editor.isConnected).toBe(true);
    expect(element(container, 1)!.querySelector(":scope > .block-row > .block-toggle")).not.toBeNull();

    editor.remove();
    expect(rows.render(after, null, TODAY)).toBeNull();
    expect(element(container, 1)!.classList.contains("editing")).toBe(false);
    expect(element(container, 1)!.querySelector(".block-html")?.textContent).toBe("B, saved");
  });

  test("a block is found from anything inside its row", () => {
    const { container, rows } = setUp();
    const blocks = outline("A\n  B");
    rows.render(blocks, null, TODAY);
    expect(rows.blockAt(element(container, 1)!.querySelector(".block-html")!)).toBe(blocks[1]);
    expect(rows.blockAt(element(container, 0)!.querySelector(".block-bullet")!)).toBe(blocks[0]);
    expect(rows.blockAt(container)).toBeNull();
  });

  test("top-level blocks carry their row count, whether they are long, and whether they hold the editor", () => {
    const { container, rows } = setUp();
    const long = ["Long", ...Array.from({ length: 60 }, (_, index) => `  child ${index}`), "Short", "  child"].join("\n");
    const blocks = outline(long);
    rows.render(blocks, 62, TODAY);
    const [first, second] = [...container.children] as HTMLElement[];
    expect(first!.style.getPropertyValue("--rows")).toBe("61");
    expect(first!.classList.contains("long")).toBe(true);
    expect(second!.style.getPropertyValue("--rows")).toBe("2");
    expect(second!.classList.contains("long")).toBe(false);
    expect(second!.classList.contains("holds-editor")).toBe(true);
    rows.render(blocks, 5, TODAY);
    expect(first!.classList.contains("holds-editor")).toBe(true);
    expect(second!.classList.contains("holds-editor")).toBe(false);
  });
});

describe("opening a long page", () => {
  const longPage = () => outline(Array.from({ length: 100 }, (_, index) => `Top ${index}\n  child`).join("\n"));
  const dormant = (container: HTMLElement) => container.querySelectorAll(":scope > .block.dormant").length;

  test("styles the first screens at once and the top-level blocks below them one frame at a time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "requestAnimationFrame"] });
    const { container, rows } = setUp();
    rows.render(longPage(), null, TODAY);
    expect(container.querySelectorAll(".block")).toHaveLength(200);
    expect(container.children[39]!.classList.contains("dormant")).toBe(false);
    expect(container.children[40]!.classList.contains("dormant")).toBe(true);
    expect(dormant(container)).toBe(60);
    await vi.advanceTimersByTimeAsync(1000);
    expect(dormant(container)).toBe(0);
  });

  test("wakes every block when asked, and on any later update", () => {
    const { container, rows } = setUp();
    const blocks = longPage();
    rows.render(blocks, null, TODAY);
    rows.wakeAll();
    expect(dormant(container)).toBe(0);

    const other = setUp();
    other.rows.render(blocks, null, TODAY);
    other.rows.render(blocks, 0, TODAY);
    expect(dormant(other.container)).toBe(0);
  });

  test("holds nothing back on a short page", () => {
    const { container, rows } = setUp();
    rows.render(outline("A\n  B\nC"), null, TODAY);
    expect(container.querySelectorAll(".dormant")).toHaveLength(0);
  });
});
