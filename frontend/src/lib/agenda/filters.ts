// The agenda's filters and grouping, remembered between visits (and restarts) in the
// window's local storage. A stored value that is not a valid choice is dropped, so an old
// or hand-edited entry can never break the view.
import type { AgendaGrouping } from "../bindings/AgendaGrouping";
import type { AgendaQuery } from "../bindings/AgendaQuery";

export const STORAGE_KEY = "cairn.agenda.filters";

export type AgendaChoice = Omit<AgendaQuery, "expanded">;

export const GROUPINGS: ReadonlyArray<{ value: AgendaGrouping; label: string }> = [
  { value: "date", label: "Date" },
  { value: "priority", label: "Priority" },
  { value: "project", label: "Project" },
  { value: "person", label: "Person" },
  { value: "tag", label: "Tag" },
  { value: "marker", label: "Marker" },
];

export function noChoice(): AgendaChoice {
  return { priority: null, project: null, person: null, tag: null, marker: null, text: "", group: "date" };
}

export function isFiltered(choice: AgendaChoice): boolean {
  return (
    choice.priority !== null ||
    choice.project !== null ||
    choice.person !== null ||
    choice.tag !== null ||
    choice.marker !== null ||
    choice.text.trim() !== ""
  );
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The choice stored in `storage`, or none. */
export function loadChoice(storage: Pick<Storage, "getItem">): AgendaChoice {
  const choice = noChoice();
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}") as Record<string, unknown>;
  } catch {
    return choice;
  }
  if (typeof stored !== "object" || stored === null) return choice;
  choice.priority = ["A", "B", "C", "none"].includes(String(stored.priority)) ? String(stored.priority) : null;
  choice.project = text(stored.project);
  choice.person = text(stored.person);
  choice.tag = text(stored.tag);
  choice.marker = text(stored.marker);
  choice.text = text(stored.text) ?? "";
  const group = GROUPINGS.find((g) => g.value === stored.group);
  choice.group = group?.value ?? "date";
  return choice;
}

export function saveChoice(storage: Pick<Storage, "setItem">, choice: AgendaChoice): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(choice));
}
