import { describe, expect, test } from "vitest";
import type { PageSummary } from "./bindings/PageSummary";
import { filteredPages, nextSort } from "./pageList";

const summary = (name: string, blocks: number, modified: number): PageSummary => ({
  name,
  path: `pages/${name}.md`,
  journalDay: null,
  blocks,
  modified,
});
const pages = [summary("Projects", 40, 300), summary("people/Priya", 12, 100), summary("Apollo", 7, 200)];
const names = (list: PageSummary[]) => list.map((page) => page.name);

describe("the All pages list", () => {
  test("sorts by name ignoring case", () => {
    expect(names(filteredPages(pages, "", { key: "name", descending: false }))).toEqual([
      "Apollo",
      "people/Priya",
      "Projects",
    ]);
  });

  test("sorts by blocks or by modification time", () => {
    expect(names(filteredPages(pages, "", { key: "blocks", descending: true }))).toEqual([
      "Projects",
      "people/Priya",
      "Apollo",
    ]);
    expect(names(filteredPages(pages, "", { key: "modified", descending: false }))).toEqual([
      "people/Priya",
      "Apollo",
      "Projects",
    ]);
  });

  test("filters by a case-insensitive part of the name", () => {
    expect(names(filteredPages(pages, "  pri ", { key: "name", descending: false }))).toEqual(["people/Priya"]);
  });

  test("clicking the sorted column flips it; numbers and dates start with the largest", () => {
    expect(nextSort({ key: "name", descending: false }, "name")).toEqual({ key: "name", descending: true });
    expect(nextSort({ key: "name", descending: false }, "modified")).toEqual({ key: "modified", descending: true });
    expect(nextSort({ key: "modified", descending: true }, "name")).toEqual({ key: "name", descending: false });
  });
});
