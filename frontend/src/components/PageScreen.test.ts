import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, test } from "vitest";
import { fakeBackend } from "../test/backend";
import { block, outline, pageView } from "../test/fixtures";
import type { PageView } from "../lib/bindings/PageView";
import { navigation } from "../lib/state/navigation.svelte";
import PageScreen from "./PageScreen.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const projects: PageView = pageView({
  name: "Projects",
  version: "v1",
  blocks: [
    block({
      id: 0,
      raw: "TODO [#A] Ship the importer\nDEADLINE: <2026-11-20 Fri>",
      html: "Ship the importer",
      marker: "TODO",
      priority: "A",
      deadline: "2026-11-20",
      childCount: 1,
    }),
    block({ id: 1, parent: 0, depth: 1, raw: "ask [[Priya]]", html: 'ask <a class="page-ref" data-page="Priya">Priya</a>' }),
    block({ id: 2, raw: "Apollo", properties: [["owner", "me"]] }),
  ],
});

function showProjects(answers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const backend = fakeBackend({
    page: () => projects,
    references: () => ({
      linked: [{ page: "Weekly", block: 3, breadcrumbs: ["Monday"], html: "see Projects" }],
      unlinked: [],
    }),
    ...answers,
  });
  const view = render(PageScreen, { name: "Projects" });
  return { backend, view };
}

const blockElement = (container: HTMLElement, id: number) =>
  container.querySelector<HTMLElement>(`.block[data-block-id="${id}"]`)!;

