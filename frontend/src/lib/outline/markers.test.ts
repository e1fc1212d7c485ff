import { describe, expect, test } from "vitest";
import { isChecked, isStruck, markerChipLabel, rawWithToggledMarker } from "./markers";

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

  test("checking rewrites the leading marker to DONE and leaves the rest as written", () => {
    expect(rawWithToggledMarker("TODO [#A] ship it\nDEADLINE: <2026-11-30 Mon>", "TODO")).toBe(
      "DONE [#A] ship it\nDEADLINE: <2026-11-30 Mon>",
    );
    expect(rawWithToggledMarker("DOING review", "DOING")).toBe("DONE review");
  });

  test("unchecking a DONE task makes it TODO", () => {
    expect(rawWithToggledMarker("DONE ship it", "DONE")).toBe("TODO ship it");
  });

  test("the marker word must stand alone", () => {
    expect(rawWithToggledMarker("TODOS pile up", "TODO")).toBe("DONE TODOS pile up");
  });

  test("in-progress markers get a word next to the checkbox", () => {
    expect(markerChipLabel("DOING")).toBe("doing");
    expect(markerChipLabel("NOW")).toBe("now");
    expect(markerChipLabel("TODO")).toBeNull();
  });
});
