import { describe, expect, test } from "vitest";
import { deferred } from "../../test/backend";
import { latestOnly } from "./latestOnly";
import { movedSelection } from "./selection";

describe("latest only", () => {
  test("an answer that arrives after a newer request started is dropped", async () => {
    const gate = latestOnly();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = gate.run(() => slow.promise);
    const second = gate.run(() => fast.promise);
    fast.resolve("second");
    slow.resolve("first");
    await expect(second).resolves.toBe("second");
    await expect(first).resolves.toBeNull();
  });

  test("the newest answer is kept even when it arrives last", async () => {
    const gate = latestOnly();
    const older = gate.run(() => Promise.resolve("older"));
    const newer = gate.run(() => Promise.resolve("newer"));
    await expect(older).resolves.toBeNull();
    await expect(newer).resolves.toBe("newer");
  });
});

describe("moving a list selection", () => {
  test("down and up step through the list and wrap at the ends", () => {
    expect(movedSelection(0, 1, 3)).toBe(1);
    expect(movedSelection(2, 1, 3)).toBe(0);
    expect(movedSelection(0, -1, 3)).toBe(2);
  });

  test("from no selection, down picks the first and up the last", () => {
    expect(movedSelection(-1, 1, 3)).toBe(0);
    expect(movedSelection(-1, -1, 3)).toBe(2);
  });

  test("an empty list has no selection", () => {
    expect(movedSelection(0, 1, 0)).toBe(-1);
  });
});
