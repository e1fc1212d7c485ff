import { describe, expect, test } from "vitest";
import { block } from "../../test/fixtures";
import { blockStartHtml, contentHtml, escapeHtml, handleHtml } from "./rowHtml";

const TODAY = "2026-11-24";

/** The HTML parsed into a detached element, to ask it questions as a page would. */
function parsed(html: string): HTMLElement {
  const element = document.createElement("div");
  element.innerHTML = html;
  return element;
}

describe("a row's HTML", () => {
  test("shows the library's rendered HTML as is, links included", () => {
    const html = 'ask <a class="page-ref" data-page="Priya">Priya</a>';
    const content = parsed(contentHtml(block({ id: 0, raw: "ask [[Priya]]", html }), TODAY));
    expect(content.querySelector(".block-content .block-line .block-html")?.innerHTML).toBe(html);
    expect(content.querySelector("a.page-ref")?.getAttribute("data-page")).toBe("Priya");
    expect(content.querySelector(".block-content")?.getAttribute("role")).toBe("button");
    expect(content.querySelector(".block-content")?.getAttribute("tabindex")).toBe("0");
  });

  test("a checklist item that is not a task shows its box, ticked as written", () => {
    const open = parsed(contentHtml(block({ id: 0, raw: "[ ] pack", checkbox: false }), TODAY));
    const box = open.querySelector<HTMLInputElement>("input.block-marker.block-checklist")!;
    expect(box.checked).toBe(false);
    expect(box.getAttribute("aria-label")).toBe("Checklist item: toggle");
    const ticked = parsed(contentHtml(block({ id: 0, raw: "[x] pack", checkbox: true }), TODAY));
    expect(ticked.querySelector<HTMLInputElement>("input.block-checklist")!.checked).toBe(true);
    expect(parsed(contentHtml(block({ id: 0, raw: "pack" }), TODAY)).querySelector("input")).toBeNull();
  });

  test("a task has a checkbox, checked only when done, and a word for markers in progress", () => {
    const todo = parsed(contentHtml(block({ id: 0, raw: "TODO x", marker: "TODO" }), TODAY));
    const checkbox = todo.querySelector<HTMLInputElement>("input.block-marker")!;
    expect(checkbox.type).toBe("checkbox");
    expect(checkbox.checked).toBe(false);
    expect(checkbox.getAttribute("aria-label")).toBe("TODO: toggle done");
    expect(todo.querySelector(".chip-status")).toBeNull();

    const done = parsed(contentHtml(block({ id: 0, raw: "DONE x", marker: "DONE" }), TODAY));
    expect(done.querySelector<HTMLInputElement>("input.block-marker")!.checked).toBe(true);

    const doing = parsed(contentHtml(block({ id: 0, raw: "DOING x", marker: "DOING" }), TODAY));
    expect(doing.querySelector(".chip-status")?.textContent).toBe("doing");
    expect(doing.querySelector(".chip-status")?.getAttribute("data-marker")).toBe("DOING");

    expect(parsed(contentHtml(block({ id: 0, raw: "x" }), TODAY)).querySelector("input")).toBeNull();
  });

  test("priority and planning dates are chips; a date in the past is overdue unless the task is finished", () => {
    const task = block({ id: 0, raw: "TODO [#A] x", marker: "TODO", priority: "A", deadline: "2026-11-20", scheduled: "2027-01-05" });
    const content = parsed(contentHtml(task, TODAY));
    expect(content.querySelector(".block-line .chip-priority")?.getAttribute("data-priority")).toBe("A");
    const deadline = content.querySelector(".block-dates .chip-deadline")!;
    expect(deadline.textContent).toBe("Deadline Nov 20");
    expect(deadline.getAttribute("title")).toBe("2026-11-20");
    expect(deadline.classList.contains("overdue")).toBe(true);
    const scheduled = content.querySelector(".block-dates .chip-scheduled")!;
    expect(scheduled.textContent).toBe("Scheduled Jan 5, 2027");
    expect(scheduled.classList.contains("overdue")).toBe(false);

    const finished = parsed(contentHtml({ ...task, marker: "DONE" }, TODAY));
    expect(finished.querySelector(".chip-deadline")?.classList.contains("overdue")).toBe(false);
    expect(parsed(contentHtml(block({ id: 0, raw: "x" }), TODAY)).querySelector(".block-dates")).toBeNull();
  });

  test("properties are listed as written", () => {
    const content = parsed(contentHtml(block({ id: 0, raw: "x", properties: [["owner", "Priya"], ["due", "Q3"]] }), TODAY));
    const rows = [...content.querySelectorAll(".block-properties .property")].map((row) => [
      row.querySelector("dt")?.textContent,
      row.querySelector("dd")?.textContent,
    ]);
    expect(rows).toEqual([
      ["owner", "Priya"],
      ["due", "Q3"],
    ]);
  });

  test("everything but the rendered HTML is escaped", () => {
    expect(escapeHtml(`<b a="1" b='2'>&</b>`)).toBe("&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;");
    const hostile = '"><img src=x onerror=alert(1)>';
    const content = parsed(
      contentHtml(block({ id: 0, raw: "x", marker: hostile, priority: hostile, deadline: hostile, properties: [[hostile, hostile]] }), TODAY),
    );
    expect(content.querySelector("img")).toBeNull();
    expect(content.querySelector("dt")?.textContent).toBe(hostile);
    expect(content.querySelector(".chip-priority")?.textContent).toBe(hostile);
  });

  test("a block with children has a toggle; collapsed, it shows a closed bullet", () => {
    const leaf = parsed(handleHtml(block({ id: 0, raw: "x" })));
    expect(leaf.querySelector(".block-toggle-space")).not.toBeNull();
    expect(leaf.querySelector(".block-toggle")).toBeNull();

    const open = parsed(handleHtml(block({ id: 0, raw: "x", childCount: 2 })));
    expect(open.querySelector("button.block-toggle")?.getAttribute("aria-label")).toBe("Collapse");
    expect(open.querySelector(".block-toggle")?.getAttribute("aria-expanded")).toBe("true");
    expect(open.querySelector(".block-bullet")?.classList.contains("closed")).toBe(false);

    const closed = parsed(handleHtml(block({ id: 0, raw: "x", childCount: 2, collapsed: true })));
    expect(closed.querySelector(".block-toggle.collapsed")?.getAttribute("aria-label")).toBe("Expand");
    expect(closed.querySelector(".block-bullet.closed")).not.toBeNull();
  });

  test("the block's element carries its id, depth, and whether it is struck through or edited", () => {
    const done = block({ id: 7, raw: "DONE x", marker: "DONE", depth: 2 });
    const element = parsed(`${blockStartHtml(done, false, "", "")}</div>`).firstElementChild as HTMLElement;
    expect(element.className).toBe("block struck");
    expect(element.dataset).toMatchObject({ blockId: "7", depth: "2" });
    expect(element.querySelector(":scope > .block-row > .block-body")).not.toBeNull();
    const edited = parsed(`${blockStartHtml(done, true, "", "")}</div>`).firstElementChild!;
    expect(edited.className).toBe("block struck editing");
  });
});
