import { expect, test } from "vitest";
import { agendaIntent } from "./keys";

const press = (key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

test("arrows move, Space completes, Enter opens", () => {
  expect(agendaIntent(press("ArrowDown"))).toEqual({ kind: "move", delta: 1 });
  expect(agendaIntent(press("ArrowUp"))).toEqual({ kind: "move", delta: -1 });
  expect(agendaIntent(press(" "))).toEqual({ kind: "complete" });
  expect(agendaIntent(press("Enter"))).toEqual({ kind: "open" });
});

test("A, B, C and 0 set the priority; T, D and S cycle and pick dates", () => {
  expect(agendaIntent(press("a"))).toEqual({ kind: "priority", priority: "A" });
  expect(agendaIntent(press("C"))).toEqual({ kind: "priority", priority: "C" });
  expect(agendaIntent(press("0"))).toEqual({ kind: "priority", priority: null });
  expect(agendaIntent(press("t"))).toEqual({ kind: "cycle" });
  expect(agendaIntent(press("d"))).toEqual({ kind: "pick", which: "deadline" });
  expect(agendaIntent(press("s"))).toEqual({ kind: "pick", which: "scheduled" });
});

test("Ctrl+Z undoes; other modified keys are left to the window", () => {
  expect(agendaIntent(press("z", { ctrlKey: true }))).toEqual({ kind: "undo" });
  expect(agendaIntent(press("z", { metaKey: true }))).toEqual({ kind: "undo" });
  expect(agendaIntent(press("a", { ctrlKey: true }))).toBeNull();
  expect(agendaIntent(press("A", { shiftKey: true }))).toBeNull();
  expect(agendaIntent(press("k", { ctrlKey: true }))).toBeNull();
});
