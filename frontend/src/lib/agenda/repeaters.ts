// The repeaters the date picker offers, written as Logseq's own picker writes them: `++` for
// weeks (the next occurrence after today, on the same weekday), `.+` for the rest (counted
// from the day the task is done).
import type { TaskChange } from "../bindings/TaskChange";

export type RepeaterChoice = { value: string; label: string };

export const REPEATERS: RepeaterChoice[] = [
  { value: "", label: "Does not repeat" },
  { value: ".+1d", label: "Every day" },
  { value: "++1w", label: "Every week" },
  { value: "++2w", label: "Every 2 weeks" },
  { value: ".+1m", label: "Every month" },
  { value: ".+3m", label: "Every 3 months" },
  { value: ".+1y", label: "Every year" },
];

/** The list, with the date's own repeater added when it is not one of them, so that it is
 * shown and kept as written. */
export function repeaterChoices(current: string | null): RepeaterChoice[] {
  if (current === null || REPEATERS.some((choice) => choice.value === current)) return REPEATERS;
  return [...REPEATERS, { value: current, label: `Repeats ${current}` }];
}

/** The task change that sets a deadline or scheduled date (`null` removes it), with the
 * repeater chosen, or the one there is when none was. */
export function planningChange(kind: "deadline" | "scheduled", date: string | null, repeater?: string): TaskChange {
  const change: TaskChange = kind === "deadline" ? { change: "setDeadline", date } : { change: "setScheduled", date };
  return repeater === undefined ? change : { ...change, repeater };
}
