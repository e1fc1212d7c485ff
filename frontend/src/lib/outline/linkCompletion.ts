// `[[` autocomplete: find the link being typed at the caret and complete it.

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
