// Clicking rendered text puts the caret where the click landed. The rendered text lacks
// the raw text's markup (marker, priority, brackets, emphasis), so the visible text before
// the click is matched against the raw text character by character, skipping the markup.
import type { Caret } from "./keys";

const LEADING_TASK = /^(?:(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS|STARTED) )?(?:\[#[A-Z]\] )?/;

/** The caret for a click at (x, y) on a block's rendered content: where it landed, else at the end. */
export function caretForClick(content: Element, raw: string, x: number, y: number): Caret {
  const rendered = content.querySelector(".block-html");
  const before = rendered === null ? null : visibleTextBefore(rendered, x, y);
  return before === null ? { from: "end", offset: 0 } : { from: "start", offset: rawOffsetForVisiblePrefix(raw, before) };
}

export function rawOffsetForVisiblePrefix(raw: string, visiblePrefix: string): number {
  let position = LEADING_TASK.exec(raw)?.[0].length ?? 0;
  for (const character of visiblePrefix) {
    if (/\s/.test(character)) continue; // rendering collapses and reflows whitespace
    const found = raw.indexOf(character, position);
    if (found < 0) break;
    position = found + 1;
  }
  if (/\s$/.test(visiblePrefix) && /\s/.test(raw[position] ?? "")) position++;
  return position;
}

/** The rendered text of `container` that precedes the point (x, y), or null when the point is outside it. */
export function visibleTextBefore(container: Element, x: number, y: number): string | null {
  const point = caretPoint(x, y);
  if (point === null || !container.contains(point.node)) return null;
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(point.node, point.offset);
  return range.toString();
}

function caretPoint(x: number, y: number): { node: Node; offset: number } | null {
  if (typeof document.caretPositionFromPoint === "function") {
    const position = document.caretPositionFromPoint(x, y);
    return position === null ? null : { node: position.offsetNode, offset: position.offset };
  }
  // WebKit (the Linux and macOS webviews) has only the older API.
  const legacy = document as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null };
  const range = legacy.caretRangeFromPoint?.(x, y) ?? null;
  return range === null ? null : { node: range.startContainer, offset: range.startOffset };
}
