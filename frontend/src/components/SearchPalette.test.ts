import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import { deferred, fakeBackend } from "../test/backend";
import type { SearchHitView } from "../lib/bindings/SearchHitView";
import { navigation } from "../lib/state/navigation.svelte";
import { toasts } from "../lib/state/toasts.svelte";
import SearchPalette from "./SearchPalette.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const hit = (page: string, snippet: string): SearchHitView => ({
  page,
  path: `pages/${page}.md`,
  block: 0,
  breadcrumbs: [],
  snippet,
});

const hits = [hit("Apollo", "<mark>Apo</mark>llo launch"), hit("Apogee", "<mark>Apo</mark>gee"), hit("Apothecary", "x")];

async function type(text: string) {
  await fireEvent.input(screen.getByTestId("search-input"), { target: { value: text } });
}

const selectedPage = () =>
  screen.getAllByTestId("search-result").find((row) => row.getAttribute("aria-selected") === "true")?.textContent;

describe("the search palette", () => {
  test("a filter still being typed is a quiet hint in the palette, never a toast", async () => {
    fakeBackend({
      search: ({ query }) => {
        if (query === "is:") throw { code: "invalidInput", message: "is: wants task, open or done" };
        return [hit("Apollo", "Apollo")];
      },
    });
    const before = toasts.items.length;
    render(SearchPalette, { onclose: () => {} });
    await type("is:");
    await waitFor(() => expect(screen.getByTestId("search-hint").textContent).toBe("is: wants task, open or done"));
    expect(toasts.items.length).toBe(before);
    await type("is:open apo");
    await waitFor(() => expect(screen.getAllByTestId("search-result")).toHaveLength(1));
    expect(screen.queryByTestId("search-hint")).toBeNull();
  });

  test("searches on every keystroke and shows snippets with the matches marked", async () => {
    const backend = fakeBackend({ search: () => hits });
    render(SearchPalette, { onclose: () => {} });
    await type("A");
    await type("Apo");
    await waitFor(() => expect(screen.getAllByTestId("search-result")).toHaveLength(3));
    expect(backend.argsOf("search").map((args) => args.query)).toEqual(["A", "Apo"]);
    expect(screen.getAllByTestId("search-result")[0]!.querySelector("mark")?.textContent).toBe("Apo");
  });

  test("drops an answer that arrives after a newer query's answer", async () => {
    const slow = deferred<SearchHitView[]>();
    fakeBackend({ search: ({ query }) => (query === "A" ? slow.promise : [hit("Apollo", "Apollo")]) });
    render(SearchPalette, { onclose: () => {} });
    await type("A");
    await type("Apo");
    await waitFor(() => expect(screen.getAllByTestId("search-result")).toHaveLength(1));
    slow.resolve([hit("Alpha", "Alpha"), hit("Beta", "Beta")]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.getAllByTestId("search-result").map((row) => row.textContent)).toEqual([
      expect.stringContaining("Apollo"),
    ]);
  });

  test("↓ and ↑ move the selection, Enter opens the page and closes", async () => {
    fakeBackend({ search: () => hits });
    const onclose = vi.fn();
    render(SearchPalette, { onclose });
    await type("Apo");
    await waitFor(() => expect(selectedPage()).toContain("Apollo"));
    const input = screen.getByTestId("search-input");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(selectedPage()).toContain("Apothecary");
    await fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(selectedPage()).toContain("Apogee");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onclose).toHaveBeenCalled();
    expect(navigation.current).toEqual({ view: "page", name: "Apogee", block: 0 });
  });

  test("Esc closes it", async () => {
    fakeBackend({ search: () => [] });
    const onclose = vi.fn();
    render(SearchPalette, { onclose });
    await fireEvent.keyDown(screen.getByTestId("search-input"), { key: "Escape" });
    expect(onclose).toHaveBeenCalled();
  });

  test("records how long each search keystroke took to show its results", async () => {
    fakeBackend({ search: () => hits });
    render(SearchPalette, { onclose: () => {} });
    const before = window.__cairnPerf?.searches.length ?? 0;
    await type("Apo");
    await waitFor(() => expect(window.__cairnPerf?.searches.length).toBe(before + 1));
  });

  test("offers a 1-on-1 with the person the words name, and Enter starts it", async () => {
    const person = { name: "Priya Raman", lastOneOnOne: null, entries: 0, openItems: 0, overdue: false, dueIn: null };
    const screenOf = { name: "Priya Raman", pages: [], entries: [] };
    const backend = fakeBackend({
      search: () => [hit("Priya Raman", "<mark>Priya</mark>")],
      people: () => [person],
      start_one_on_one: () => ({ screen: screenOf, page: "Priya Raman", entry: 0, focus: 1, created: true }),
    });
    const onclose = vi.fn();
    render(SearchPalette, { onclose });
    await waitFor(() => expect(backend.argsOf("people")).toHaveLength(1));
    await type("1-on-1 with pri");
    await waitFor(() => expect(screen.getByTestId("search-command").textContent).toContain("1-on-1 with Priya Raman"));
    expect(screen.getByTestId("search-command").getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(screen.getByTestId("search-input"), { key: "Enter" });
    await waitFor(() => expect(navigation.current).toEqual({ view: "person", name: "Priya Raman" }));
    expect(backend.argsOf("start_one_on_one")).toEqual([{ name: "Priya Raman" }]);
    expect(onclose).toHaveBeenCalled();
  });
});
