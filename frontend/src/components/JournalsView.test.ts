import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, expect, test } from "vitest";
import { fakeBackend } from "../test/backend";
import { outline, pageView } from "../test/fixtures";
import { vault } from "../lib/state/vault.svelte";
import JournalsView from "./JournalsView.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const todayPage = pageView({ name: "Nov 24th, 2026", path: null, version: null, journalDay: "2026-11-24" });
const yesterday = pageView({
  name: "Nov 23rd, 2026",
  path: "journals/2026_11_23.md",
  journalDay: "2026-11-23",
  blocks: outline("Quiet day"),
});

test("today comes first with a dated title, then older journals", async () => {
  vault.info = { root: "/notes", name: "notes", pages: 1, journals: 1, today: "2026-11-24", settingsProblem: null };
  fakeBackend({ journals: () => [todayPage, yesterday] });
  render(JournalsView);
  const sections = await screen.findAllByTestId("journal-page");
  expect(sections.map((section) => section.querySelector("header")?.textContent?.replace(/\s+/g, " ").trim())).toEqual([
    "Nov 24th, 2026 Today",
    "Nov 23rd, 2026 Yesterday",
  ]);
});

test("typing into today's empty page creates it with an insert against version null", async () => {
  const created = { ...todayPage, path: "journals/2026_11_24.md", version: "v1", blocks: outline("Standup notes") };
  const backend = fakeBackend({ journals: () => [todayPage], apply_edits: () => ({ page: created, focus: 0 }) });
  const view = render(JournalsView);
  const today = (await screen.findAllByTestId("journal-page"))[0]!;

  await fireEvent.click(today.querySelector(".block-content")!);
  const editor = view.container.querySelector<HTMLTextAreaElement>("textarea.block-editor")!;
  await fireEvent.input(editor, { target: { value: "Standup notes" } });

  await waitFor(() => expect(backend.argsOf("apply_edits")).toHaveLength(1), { timeout: 2000 });
  expect(backend.argsOf("apply_edits")[0]).toEqual({
    page: "Nov 24th, 2026",
    version: null,
    ops: [{ op: "insert", parent: null, index: 0, content: "Standup notes" }],
  });
  await waitFor(() =>
    expect(today.querySelector<HTMLTextAreaElement>('.block[data-block-id="0"] textarea.block-editor')?.value).toBe(
      "Standup notes",
    ),
  );
  expect(window.__cairnPerf?.keystrokes.length).toBeGreaterThan(0);
});
