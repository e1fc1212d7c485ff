// A block's row as an HTML string: toggle, bullet and body with the task's checkbox and
// chips, the rendered text and the properties. Building rows as strings and handing a
// whole page to the parser at once is many times faster than a component per block.
// The `html` field was sanitized by the library; everything else is escaped here.
import type { BlockView } from "../bindings/BlockView";
import { chipDate, isBefore } from "../dates";
import { isChecked, isStruck, markerChipLabel } from "../outline/markers";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const TOGGLE_ICON = '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M6 4l4 4-4 4"></path></svg>';

/** The classes of a block's element; its children follow its row inside it. */
function blockClass(block: BlockView, editing: boolean): string {
  return `block${isStruck(block.marker) ? " struck" : ""}${editing ? " editing" : ""}`;
}

/** The toggle (or the space for one) and the bullet: what a row shows left of its body. */
export function handleHtml(block: BlockView): string {
  const closed = block.collapsed && block.childCount > 0;
  const toggle =
    block.childCount === 0
      ? '<span class="block-toggle-space"></span>'
      : `<button class="block-toggle${closed ? " collapsed" : ""}" aria-label="${closed ? "Expand" : "Collapse"}" aria-expanded="${!closed}">${TOGGLE_ICON}</button>`;
  return `${toggle}<span class="block-bullet${closed ? " closed" : ""}"></span>`;
}

/** A task's checkbox, or a checklist item's box (`- [ ] …`, not a task unless the vault says so). */
function checkboxHtml(block: BlockView): string {
  if (block.marker !== null) {
    return `<input type="checkbox" class="block-marker"${isChecked(block.marker) ? " checked" : ""} aria-label="${escapeHtml(block.marker)}: toggle done">`;
  }
  if (block.checkbox !== null) {
    return `<input type="checkbox" class="block-marker block-checklist"${block.checkbox ? " checked" : ""} aria-label="Checklist item: toggle">`;
  }
  return "";
}

/** What the body of a block's row holds when it is not edited: the rendered block. */
export function contentHtml(block: BlockView, today: string): string {
  const checkbox = checkboxHtml(block);
  const dates = datesHtml(block, today);
  return (
    '<div class="block-content" role="button" tabindex="0">' +
    `<div class="block-line">${checkbox}${leadChipsHtml(block)}<div class="block-html">${block.html}</div></div>` +
    (dates === "" ? "" : `<div class="block-dates">${dates}</div>`) +
    propertiesHtml(block.properties) +
    "</div>"
  );
}

/**
 * The start of a block's element and its whole row, with `content` in the body. Its
 * children, if shown, follow in a `.block-children` element before the block is closed.
 */
export function blockStartHtml(block: BlockView, editing: boolean, handle: string, content: string): string {
  return (
    `<div class="${blockClass(block, editing)}" data-block-id="${block.id}" data-depth="${block.depth}">` +
    `<div class="block-row">${handle}<div class="block-body">${content}</div></div>`
  );
}

function leadChipsHtml(block: BlockView): string {
  const status = markerChipLabel(block.marker);
  const statusChip =
    status === null || block.marker === null
      ? ""
      : `<span class="chip chip-status" data-marker="${escapeHtml(block.marker)}">${escapeHtml(status)}</span>`;
  const priorityChip =
    block.priority === null
      ? ""
      : `<span class="chip chip-priority" data-priority="${escapeHtml(block.priority)}">${escapeHtml(block.priority)}</span>`;
  return statusChip + priorityChip;
}

function datesHtml(block: BlockView, today: string): string {
  const finished = isStruck(block.marker);
  const chip = (kind: string, label: string, written: string | null) => {
    if (written === null) return "";
    const overdue = !finished && isBefore(written, today) ? " overdue" : "";
    return `<span class="chip chip-${kind}${overdue}" title="${escapeHtml(written)}">${label} ${escapeHtml(chipDate(written, today))}</span>`;
  };
  return chip("deadline", "Deadline", block.deadline) + chip("scheduled", "Scheduled", block.scheduled);
}

function propertiesHtml(properties: BlockView["properties"]): string {
  if (properties.length === 0) return "";
  const rows = properties.map(([key, value]) => `<div class="property"><dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd></div>`);
  return `<dl class="block-properties">${rows.join("")}</dl>`;
}
