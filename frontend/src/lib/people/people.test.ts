import { expect, test } from "vitest";
import { dueLabel, oneOnOneMatches } from "./people";

test("when someone is due reads in words", () => {
  expect(dueLabel(null)).toBe("never met");
  expect(dueLabel(0)).toBe("due today");
  expect(dueLabel(1)).toBe("due in 1 day");
  expect(dueLabel(-4)).toBe("4 days late");
});

const names = ["Priya Raman", "Sofia Marino", "Tomás Oliveira", "Dev Malhotra"];

test("the palette offers a 1-on-1 with whoever the words name", () => {
  expect(oneOnOneMatches("1-on-1 with pri", names)).toEqual(["Priya Raman"]);
  expect(oneOnOneMatches("1:1 marino", names)).toEqual(["Sofia Marino"]);
  expect(oneOnOneMatches("sofia m", names)).toEqual(["Sofia Marino"]);
  expect(oneOnOneMatches("one-on-one", names)).toEqual(names);
  expect(oneOnOneMatches("rollback", names)).toEqual([]);
  expect(oneOnOneMatches("", names)).toEqual([]);
});
