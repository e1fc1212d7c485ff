import { expect, test } from "vitest";
import type { AgendaRow } from "../bindings/AgendaRow";
import type { AgendaView } from "../bindings/AgendaView";
import { firstRows, locate, moveSelection, replaceRow, rowIds, withKeptRows, type KeptRow } from "./rows";

function row(id: string, done = false): AgendaRow {
  return {
    id,
    marker: done ? "DONE" : "TODO",
    priority: null,
    html: `<p>${id}</p>`,
    deadline: null,
    scheduled: null,
    when: null,
    late: false,
    done,
    project: null,
    person: null,
    page: "P",
    block: 0,
    version: "v",
  };
}

function view(groups: Record<string, string[]>): AgendaView {
  return {
    total: Object.values(groups).flat().length,
    groups: Object.entries(groups).map(([key, ids]) => ({ key, title: key, count: ids.length, late: false, rows: ids.map((id) => row(id)) })),
  };
}

test("a completed row stays where it was when a fresh agenda drops it", () => {
  const before = view({ overdue: ["a", "b", "c"], today: ["d"] });
  const kept = new Map<string, KeptRow>([["b", { row: row("b", true), group: "overdue", title: "Overdue", index: 1 }]]);
  const fresh = view({ overdue: ["a", "c"], today: ["d"] });
  expect(rowIds(withKeptRows(fresh, kept))).toEqual(["a", "b", "c", "d"]);
  expect(locate(withKeptRows(fresh, kept), "b")?.group.rows[1]?.done).toBe(true);
  // Still listed (e.g. a repeater that stays open): the fresh row wins.
  expect(rowIds(withKeptRows(before, kept))).toEqual(["a", "b", "c", "d"]);
  expect(locate(withKeptRows(before, kept), "b")?.group.rows[1]?.done).toBe(false);
  // Its group emptied out: it comes back under the same heading.
  const emptied = withKeptRows(view({ today: ["d"] }), kept);
  expect(emptied.groups.map((g) => [g.title, g.rows.map((r) => r.id)])).toEqual([
    ["today", ["d"]],
    ["Overdue", ["b"]],
  ]);
});

test("a changed row replaces the one with its id", () => {
  const changed = { ...row("c"), priority: "A" };
  expect(locate(replaceRow(view({ x: ["a", "c"] }), changed), "c")?.group.rows[1]?.priority).toBe("A");
});

test("the selection moves within the rows and starts at the first", () => {
  const ids = ["a", "b", "c"];
  expect(moveSelection(ids, null, 1)).toBe("a");
  expect(moveSelection(ids, "a", 1)).toBe("b");
  expect(moveSelection(ids, "c", 1)).toBe("c");
  expect(moveSelection(ids, "a", -1)).toBe("a");
  expect(moveSelection(ids, "gone", -1)).toBe("a");
  expect(moveSelection([], null, 1)).toBeNull();
});

test("the first rows of a list are counted across its groups, and every group stays", () => {
  const view: AgendaView = {
    total: 5,
    groups: [
      { key: "overdue", title: "Overdue", count: 2, late: true, rows: [row("a"), row("b")] },
      { key: "today", title: "Today", count: 3, late: false, rows: [row("c"), row("d"), row("e")] },
      { key: "later", title: "Later", count: 1, late: false, rows: [row("f")] },
    ],
  };
  const first = firstRows(view, 3);
  expect(first.groups.map((g) => g.key)).toEqual(["overdue", "today", "later"]);
  expect(rowIds(first)).toEqual(["a", "b", "c"]);
  expect(first.groups.map((g) => g.count)).toEqual([2, 3, 1]);
  expect(first.groups[0]).toBe(view.groups[0]);
  expect(rowIds(firstRows(view, Infinity))).toEqual(["a", "b", "c", "d", "e", "f"]);
});
