import { describe, expect, test } from "vitest";
import { isChecked, isStruck, markerChipLabel } from "./markers";

describe("the task checkbox", () => {
  test("only DONE shows as checked", () => {
    expect(isChecked("DONE")).toBe(true);
    expect(["TODO", "DOING", "LATER", "NOW", "WAITING", "CANCELED"].some(isChecked)).toBe(false);
  });

  test("DONE and CANCELED are struck through", () => {
    expect(isStruck("DONE")).toBe(true);
    expect(isStruck("CANCELED")).toBe(true);
    expect(isStruck("TODO")).toBe(false);
  });

  test("in-progress markers get a word next to the checkbox", () => {
    expect(markerChipLabel("DOING")).toBe("doing");
    expect(markerChipLabel("NOW")).toBe("now");
    expect(markerChipLabel("TODO")).toBeNull();
  });
});
