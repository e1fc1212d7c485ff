// Filtering and sorting for the All pages list.
import type { PageSummary } from "./bindings/PageSummary";

export type SortKey = "name" | "blocks" | "modified";
export type Sort = { key: SortKey; descending: boolean };

export function filteredPages(pages: readonly PageSummary[], filter: string, sort: Sort): PageSummary[] {
  const needle = filter.trim().toLowerCase();
  const matching = needle === "" ? [...pages] : pages.filter((page) => page.name.toLowerCase().includes(needle));
  const direction = sort.descending ? -1 : 1;
  return matching.sort((a, b) => direction * compare(a, b, sort.key));
}

function compare(a: PageSummary, b: PageSummary, key: SortKey): number {
  switch (key) {
    case "name":
      return a.name.localeCompare(b.name, undefined, { sensitivity: "base", numeric: true });
    case "blocks":
      return a.blocks - b.blocks;
    case "modified":
      return a.modified - b.modified;
  }
}

/** Clicking the sorted column flips it; another column starts in its natural order. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== "name" };
}
