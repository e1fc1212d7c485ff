import { describe, expect, test } from "vitest";
import { outline, pageView } from "../../test/fixtures";
import { changedUnderneath, type EditingSnapshot } from "./conflict";

const shown = pageView({ name: "Notes", version: "v1", blocks: outline("Alpha\nBeta\nGamma") });
const onDisk = (version: string, text: string) => pageView({ name: "Notes", version, blocks: outline(text) });
const typingInBeta: EditingSnapshot = { block: 1, base: "Beta", text: "Beta, edited" };

describe("a change on disk conflicts with the edited block", () => {
  test("when the block has unsaved text and its raw changed on disk", () => {
    expect(changedUnderneath(typingInBeta, shown, onDisk("v2", "Alpha\nBeta changed elsewhere\nGamma"))).toBe(true);
  });

  test("when the block is gone from the new version", () => {
    expect(changedUnderneath(typingInBeta, shown, onDisk("v2", "Alpha"))).toBe(true);
  });

  test("when a page without blocks got some while typing into its placeholder", () => {
    const empty = pageView({ name: "Notes", version: null, path: null });
    expect(changedUnderneath({ block: null, base: "", text: "hi" }, empty, onDisk("v1", "Alpha"))).toBe(true);
  });
});

describe("no conflict", () => {
  test("when only other blocks changed", () => {
    expect(changedUnderneath(typingInBeta, shown, onDisk("v2", "Alpha changed\nBeta\nGamma and more"))).toBe(false);
  });

  test("when everything is saved", () => {
    const saved = { block: 1, base: "Beta", text: "Beta" };
    expect(changedUnderneath(saved, shown, onDisk("v2", "Alpha\nBeta changed\nGamma"))).toBe(false);
  });

  test("when the version on disk is the one shown", () => {
    expect(changedUnderneath(typingInBeta, shown, onDisk("v1", "Alpha\nBeta changed\nGamma"))).toBe(false);
  });
});
