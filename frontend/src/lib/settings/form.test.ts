import { describe, expect, it } from "vitest";
import type { Settings } from "../bindings/Settings";
import { formOf, settingsOf, ticketKeysOf } from "./form";

const SETTINGS: Settings = {
  ticket_url: "https://tracker.example.com/browse/{id}",
  ticket_keys: ["COS", "NAV"],
  people_section: "People",
  projects_section: "Projects",
  one_on_one_cadence_days: 14,
  completion: "property",
  checklist_tasks: false,
};

describe("the settings form", () => {
  it("shows the settings as text and sends back the same settings", () => {
    const form = formOf(SETTINGS);
    expect(form.ticketKeys).toBe("COS, NAV");
    expect(form.cadenceDays).toBe("14");
    expect(settingsOf(form)).toEqual(SETTINGS);
  });

  it("reads ticket keys split by commas or spaces, and none as every key", () => {
    expect(ticketKeysOf(" COS,NAV  PLAT ,")).toEqual(["COS", "NAV", "PLAT"]);
    expect(ticketKeysOf("  ")).toEqual([]);
  });

  it("sends an empty link as none and a cadence that is not a number as 0, for the library to refuse", () => {
    const form = { ...formOf(SETTINGS), ticketUrl: "  ", cadenceDays: "two weeks" };
    const settings = settingsOf(form);
    expect(settings.ticket_url).toBeNull();
    expect(settings.one_on_one_cadence_days).toBe(0);
    expect(settingsOf({ ...form, cadenceDays: " 7 " }).one_on_one_cadence_days).toBe(7);
  });
});
