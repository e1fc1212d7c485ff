// The agenda's rows between fetches: a task completed here stays in its place, struck
// through, until the user leaves the view, even once a fresh agenda no longer lists it;
// and the row the keyboard is on is found by id in the rows as shown.
import type { AgendaGroup } from "../bindings/AgendaGroup";
import type { AgendaRow } from "../bindings/AgendaRow";
import type { AgendaView } from "../bindings/AgendaView";

/** A row completed in this visit, with where it was. */
export type KeptRow = { row: AgendaRow; group: string; title: string; index: number };

/** `view` with `row` in place of the row with the same id. */
export function replaceRow(view: AgendaView, row: AgendaRow): AgendaView {
  return {
    ...view,
    groups: view.groups.map((group) => ({
      ...group,
      rows: group.rows.map((shown) => (shown.id === row.id ? row : shown)),
    })),
  };
}

/** Where the row with `id` is in `view`. */
export function locate(view: AgendaView, id: string): { group: AgendaGroup; index: number } | null {
  for (const group of view.groups) {
    const index = group.rows.findIndex((row) => row.id === id);
    if (index >= 0) return { group, index };
  }
  return null;
}

/** `view` with each kept row that it no longer lists put back where it was. */
export function withKeptRows(view: AgendaView, kept: ReadonlyMap<string, KeptRow>): AgendaView {
  const listed = new Set(view.groups.flatMap((group) => group.rows.map((row) => row.id)));
  const groups = view.groups.map((group) => ({ ...group, rows: [...group.rows] }));
  for (const [id, entry] of kept) {
    if (listed.has(id)) continue;
    let group = groups.find((g) => g.key === entry.group);
    if (group === undefined) {
      group = { key: entry.group, title: entry.title, count: 0, late: false, rows: [] };
      groups.push(group);
    }
    group.rows.splice(Math.min(entry.index, group.rows.length), 0, entry.row);
  }
  return { ...view, groups };
}

/** Every row's id, in the order shown. */
export function rowIds(view: AgendaView): string[] {
  return view.groups.flatMap((group) => group.rows.map((row) => row.id));
}

/** The id `delta` rows away from `current` (the first row when nothing is selected). */
export function moveSelection(ids: readonly string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return ids[0] ?? null;
  return ids[Math.max(0, Math.min(ids.length - 1, at + delta))] ?? null;
}

/**
 * `view` with only its first `budget` rows, counted across the groups in order: what a list
 * builds in the frame it arrives in (the groups and their counts stay whole).
 */
export function firstRows(view: AgendaView, budget: number): AgendaView {
  let left = budget;
  const groups = view.groups.map((group) => {
    const rows = group.rows.length <= left ? group.rows : group.rows.slice(0, Math.max(0, left));
    left -= rows.length;
    return rows === group.rows ? group : { ...group, rows };
  });
  return { ...view, groups };
}
