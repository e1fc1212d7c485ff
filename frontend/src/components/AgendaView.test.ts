import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fakeBackend } from "../test/backend";
import type { AgendaRow } from "../lib/bindings/AgendaRow";
import type { AgendaView as View } from "../lib/bindings/AgendaView";
import { navigation } from "../lib/state/navigation.svelte";
import AgendaView from "./AgendaView.svelte";

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  clearMocks();
});

function row(fields: Partial<AgendaRow> & { id: string; html: string }): AgendaRow {
  return {
    marker: "TODO",
    priority: null,
    deadline: null,
    scheduled: null,
    when: null,
    late: false,
    done: false,
    project: null,
    person: null,
    page: "Billing",
    block: 0,
    version: "v1",
    ...fields,
  };
}

const invoice = row({
  id: "t1",
  html: "<p>Send the invoice</p>",
  priority: "A",
  deadline: { date: "2026-11-21", time: null, repeater: null },
  when: "3 days late",
  late: true,
  project: "Billing",
  block: 2,
});
const keys = row({ id: "t2", html: "<p>Rotate the keys</p>", page: "Ops" });

const agenda: View = {
  total: 2,
  groups: [
    { key: "overdue", title: "Overdue", count: 1, late: true, rows: [invoice] },
    { key: "no-date", title: "No date", count: 1, late: false, rows: [keys] },
  ],
};

const facets = {
  projects: [{ name: "Billing", count: 1 }],
  people: [{ name: "Priya Raman", count: 1 }],
  tags: [],
  markers: [{ name: "TODO", count: 2 }],
};

function showAgenda(answers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const backend = fakeBackend({ agenda: () => agenda, agenda_facets: () => facets, ...answers });
  const view = render(AgendaView);
  return { backend, view };
}

const rows = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>("[data-testid=task-row]")];

describe("the agenda", () => {
  test("shows its groups, late ones marked, with each row's dates in words", async () => {
    const { view } = showAgenda();
    await waitFor(() => expect(rows(view.container)).toHaveLength(2));
    const headings = [...view.container.querySelectorAll("h2")].map((h) => [h.textContent?.replace(/\s+/g, " ").trim(), h.classList.contains("late")]);
    expect(headings).toEqual([
      ["Overdue 1", true],
      ["No date 1", false],
    ]);
    expect(screen.getByTestId("task-when").textContent).toBe("3 days late");
    expect(screen.getAllByTestId("task-deadline")[0]!.textContent?.trim()).toMatch(/^Due Nov 21/);
  });

  test("the checkbox completes with the row's version, and the row stays struck through", async () => {
    const { backend, view } = showAgenda({
      change_task: () => ({ row: { ...invoice, done: true, marker: "DONE" }, page: "Billing" }),
    });
    await waitFor(() => expect(rows(view.container)).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("task-check")[0]!);
    await waitFor(() => expect(rows(view.container)[0]!.classList.contains("done")).toBe(true));
    expect(backend.argsOf("change_task")).toEqual([{ id: "t1", version: "v1", change: { change: "complete" } }]);
  });

  test("a conflict is shown and nothing is taken as written", async () => {
    const { view } = showAgenda({
      change_task: () => {
        throw { code: "conflict", message: "pages/Billing.md changed on disk" };
      },
    });
    await waitFor(() => expect(rows(view.container)).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("task-check")[0]!);
    expect((await screen.findByTestId("task-conflict")).textContent).toMatch(/Billing changed on disk/);
    expect(rows(view.container)[0]!.classList.contains("done")).toBe(false);
  });

  test("keys move, set the priority and open the task in its page at its block", async () => {
    const { backend, view } = showAgenda({
      change_task: () => ({ row: { ...invoice, priority: "C" }, page: "Billing" }),
    });
    await waitFor(() => expect(rows(view.container)).toHaveLength(2));
    const list = screen.getByRole("listbox");
    await fireEvent.keyDown(list, { key: "ArrowDown" });
    expect(rows(view.container)[0]!.getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(list, { key: "c" });
    await waitFor(() => expect(backend.argsOf("change_task")).toEqual([{ id: "t1", version: "v1", change: { change: "setPriority", priority: "C" } }]));
    await fireEvent.keyDown(list, { key: "Enter" });
    expect(navigation.current).toEqual({ view: "page", name: "Billing", block: 2 });
  });

  test("a filter goes into the query and is remembered", async () => {
    const { backend } = showAgenda();
    const project = await screen.findByTestId("filter-project");
    await waitFor(() => expect(project.querySelectorAll("option")).toHaveLength(2));
    await fireEvent.change(project, { target: { value: "Billing" } });
    await waitFor(() => expect(backend.argsOf("agenda").at(-1)?.query).toMatchObject({ project: "Billing", group: "date" }));
    expect(JSON.parse(localStorage.getItem("cairn.agenda.filters") ?? "{}")).toMatchObject({ project: "Billing" });
  });
});
