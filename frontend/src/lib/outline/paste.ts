// Pasting several lines into a block makes them blocks, as Logseq does: a Markdown or
// Logseq list keeps its nesting, other text becomes one block a line. Pure: the editor
// supplies the page's blocks, the edited block and the pasted text, and applies the edit.
import type { EditOp } from "../bindings/EditOp";
import type { EditorState, OutlineAction } from "./keys";
import { siblingPosition } from "./tree";

export type PastedBlock = { depth: number; content: string };

const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d+[.)])[ \t]+(.*)$/;

/** Indentation as a width: a tab counts as four spaces. */
function width(indent: string): number {
  return [...indent].reduce((sum, c) => sum + (c === "\t" ? 4 : 1), 0);
}

/** The blocks pasted text makes, or null when it is one line, or code (which keeps its
 * lines together in the block it is pasted into). */
export function pastedBlocks(text: string): PastedBlock[] | null {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const written = lines.filter((line) => line.trim() !== "");
  if (written.length < 2 || text.includes("```")) return null;
  const items: { indent: number; content: string; listed: boolean }[] = [];
  written.forEach((line, index) => {
    const item = LIST_ITEM.exec(line);
    const last = items[items.length - 1];
    if (item !== null) {
      items.push({ indent: width(item[1] ?? ""), content: (item[2] ?? "").trimEnd(), listed: true });
    } else if (last?.listed && /^\s/.test(line)) {
      // An indented line under a list item is more of that item (its properties, say).
      last.content += `\n${line.trim()}`;
    } else {
      // The first line continues the text at the caret, its leading space and all.
      items.push({ indent: 0, content: index === 0 ? line.trimEnd() : line.trim(), listed: false });
    }
  });
  // Each item is one level under the nearest item above it that is indented less.
  const open: number[] = [];
  return items.map(({ indent, content }) => {
    while (open.length > 0 && (open[open.length - 1] ?? 0) >= indent) open.pop();
    const depth = open.length;
    open.push(indent);
    return { depth, content };
  });
}

/** How many blocks sit under `index` in document order. */
function descendants(state: EditorState, index: number): number {
  const block = state.blocks[index];
  if (block === undefined) return 0;
  let count = 0;
  while ((state.blocks[index + 1 + count]?.depth ?? -1) > block.depth) count += 1;
  return count;
}

/** The edit that pastes `pasted` at the caret: the first line joins the text before the
 * caret, the others become blocks after the edited one (and its children), nested as
 * they were, and the text after the caret follows the last. Null: an ordinary paste. */
export function pasteAction(state: EditorState, text: string): OutlineAction | null {
  const block = state.block;
  const pasted = pastedBlocks(text);
  if (block === null || pasted === null) return null;
  const [first, ...rest] = pasted;
  if (first === undefined || rest.length === 0) return null;
  const before = state.text.slice(0, state.selectionStart);
  const after = state.text.slice(state.selectionEnd);
  const at = state.blocks.findIndex((b) => b.id === block.id);
  const position = siblingPosition(state.blocks, block);
  // Ids are places in document order: the new blocks follow the edited block's subtree,
  // one after another, and indenting a block never moves it in that order.
  const firstNew = block.id + 1 + descendants(state, at);
  const ops: EditOp[] = [{ op: "setContent", block: block.id, content: before + first.content }];
  rest.forEach((item, k) => {
    const content = k === rest.length - 1 ? item.content + after : item.content;
    ops.push({ op: "insert", parent: position.parent, index: position.index + 1 + k, content });
  });
  rest.forEach((item, k) => {
    for (let level = 0; level < item.depth; level += 1) ops.push({ op: "indent", block: firstNew + k });
  });
  const last = rest[rest.length - 1]?.content ?? "";
  return {
    kind: "edit",
    ops,
    focus: { kind: "block", id: firstNew + rest.length - 1 },
    caret: { from: "start", offset: last.length },
  };
}
