import { expect, test } from "vitest";
import { isFiltered, loadChoice, noChoice, saveChoice, STORAGE_KEY } from "./filters";

function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

test("a saved choice comes back as it was", () => {
  const storage = memory();
  const choice = { ...noChoice(), project: "Storage Migration", priority: "A", text: "cut", group: "person" as const };
  saveChoice(storage, choice);
  expect(loadChoice(storage)).toEqual(choice);
  expect(isFiltered(choice)).toBe(true);
  expect(isFiltered({ ...noChoice(), group: "tag" })).toBe(false);
});

test("nothing stored, broken JSON or invalid values fall back to no filter", () => {
  expect(loadChoice(memory())).toEqual(noChoice());
  expect(loadChoice(memory({ [STORAGE_KEY]: "{not json" }))).toEqual(noChoice());
  expect(loadChoice(memory({ [STORAGE_KEY]: JSON.stringify({ priority: "Z", group: "colour", person: 7 }) }))).toEqual(noChoice());
});
