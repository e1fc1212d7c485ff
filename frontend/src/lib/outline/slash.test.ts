import { describe, expect, test } from "vitest";
import { matchingCommands, openSlashAt, runTextCommand, slashTaskChange, withoutSlash } from "./slash";

const run = (text: string, id: Parameters<typeof runTextCommand>[2]) => {
  const slash = openSlashAt(text, text.length);
  if (slash === null) throw new Error(`no slash command open in ${JSON.stringify(text)}`);
  return runTextCommand(text, slash, id);
};

describe("a slash command is typed", () => {
  test("after a space or at the start, and filtered by the words of the names", () => {
    expect(openSlashAt("/", 1)).toEqual({ start: 0, query: "" });
    expect(openSlashAt("Ship it /dead", 13)).toEqual({ start: 8, query: "dead" });
    expect(matchingCommands("dead").map((c) => c.id)).toEqual(["deadline"]);
    expect(matchingCommands("ref").map((c) => c.id)).toEqual(["pageReference", "blockReference"]);
    expect(matchingCommands("to").map((c) => c.id)).toEqual(["todo", "today", "tomorrow"]);
    expect(matchingCommands("page r").map((c) => c.id)).toEqual(["pageReference"]);
  });

  test("never in a path, a link or a word that matches nothing", () => {
    expect(openSlashAt("and/or", 6)).toBeNull();
    expect(openSlashAt("see https://example.com/a", 25)).toBeNull();
    expect(openSlashAt("/usr/bin", 8)).toBeNull();
    expect(openSlashAt("50 /zzz", 7)).toBeNull();
  });
});

describe("running a command writes what Logseq writes", () => {
  test("markers and priorities are the library's task changes, the `/query` taken out", () => {
    expect(slashTaskChange("doing")).toEqual({ change: "setMarker", marker: "DOING" });
    expect(slashTaskChange("priorityB")).toEqual({ change: "setPriority", priority: "B" });
    expect(slashTaskChange("noPriority")).toEqual({ change: "setPriority", priority: null });
    expect(slashTaskChange("pageReference")).toBeNull();
    expect(withoutSlash("Write the plan /todo", { start: 15, query: "todo" }, "todo")).toEqual({ text: "Write the plan", caret: 14 });
    expect(matchingCommands("pri").map((c) => c.id)).toEqual(["priorityA", "priorityB", "priorityC", "noPriority"]);
  });

  test("references, queries and code put the caret where the user types next", () => {
    expect(run("See /page", "pageReference")).toEqual({ text: "See [[]]", caret: 6 });
    expect(run("/block", "blockReference")).toEqual({ text: "(())", caret: 2 });
    expect(run("/query", "query")).toEqual({ text: "{{query }}", caret: 8 });
    expect(run("/code", "code")).toEqual({ text: "```\n\n```", caret: 4 });
  });

  test("a heading goes after the marker", () => {
    expect(run("Plans /head", "heading").text).toBe("# Plans");
    expect(run("TODO Plans /head", "heading").text).toBe("TODO # Plans");
  });
});

describe("taking the typed command out", () => {
  test("the command typed at a line's end leaves no space behind; one typed mid-text keeps the text's", () => {
    expect(withoutSlash("Ship it /dead", { start: 8, query: "dead" }, "deadline")).toEqual({ text: "Ship it", caret: 7 });
    expect(withoutSlash("See /page", { start: 4, query: "page" }, "pageReference")).toEqual({ text: "See ", caret: 4 });
  });
});
