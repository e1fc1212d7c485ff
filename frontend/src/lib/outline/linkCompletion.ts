// `[[` autocomplete: find the link being typed at the caret and complete it.
import { parseTypedDate } from "../agenda/typedDate";

export type OpenLink = { start: number; query: string };

/** The unfinished `[[…` that ends at the caret, if any. */
export function openLinkAt(text: string, caret: number): OpenLink | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("[[");
  if (start < 0) return null;
  const query = before.slice(start + 2);
  if (/[\]\[\n]/.test(query)) return null;
  return { start, query };
}

export function completeLink(
  text: string,
  caret: number,
  link: OpenLink,
  name: string,
): { text: string; caret: number } {
  let after = text.slice(caret);
  if (after.startsWith("]]")) after = after.slice(2);
  const inserted = `[[${name}]]`;
  return { text: text.slice(0, link.start) + inserted + after, caret: link.start + inserted.length };
}

const WEEKDAY_NAMES = /^(mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;

/**
 * The day a link being typed names, as `YYYY-MM-DD` (`2024-12-20`, `today`, `fri`,
 * `next friday`, `+3d`), so that completion offers that day's journal; null for anything
 * else. Unlike the date picker, a word is a weekday only when it is one whole, so that
 * `[[Mon` still completes `Monitoring`.
 */
export function linkedDay(query: string, today: string): string | null {
  const text = query.trim().toLowerCase().replace(/^next\s+/, "");
  if (/^[a-z]+$/.test(text) && !WEEKDAY_NAMES.test(text) && !["today", "tomorrow", "yesterday"].includes(text)) return null;
  return parseTypedDate(text, today);
}
