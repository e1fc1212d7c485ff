import { describe, expect, test } from "vitest";
import { completeLink, linkedDay, openLinkAt } from "./linkCompletion";

describe("detecting a `[[` being typed", () => {
  test("right after `[[` the query is empty", () => {
    expect(openLinkAt("see [[", 6)).toEqual({ start: 4, query: "" });
  });

  test("the query is what follows `[[` up to the caret", () => {
    expect(openLinkAt("see [[Pro", 9)).toEqual({ start: 4, query: "Pro" });
    expect(openLinkAt("see [[Project X", 15)).toEqual({ start: 4, query: "Project X" });
  });

  test("a closed link is not open", () => {
    expect(openLinkAt("see [[Projects]] now", 20)).toBeNull();
  });

  test("a line break ends the search for `[[`", () => {
    expect(openLinkAt("[[Pro\nnext", 10)).toBeNull();
  });

  test("text without `[[` has no link", () => {
    expect(openLinkAt("plain [text]", 12)).toBeNull();
  });

  test("only text before the caret counts", () => {
    expect(openLinkAt("ab [[Pro", 2)).toBeNull();
  });
});

describe("completing the link", () => {
  test("replaces the typed query with the full name and closes the link", () => {
    expect(completeLink("see [[Pro and", 9, { start: 4, query: "Pro" }, "Projects")).toEqual({
      text: "see [[Projects]] and",
      caret: 16,
    });
  });

  test("reuses closing brackets already after the caret", () => {
    expect(completeLink("see [[Pro]]", 9, { start: 4, query: "Pro" }, "Projects")).toEqual({
      text: "see [[Projects]]",
      caret: 16,
    });
  });
});

describe("a date typed in a link names that day's journal", () => {
  // 2026-11-24 is a Tuesday.
  test.each([
    ["2024-12-20", "2024-12-20"],
    ["today", "2026-11-24"],
    ["Tomorrow", "2026-11-25"],
    ["fri", "2026-11-27"],
    ["next friday", "2026-11-27"],
    ["+3d", "2026-11-27"],
    ["Mon", "2026-11-30"],
  ])("%s", (typed, day) => expect(linkedDay(typed, "2026-11-24")).toBe(day));

  test.each(["Monitoring", "Frida", "Storage", "2024-13-01", ""])("a page name, not a day: %s", (typed) =>
    expect(linkedDay(typed, "2026-11-24")).toBeNull(),
  );
});
