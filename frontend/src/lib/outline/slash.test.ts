import { describe, expect, test } from "vitest";
import { matchingCommands, openSlashAt, plannedDay, runTextCommand, withoutSlash, withPlanning } from "./slash";

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
  test("markers replace the one there, keeping the priority", () => {
    expect(run("Write the plan /todo", "todo")).toEqual({ text: "TODO Write the plan", caret: 19 });
    expect(run("TODO [#A] Ship /done", "done").text).toBe("DONE [#A] Ship");
    expect(run("DOING Ship /to", "todo").text).toBe("TODO Ship");
    expect(runTextCommand("/todo Ship", { start: 0, query: "todo" }, "todo")).toEqual({ text: "TODO Ship", caret: 5 });
  });

  test("references, queries and code put the caret where the user types next", () => {
    expect(run("See /page", "pageReference")).toEqual({ text: "See [[]]", caret: 6 });
    expect(run("/block", "blockReference")).toEqual({ text: "(())", caret: 2 });
    expect(run("/query", "query")).toEqual({ text: "{{query }}", caret: 8 });
    expect(run("/code", "code")).toEqual({ text: "```\n\n```", caret: 4 });
  });

  test("a priority goes after the marker, replacing the one there, or comes out", () => {
    expect(run("TODO Ship it /pri", "priorityA")).toEqual({ text: "TODO [#A] Ship it", caret: 17 });
    expect(run("DOING [#C] Ship /b", "priorityB").text).toBe("DOING [#B] Ship");
    expect(run("Plain note /pri", "priorityC").text).toBe("[#C] Plain note");
    expect(run("TODO [#A] Ship /no", "noPriority").text).toBe("TODO Ship");
    expect(matchingCommands("pri").map((c) => c.id)).toEqual(["priorityA", "priorityB", "priorityC", "noPriority"]);
  });

  test("a heading goes after the marker", () => {
    expect(run("Plans /head", "heading").text).toBe("# Plans");
    expect(run("TODO Plans /head", "heading").text).toBe("TODO # Plans");
  });
});

describe("planning lines", () => {
  test("the command typed at a line's end leaves no space behind; one typed mid-text keeps the text's", () => {
    expect(withoutSlash("Ship it /dead", { start: 8, query: "dead" }, "deadline")).toEqual({ text: "Ship it", caret: 7 });
    expect(withoutSlash("See /page", { start: 4, query: "page" }, "pageReference")).toEqual({ text: "See ", caret: 4 });
  });

  test("a new date goes under the first line, as Logseq writes it", () => {
    expect(withPlanning("TODO Ship\nnotes:: x", "DEADLINE", "2026-12-24")).toBe("TODO Ship\nDEADLINE: <2026-12-24 Thu>\nnotes:: x");
  });

  test("a date already there is replaced, keeping its time and repeater, or taken out", () => {
    const text = "TODO Standup\nSCHEDULED: <2026-12-07 Mon 09:30 .+1w>";
    expect(withPlanning(text, "SCHEDULED", "2026-12-08")).toBe("TODO Standup\nSCHEDULED: <2026-12-08 Tue 09:30 .+1w>");
    expect(plannedDay(text, "SCHEDULED")).toBe("2026-12-07");
    expect(withPlanning(text, "SCHEDULED", null)).toBe("TODO Standup");
    const both = "TODO Ship\nSCHEDULED: <2026-12-07 Mon> DEADLINE: <2026-12-10 Thu>";
    expect(withPlanning(both, "DEADLINE", null)).toBe("TODO Ship\nSCHEDULED: <2026-12-07 Mon>");
    expect(plannedDay("TODO Ship", "DEADLINE")).toBeNull();
  });
});
