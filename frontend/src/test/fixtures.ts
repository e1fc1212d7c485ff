// Test data written the way an outline reads: two spaces per level.
import type { BlockView } from "../lib/bindings/BlockView";
import type { PageView } from "../lib/bindings/PageView";

/**
 * `outline("A\n  B\n  C\nD")` → blocks A (children B, C) and D, in document order.
 * A trailing " [collapsed]" marks a collapsed block.
 */
export function outline(text: string): BlockView[] {
  const blocks: BlockView[] = [];
  const lastAtDepth: number[] = [];
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    const depth = (line.length - line.trimStart().length) / 2;
    const collapsed = line.endsWith(" [collapsed]");
    const raw = line.trim().replace(/ \[collapsed\]$/, "");
    const parent = depth === 0 ? null : (lastAtDepth[depth - 1] ?? null);
    const id = blocks.length;
    blocks.push(block({ id, parent, depth, raw, collapsed }));
    if (parent !== null) blocks[parent]!.childCount++;
    lastAtDepth[depth] = id;
  }
  return blocks;
}

export function block(fields: Partial<BlockView> & { id: number; raw: string }): BlockView {
  return {
    parent: null,
    depth: 0,
    html: fields.raw,
    marker: null,
    priority: null,
    deadline: null,
    deadlineRepeater: null,
    scheduled: null,
    scheduledRepeater: null,
    collapsed: false,
    childCount: 0,
    properties: [],
    checkbox: null,
    ...fields,
  };
}

export function pageView(fields: Partial<PageView> & { name: string }): PageView {
  return {
    path: `pages/${fields.name}.md`,
    version: "v1",
    journalDay: null,
    editable: true,
    readOnlyReason: null,
    blocks: [],
    problems: [],
    showsQueries: false,
    properties: [],
    propertiesText: "",
    ...fields,
  };
}
