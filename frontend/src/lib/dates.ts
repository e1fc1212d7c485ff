// Dates as the app shows them. Formatting is done by hand rather than with Intl so the
// titles read the same on every machine and locale the engineer's vault is opened on.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

type CalendarDay = { year: number; month: number; day: number };

function parseDay(text: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (match === null) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function weekday(date: CalendarDay): string {
  return WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()] ?? "";
}

function monthName(date: CalendarDay): string {
  return MONTHS[date.month - 1] ?? "";
}

/** "2026-11-24" → "Tue, Nov 24, 2026" */
export function journalTitle(day: string): string {
  const date = parseDay(day);
  if (date === null) return day;
  return `${weekday(date)}, ${monthName(date)} ${date.day}, ${date.year}`;
}

function dayNumber(text: string): number | null {
  const date = parseDay(text);
  return date === null ? null : Date.UTC(date.year, date.month - 1, date.day) / 86_400_000;
}

/** "Today", "Yesterday", or null for days further away. */
export function relativeDayLabel(day: string, today: string): string | null {
  const a = dayNumber(day);
  const b = dayNumber(today);
  if (a === null || b === null) return null;
  if (a === b) return "Today";
  if (a === b - 1) return "Yesterday";
  return null;
}

/** A planning date as written ("2024-05-01", "2024-05-01 Wed 10:00") → "May 1" or "May 1, 2024 10:00". */
export function chipDate(written: string, today: string): string {
  const date = parseDay(written);
  if (date === null) return written;
  const time = /\b(\d{1,2}:\d{2})\b/.exec(written)?.[1];
  const sameYear = parseDay(today)?.year === date.year;
  const day = `${monthName(date)} ${date.day}${sameYear ? "" : `, ${date.year}`}`;
  return time === undefined ? day : `${day} ${time}`;
}

export function isBefore(written: string, today: string): boolean {
  const a = dayNumber(written);
  const b = dayNumber(today);
  return a !== null && b !== null && a < b;
}

/** Unix milliseconds → "Nov 24, 2026" in the local time zone. */
export function modifiedDate(unixMs: number): string {
  const date = new Date(unixMs);
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}
