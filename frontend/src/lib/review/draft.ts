// The review view's choices that are not the draft's own: which period and project it
// shows (remembered between sessions), and which month of the year at a glance filters it.
// What goes into the draft is the vault's business (the draft page), never kept here.
import type { ReviewChange } from "../bindings/ReviewChange";
import type { ReviewItemView } from "../bindings/ReviewItemView";
import type { ReviewProjectView } from "../bindings/ReviewProjectView";
import type { ReviewQuery } from "../bindings/ReviewQuery";

/** A year, or a range of days (`YYYY-MM-DD`); only some projects when `projects` has any. */
export type Period = { mode: "year"; year: number; projects: string[] } | { mode: "range"; from: string; to: string; projects: string[] };

const KEY = "cairn.review.period";

export function toQuery(period: Period): ReviewQuery {
  const projects = period.projects.filter((p) => p.trim() !== "");
  return period.mode === "year"
    ? { year: period.year, from: null, to: null, projects }
    : { year: null, from: period.from, to: period.to, projects };
}

/** `projects` with `name` added, or taken out when it is there. */
export function toggleProject(projects: readonly string[], name: string): string[] {
  return projects.includes(name) ? projects.filter((p) => p !== name) : [...projects, name];
}

/** What the project picker says: every project, one by name, or how many. */
export function projectsLabel(projects: readonly string[]): string {
  if (projects.length === 0) return "Every project";
  if (projects.length === 1) return projects[0] as string;
  return `${projects.length} projects`;
}

/** The remembered period, else the year of `today`. */
export function loadPeriod(storage: Pick<Storage, "getItem">, today: string): Period {
  const fallback: Period = { mode: "year", year: Number(today.slice(0, 4)), projects: [] };
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? "null") as (Partial<Period> & { project?: unknown }) | null;
    const projects = savedProjects(saved);
    if (saved?.mode === "year" && Number.isInteger(saved.year)) return { mode: "year", year: saved.year as number, projects };
    if (saved?.mode === "range" && isDay(saved.from) && isDay(saved.to)) return { mode: "range", from: saved.from, to: saved.to, projects };
  } catch {
    // A malformed value is as good as none.
  }
  return fallback;
}

export function savePeriod(storage: Pick<Storage, "setItem">, period: Period): void {
  storage.setItem(KEY, JSON.stringify(period));
}

// The projects of a remembered period; one saved before several could be chosen had a
// single `project` (empty for every project).
function savedProjects(saved: { projects?: unknown; project?: unknown } | null): string[] {
  if (Array.isArray(saved?.projects)) return saved.projects.filter((p): p is string => typeof p === "string");
  return typeof saved?.project === "string" && saved.project !== "" ? [saved.project] : [];
}

function isDay(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** Takes every bullet of a project out of the draft (`include` false) or back into it. */
export function projectChanges(project: ReviewProjectView, include: boolean): ReviewChange[] {
  const items = include ? project.leftOut.filter((i) => !i.candidate) : project.items;
  return items.map((item) => ({ id: item.id, include }));
}

/** The bullets shown for a month of the glance (`null`: every bullet), with the ancestors
 * a shown bullet needs to read in its place. */
export function inMonth(items: readonly ReviewItemView[], month: string | null): ReviewItemView[] {
  if (month === null) return [...items];
  const shown = new Set<number>();
  items.forEach((item, i) => {
    if (!item.months.includes(month)) return;
    shown.add(i);
    let depth = item.depth;
    for (let j = i - 1; j >= 0 && depth > 0; j--) {
      const above = items[j];
      if (above !== undefined && above.depth < depth) {
        shown.add(j);
        depth = above.depth;
      }
    }
  });
  return items.filter((_, i) => shown.has(i));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Jun` for `2026-06`; `Jan 27` where a period reaches into another year. */
export function monthLabel(month: string, first: boolean): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1] ?? month;
  return first || month.endsWith("-01") ? `${name} ${month.slice(2, 4)}` : name;
}

/** The ids of the bullets `id` moves among, in order: those of its part under the same
 * parent (as the library's `review::arrange` counts them). */
export function siblingsOf(items: readonly ReviewItemView[], id: string): string[] {
  const parents: (number | null)[] = [];
  const open: number[] = [];
  items.forEach((item, j) => {
    while (open.length > 0 && (items[open[open.length - 1] as number] as ReviewItemView).depth >= item.depth) open.pop();
    parents.push(open.at(-1) ?? null);
    open.push(j);
  });
  const at = items.findIndex((item) => item.id === id);
  const self = items[at];
  if (self === undefined) return [];
  return items.filter((item, j) => item.kind === self.kind && item.depth === self.depth && parents[j] === parents[at]).map((item) => item.id);
}

/** How many places `id` moves to take `target`'s place; `null` when they are not siblings
 * (a bullet moves only among its part's) or are the same bullet. */
export function dropOffset(items: readonly ReviewItemView[], id: string, target: string): number | null {
  const siblings = siblingsOf(items, id);
  const from = siblings.indexOf(id);
  const to = siblings.indexOf(target);
  return from < 0 || to < 0 || from === to ? null : to - from;
}