describe("a page", () => {
  test("shows its title, its blocks nested with their task decorations, and its references", async () => {
    const { view } = showProjects();
    expect(await screen.findByTestId("page-title")).toHaveProperty("textContent", "Projects");
    await waitFor(() => expect(view.container.querySelectorAll(".block")).toHaveLength(3));

    const task = blockElement(view.container, 0);
    expect(task.dataset.depth).toBe("0");
    expect(task.querySelector<HTMLInputElement>(".block-marker")?.checked).toBe(false);
    expect(task.querySelector(".chip-priority")?.textContent).toBe("A");
    expect(task.querySelector(".chip-deadline")?.textContent?.trim()).toMatch(/^Deadline Nov 20/);
    expect(task.querySelector(".block-children .block")?.getAttribute("data-block-id")).toBe("1");
    expect(blockElement(view.container, 2).textContent).toContain("owner");

    const linked = await screen.findByTestId("linked-references");
    expect(linked.textContent).toContain("Weekly");
    expect(linked.textContent).toContain("Monday");
    expect(screen.getByTestId("unlinked-references")).toBeTruthy();
  });

  test("clicking a page link opens that page", async () => {
    const { view } = showProjects();
    await waitFor(() => expect(view.container.querySelector(".page-ref")).not.toBeNull());
    // The app delegates link clicks from its main element; here the link's own block must not start editing.
    await fireEvent.click(view.container.querySelector(".page-ref")!);
    expect(view.container.querySelector("textarea.block-editor")).toBeNull();
  });

  test("clicking a block edits its raw text; Enter splits it at the caret", async () => {
    const after: PageView = { ...projects, version: "v2", blocks: outline("TODO [#A] Ship the importer\n  ask [[Priya]]\nApo\nllo") };
    const { backend, view } = showProjects({ apply_edits: () => ({ page: after, focus: 3 }) });
    await waitFor(() => expect(blockElement(view.container, 2)).toBeTruthy());

    await fireEvent.click(blockElement(view.container, 2).querySelector(".block-content")!);
    const editor = view.container.querySelector<HTMLTextAreaElement>("textarea.block-editor")!;
    expect(editor.value).toBe("Apollo");

    editor.setSelectionRange(3, 3);
    await fireEvent.keyDown(editor, { key: "Enter" });
    await waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(1));
    expect(backend.argsOf("apply_edits")[0]).toEqual({
      page: "Projects",
      version: "v1",
      ops: [
        { op: "setContent", block: 2, content: "Apo" },
        { op: "insert", parent: null, index: 2, content: "llo" },
      ],
    });
    await waitFor(() =>
      expect(blockElement(view.container, 3).querySelector<HTMLTextAreaElement>("textarea.block-editor")?.value).toBe("llo"),
    );
  });

  test("a click on rendered text opens the editor with the caret where the click landed", async () => {
    const { view } = showProjects();
    await waitFor(() => expect(blockElement(view.container, 2)).toBeTruthy());
    const text = blockElement(view.container, 2).querySelector(".block-html")!.firstChild!;
    // jsdom lays nothing out, so the point under the pointer is stated: after "Apo".
    document.caretPositionFromPoint = () => ({ offsetNode: text, offset: 3, getClientRect: () => null });
    try {
      await fireEvent.click(blockElement(view.container, 2).querySelector(".block-html")!);
    } finally {
      delete (document as Partial<Document>).caretPositionFromPoint;
    }
    const editor = await waitFor(() => blockElement(view.container, 2).querySelector<HTMLTextAreaElement>("textarea.block-editor")!);
    await waitFor(() => expect(document.activeElement).toBe(editor));
    expect(editor.selectionStart).toBe(3);
  });

  test("Enter on a focused row edits it, with the caret at the end", async () => {
    const { view } = showProjects();
    await waitFor(() => expect(blockElement(view.container, 2)).toBeTruthy());
    await fireEvent.keyDown(blockElement(view.container, 2).querySelector(".block-content")!, { key: "Enter" });
    const editor = await waitFor(() => blockElement(view.container, 2).querySelector<HTMLTextAreaElement>("textarea.block-editor")!);
    await waitFor(() => expect(editor.selectionStart).toBe("Apollo".length));
  });

  test("only the edited row holds an editor; the others show their rendered text", async () => {
    const { view } = showProjects();
    await waitFor(() => expect(blockElement(view.container, 2)).toBeTruthy());
    await fireEvent.click(blockElement(view.container, 2).querySelector(".block-content")!);
    await waitFor(() => expect(view.container.querySelectorAll("textarea.block-editor")).toHaveLength(1));
    expect(blockElement(view.container, 2).classList.contains("editing")).toBe(true);
    expect(blockElement(view.container, 0).querySelector(":scope > .block-row .block-content")).not.toBeNull();

    await fireEvent.click(blockElement(view.container, 1).querySelector(".block-content")!);
    await waitFor(() => expect(blockElement(view.container, 1).querySelector<HTMLTextAreaElement>("textarea.block-editor")?.value).toBe("ask [[Priya]]"));
    expect(view.container.querySelectorAll("textarea.block-editor")).toHaveLength(1);
    expect(blockElement(view.container, 2).classList.contains("editing")).toBe(false);
    expect(blockElement(view.container, 2).querySelector(".block-html")?.textContent).toBe("Apollo");
  });

  test("the checkbox asks the library to finish the task", async () => {
    const { backend, view } = showProjects({ apply_edits: () => ({ page: projects, focus: 0 }) });
    await waitFor(() => expect(view.container.querySelector(".block-marker")).not.toBeNull());
    await fireEvent.click(view.container.querySelector(".block-marker")!);
    await waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(1));
    expect(backend.argsOf("apply_edits")[0]!.ops).toEqual([{ op: "toggleDone", block: 0 }]);
  });

  test("the arrow collapses a block with children", async () => {
    const { backend, view } = showProjects({ apply_edits: () => ({ page: projects, focus: 0 }) });
    await waitFor(() => expect(view.container.querySelector(".block-toggle")).not.toBeNull());
    await fireEvent.click(view.container.querySelector(".block-toggle")!);
    await waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(1));
    expect(backend.argsOf("apply_edits")[0]!.ops).toEqual([{ op: "setCollapsed", block: 0, collapsed: true }]);
  });

  test("a collapsed block hides its children", async () => {
    const collapsed = { ...projects, blocks: projects.blocks.map((b) => (b.id === 0 ? { ...b, collapsed: true } : b)) };
    const { view } = showProjects({ page: () => collapsed });
    await waitFor(() => expect(view.container.querySelectorAll(".block")).toHaveLength(2));
    expect(blockElement(view.container, 1)).toBeNull();
  });

  test("typing `[[` suggests page names; Enter completes the link", async () => {
    const { backend, view } = showProjects({ page_names: () => ["Apollo", "Apogee"] });
    await waitFor(() => expect(blockElement(view.container, 2)).toBeTruthy());
    await fireEvent.click(blockElement(view.container, 2).querySelector(".block-content")!);
    const editor = view.container.querySelector<HTMLTextAreaElement>("textarea.block-editor")!;

    await fireEvent.input(editor, { target: { value: "see [[Apo" } });
    await waitFor(() => expect(view.container.querySelectorAll(".link-suggestions [role=option]")).toHaveLength(2));
    expect(backend.argsOf("page_names")).toEqual([{ prefix: "Apo", limit: 8, day: null }]);

    await fireEvent.keyDown(editor, { key: "ArrowDown" });
    await fireEvent.keyDown(editor, { key: "Enter" });
    await waitFor(() => expect(editor.value).toBe("see [[Apogee]]"));
    expect(view.container.querySelector(".link-suggestions")).toBeNull();
    expect(backend.argsOf("apply_edits")).toEqual([]);
  });

  test("a reference opens the page it is on", async () => {
    showProjects();
    const linked = await screen.findByTestId("linked-references");
    await fireEvent.click(linked.querySelector(".reference")!);
    expect(navigation.current).toEqual({ view: "page", name: "Weekly" });
  });

  test("a linked reference is its block with its notes, edited in place on its own page", async () => {
    const weekly = pageView({
      name: "Weekly",
      version: "w1",
      blocks: [
        block({ id: 0, raw: "Monday", html: "", childCount: 1 }),
        block({ id: 1, parent: 0, depth: 1, raw: "see [[Projects]]", html: "see Projects", childCount: 1 }),
        block({ id: 2, parent: 1, depth: 2, raw: "the importer slips a week", html: "the importer slips a week" }),
        block({ id: 3, raw: "Tuesday", html: "" }),
      ],
    });
    const { backend } = showProjects({
      references: () => ({
        linked: [{ page: "Weekly", block: 1, breadcrumbs: ["Monday"], html: "see Projects" }],
        unlinked: [],
        pages: [weekly],
      }),
      apply_edits: () => ({ page: { ...weekly, version: "w2" }, focus: null }),
    });
    const linked = await screen.findByTestId("linked-references");
    const reference = await waitFor(() => linked.querySelector<HTMLElement>('[data-testid="reference-outline"]')!);
    const shown = () => [...reference.querySelectorAll<HTMLElement>(".block")].map((row) => row.dataset.blockId);
    await waitFor(() => expect(shown()).toEqual(["1", "2"]));
    expect(reference.textContent).toContain("Monday");

    await fireEvent.click(blockElement(reference, 2).querySelector(".block-content")!);
    const editor = await waitFor(() => blockElement(reference, 2).querySelector<HTMLTextAreaElement>("textarea.block-editor")!);
    expect(editor.value).toBe("the importer slips a week");
    await fireEvent.input(editor, { target: { value: "the importer slips two weeks" } });
    await fireEvent.keyDown(editor, { key: "Escape" });
    const toWeekly = () => backend.argsOf("apply_edits").filter((args) => args.page === "Weekly");
    await waitFor(() => expect(toWeekly()).toHaveLength(1));
    expect(toWeekly()[0]).toEqual({
      page: "Weekly",
      version: "w1",
      ops: [{ op: "setContent", block: 2, content: "the importer slips two weeks" }],
    });
  });

  test("the checkbox of a block ref to a task completes that task by its handle, then shows the page again", async () => {
    const refHtml = (checked: boolean) =>
      `<span class="block-ref task-ref" data-uuid="u1"><span class="ref-check" role="checkbox" aria-checked="${checked}" tabindex="0" data-handle="u1" data-version="f00d"></span><span class="ref-marker">${checked ? "DONE" : "TODO"}</span><span class="ref-title">Send the runbook</span></span>`;
    let done = false;
    const page = () =>
      pageView({
        name: "Projects",
        version: "v1",
        blocks: [block({ id: 0, raw: "((u1))", html: refHtml(done) })],
      });
    const { backend, view } = showProjects({
      page,
      change_task: () => {
        done = true;
        return { row: null };
      },
    });
    const checkbox = await waitFor(() => {
      const found = view.container.querySelector<HTMLElement>(".ref-check");
      if (found === null) throw new Error("the reference is not shown yet");
      return found;
    });
    await fireEvent.click(checkbox);
    await waitFor(() => expect(backend.argsOf("change_task")).toEqual([{ id: "u1", version: "f00d", change: { change: "complete" } }]));
    await waitFor(() => expect(view.container.querySelector(".ref-check")?.getAttribute("aria-checked")).toBe("true"));
    expect(view.container.querySelector("textarea.block-editor")).toBeNull();
  });

  test("a query's result opens its page at its block; the query's own text edits the block", async () => {
    const html =
      '<div class="query-results"><div class="query-head"><span class="query-count">1 result</span>' +
      '<details class="query-source" open><summary>Query</summary><code>{{query (task TODO)}}</code></details></div>' +
      '<div class="query-group"><a class="page-ref" data-page="Atlas">Atlas</a><ul><li>' +
      '<span class="block-ref" data-page="Atlas" data-block="4">Ship it</span></li></ul></div></div>';
    const { view } = showProjects({
      page: () => pageView({ name: "Projects", blocks: [block({ id: 0, raw: "{{query (task TODO)}}", html })], showsQueries: true }),
    });
    const result = await waitFor(() => {
      const found = view.container.querySelector<HTMLElement>(".query-group .block-ref");
      if (found === null) throw new Error("the results are not shown yet");
      return found;
    });
    await fireEvent.click(result);
    expect(navigation.current).toEqual({ view: "page", name: "Atlas", block: 4 });
    expect(view.container.querySelector("textarea.block-editor")).toBeNull();

    await fireEvent.click(view.container.querySelector(".query-source code")!);
    await waitFor(() => expect(view.container.querySelector<HTMLTextAreaElement>("textarea.block-editor")?.value).toBe("{{query (task TODO)}}"));
  });

  test("opened at a block inside a collapsed parent, it expands the parent on screen only and highlights the block", async () => {
    const backend = fakeBackend({
      page: () =>
        pageView({
          name: "Projects",
          blocks: [
            block({ id: 0, raw: "Goals\ncollapsed:: true", html: "Goals", collapsed: true, childCount: 1 }),
            block({ id: 1, parent: 0, depth: 1, raw: "Cut over the EU cluster", html: "Cut over the EU cluster" }),
          ],
        }),
      references: () => ({ linked: [], unlinked: [], pages: [] }),
    });
    const view = render(PageScreen, { name: "Projects", block: 1 });
    await waitFor(() => expect(view.container.querySelector('.block[data-block-id="1"].highlighted')).not.toBeNull());
    expect(backend.argsOf("apply_edits")).toEqual([]);
  });

  test("a read-only page says why", async () => {
    showProjects({
      page: () => pageView({ name: "Projects", editable: false, readOnlyReason: "an Org mode page", blocks: [block({ id: 0, raw: "x", html: "x" })] }),
    });
    expect((await screen.findByTestId("read-only")).textContent?.trim()).toBe("Read-only: an Org mode page");
  });

  test("a page's properties show above its blocks, links followed, and are edited as lines", async () => {
    const text = "type:: person\nrole:: SRE, [[Dispatch]]\n";
    const { backend } = showProjects({
      page: () =>
        pageView({
          name: "Projects",
          version: "v1",
          properties: [
            { key: "type", html: "person" },
            { key: "role", html: 'SRE, <a class="page-ref" data-page="Dispatch">Dispatch</a>' },
          ],
          propertiesText: text,
          blocks: [block({ id: 0, raw: "About", html: "About" })],
        }),
      apply_edits: () => ({ page: pageView({ name: "Projects", version: "v2" }), focus: null }),
    });
    const shown = await screen.findByTestId("page-properties");
    const rows = [...shown.querySelectorAll(".property")].map((row) => row.textContent?.replace(/\s+/g, " ").trim());
    expect(rows).toEqual(["type person", "role SRE, Dispatch"]);
    await fireEvent.click(shown.querySelector(".key")!);
    const editor = (await screen.findByTestId("page-properties-editor")) as HTMLTextAreaElement;
    expect(editor.value).toBe(text);
    await fireEvent.input(editor, { target: { value: "type:: person\nrole:: Staff SRE, [[Dispatch]]\n" } });
    await fireEvent.keyDown(editor, { key: "Escape" });
    await waitFor(() =>
      expect(backend.argsOf("apply_edits")).toEqual([
        { page: "Projects", version: "v1", ops: [{ op: "setPageProperties", text: "type:: person\nrole:: Staff SRE, [[Dispatch]]\n" }] },
      ]),
    );
  });
});
