import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, expect, test } from "vitest";
import type { PersonRow } from "../lib/bindings/PersonRow";
import { fakeBackend } from "../test/backend";
import PeopleView from "./PeopleView.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

function person(index: number): PersonRow {
  return {
    name: `Person ${String(index).padStart(3, "0")}`,
    lastOneOnOne: null,
    entries: 0,
    openItems: 0,
    overdue: false,
    dueIn: null,
  };
}

const rows = () => screen.queryAllByTestId("person-row");

// Regression: the list's row budget grew one batch and then went back to the first
// screenful for good, because the effect that restarts it came to depend on it.
test("a long people list shows a screenful at once and every row a few frames later", async () => {
  const people = Array.from({ length: 250 }, (_, i) => person(i));
  fakeBackend({ people: () => people });
  render(PeopleView);
  await waitFor(() => expect(rows().length).toBeGreaterThan(0));
  expect(rows().length).toBeLessThan(people.length);
  await waitFor(() => expect(rows()).toHaveLength(people.length), { timeout: 3000 });
  expect(rows().at(-1)?.dataset.person).toBe("Person 249");
});

test("a filter shows every person it matches, however far down the list", async () => {
  const people = Array.from({ length: 250 }, (_, i) => person(i));
  fakeBackend({ people: () => people });
  render(PeopleView);
  await waitFor(() => expect(rows().length).toBeGreaterThan(0));
  await fireEvent.input(screen.getByTestId("people-filter"), { target: { value: "person 24" } });
  await waitFor(() =>
    expect(rows().map((row) => row.dataset.person)).toEqual(Array.from({ length: 10 }, (_, i) => `Person ${240 + i}`)),
  );
});
