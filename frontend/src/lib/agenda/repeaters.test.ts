import { describe, expect, it } from "vitest";
import { planningChange, repeaterChoices, REPEATERS } from "./repeaters";

describe("repeaters", () => {
  it("offer Logseq's own forms: ++ for weeks, .+ for the rest", () => {
    expect(REPEATERS.map((r) => r.value)).toEqual(["", ".+1d", "++1w", "++2w", ".+1m", ".+3m", ".+1y"]);
  });

  it("show a date's own repeater, as written, when the list does not have it", () => {
    expect(repeaterChoices(".+1d")).toBe(REPEATERS);
    expect(repeaterChoices(null)).toBe(REPEATERS);
    expect(repeaterChoices(".+1d")).toBe(REPEATERS);
    expect(repeaterChoices(null)).toBe(REPEATERS);
    expect(repeaterChoices("+3d").at(-1)).toEqual({ value: "+3d", label: "Repeats +3d" });
  });

  it("make the task change, keeping the repeater when none was chosen", () => {
    expect(planningChange("deadline", "2026-12-24")).toEqual({ change: "setDeadline", date: "2026-12-24" });
    expect(planningChange("scheduled", "2026-12-24", "++1w")).toEqual({ change: "setScheduled", date: "2026-12-24", repeater: "++1w" });
    expect(planningChange("scheduled", null, "")).toEqual({ change: "setScheduled", date: null, repeater: "" });
  });
});
