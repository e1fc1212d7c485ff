import { describe, expect, test } from "vitest";
import { rawOffsetForVisiblePrefix } from "./clickCaret";

describe("a click on rendered text maps to a caret in the raw text", () => {
  test("plain text maps one to one", () => {
    expect(rawOffsetForVisiblePrefix("hello world", "hello w")).toBe(7);
  });

  test("the marker and priority in front are skipped", () => {
    expect(rawOffsetForVisiblePrefix("TODO [#A] ship it", "sh")).toBe(12);
  });

  test("link brackets and emphasis markup are stepped over", () => {
    const raw = "ask [[Priya]] about **COS-113** today";
    expect(rawOffsetForVisiblePrefix(raw, "ask Priya about COS")).toBe(raw.indexOf("-113"));
    expect(rawOffsetForVisiblePrefix(raw, "ask Pri")).toBe(raw.indexOf("ya]]"));
  });

  test("a click right after a space lands after the space", () => {
    expect(rawOffsetForVisiblePrefix("one two", "one ")).toBe(4);
  });

  test("a click at the very start lands after the task prefix", () => {
    expect(rawOffsetForVisiblePrefix("DONE [#B] tidy", "")).toBe(10);
  });
});
