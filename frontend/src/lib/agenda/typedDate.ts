// Dates as a user types them into the date picker: `2026-12-24`, `today`, `tomorrow`,
// a weekday (`fri`, `friday`: the next one after today), or an offset (`+3d`, `+2w`,
// `+1m`, `-1d`). Everything is counted in calendar days from the vault's today, in UTC, so
// the answer does not depend on the machine's time zone.

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function fromDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Rejects 2026-02-30 and the like, which Date would roll over into March.
  return date.getUTCDate() === Number(match[3]) && date.getUTCMonth() === Number(match[2]) - 1 ? date : null;
}

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = fromDay(day);
  if (date === null) return day;
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

function addMonths(date: Date, months: number): Date {
  const day = date.getUTCDate();
  const moved = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0)).getUTCDate();
  moved.setUTCDate(Math.min(day, last));
  return moved;
}

/** The day `typed` names, as `YYYY-MM-DD`, counted from `today`; null when it names none. */
export function parseTypedDate(typed: string, today: string): string | null {
  const text = typed.trim().toLowerCase();
  const base = fromDay(today);
  if (base === null || text === "") return null;
  const exact = fromDay(text);
  if (exact !== null) return toDay(exact);
  if (text === "today") return today;
  if (text === "tomorrow") return addDays(today, 1);
  if (text === "yesterday") return addDays(today, -1);
  const weekday = WEEKDAYS.findIndex((name) => text.length >= 3 && (name.startsWith(text) || text.startsWith(name)));
  if (weekday >= 0 && /^[a-z]+$/.test(text)) {
    const ahead = (weekday - base.getUTCDay() + 7) % 7 || 7;
    return addDays(today, ahead);
  }
  const offset = /^([+-])(\d{1,4})([dwmy])$/.exec(text);
  if (offset !== null) {
    const amount = Number(offset[2]) * (offset[1] === "-" ? -1 : 1);
    const unit = offset[3];
    if (unit === "d") return addDays(today, amount);
    if (unit === "w") return addDays(today, 7 * amount);
    return toDay(addMonths(base, unit === "m" ? amount : 12 * amount));
  }
  return null;
}
