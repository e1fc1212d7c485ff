import { expect, test } from "vitest";
import type { ReviewItemView } from "../bindings/ReviewItemView";
import type { ReviewProjectView } from "../bindings/ReviewProjectView";
import { dropOffset, inMonth, loadPeriod, monthLabel, projectChanges, projectsLabel, savePeriod, siblingsOf, toggleProject, toQuery } from "./draft";

function item(id: string, depth: number, months: string[], candidate = false, kind = "review"): ReviewItemView {
  const part = kind === "done" ? "Completed tasks" : "Review";
  return { id, kind, part, candidate, depth, html: id, text: id, reworded: false, tickets: [], sources: [], date: null, months };
}

test("a period becomes the query the shell takes", () => {
  expect(toQuery({ mode: "year", year: 2026, projects: [] })).toEqual({ year: 2026, from: null, to: null, projects: [] });
  expect(toQuery({ mode: "range", from: "2026-01-01", to: "2026-06-30", projects: ["Atlas", "Billing"] })).toEqual({
    year: null,
    from: "2026-01-01",
    to: "2026-06-30",
    projects: ["Atlas", "Billing"],
  });
});

test("projects are picked one by one, and the picker names the choice", () => {
  expect(toggleProject([], "Atlas")).toEqual(["Atlas"]);
  expect(toggleProject(["Atlas", "Billing"], "Atlas")).toEqual(["Billing"]);
  expect(projectsLabel([])).toBe("Every project");
  expect(projectsLabel(["Atlas"])).toBe("Atlas");
  expect(projectsLabel(["Atlas", "Billing"])).toBe("2 projects");
});

test("the period is remembered, and a malformed one falls back to this year", () => {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  expect(loadPeriod(storage, "2026-11-24")).toEqual({ mode: "year", year: 2026, projects: [] });
  savePeriod(storage, { mode: "range", from: "2025-07-01", to: "2026-06-30", projects: ["Atlas"] });
  expect(loadPeriod(storage, "2026-11-24")).toEqual({ mode: "range", from: "2025-07-01", to: "2026-06-30", projects: ["Atlas"] });
  // A period remembered with one project, before several could be chosen.
  store.set("cairn.review.period", JSON.stringify({ mode: "year", year: 2025, project: "Atlas" }));
  expect(loadPeriod(storage, "2026-11-24")).toEqual({ mode: "year", year: 2025, projects: ["Atlas"] });
  store.set("cairn.review.period", "{not json");
  expect(loadPeriod(storage, "2026-11-24").mode).toBe("year");
});

test("a month shows its bullets with the parents they read under", () => {
  const items = [item("a", 0, []), item("b", 1, ["2026-03"]), item("c", 1, ["2026-04"]), item("d", 0, ["2026-03"])];
  expect(inMonth(items, "2026-03").map((i) => i.id)).toEqual(["a", "b", "d"]);
  expect(inMonth(items, null)).toHaveLength(4);
});

test("a whole project goes out, and back in without its candidates", () => {
  const project: ReviewProjectView = { name: "Atlas", items: [item("a", 0, [])], leftOut: [item("b", 0, []), item("c", 0, [], true)] };
  expect(projectChanges(project, false)).toEqual([{ id: "a", include: false }]);
  expect(projectChanges(project, true)).toEqual([{ id: "b", include: true }]);
});

test("months are short names, with the year where it starts", () => {
  expect(monthLabel("2026-06", false)).toBe("Jun");
  expect(monthLabel("2026-06", true)).toBe("Jun 26");
  expect(monthLabel("2027-01", false)).toBe("Jan 27");
});

test("a bullet moves among its part's siblings under the same parent, as the library counts them", () => {
  const items = [
    item("a", 0, []),
    item("a1", 1, []),
    item("a2", 1, []),
    item("b", 0, []),
    item("b1", 1, []),
    item("c", 0, []),
    item("t1", 0, [], false, "done"),
    item("t2", 0, [], false, "done"),
  ];
  expect(siblingsOf(items, "b")).toEqual(["a", "b", "c"]);
  expect(siblingsOf(items, "a2")).toEqual(["a1", "a2"]);
  expect(siblingsOf(items, "b1")).toEqual(["b1"]);
  expect(siblingsOf(items, "t2")).toEqual(["t1", "t2"]);
  expect(dropOffset(items, "c", "a")).toBe(-2);
  expect(dropOffset(items, "a", "b")).toBe(1);
  // Not siblings: another parent, another part, or itself.
  expect(dropOffset(items, "a1", "b1")).toBeNull();
  expect(dropOffset(items, "c", "t1")).toBeNull();
  expect(dropOffset(items, "c", "c")).toBeNull();
});
