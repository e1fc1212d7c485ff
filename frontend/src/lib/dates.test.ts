import { describe, expect, test } from "vitest";
import { chipDate, isBefore, journalTitle, relativeDayLabel } from "./dates";

describe("journal titles", () => {
  test("read as weekday, month, day and year", () => {
    expect(journalTitle("2026-11-24")).toBe("Tue, Nov 24, 2026");
    expect(journalTitle("2024-02-29")).toBe("Thu, Feb 29, 2024");
    expect(journalTitle("2025-01-05")).toBe("Sun, Jan 5, 2025");
  });

  test("fall back to the text when it is not a date", () => {
    expect(journalTitle("someday")).toBe("someday");
  });

  test("today and yesterday are named", () => {
    expect(relativeDayLabel("2026-11-24", "2026-11-24")).toBe("Today");
    expect(relativeDayLabel("2026-11-23", "2026-11-24")).toBe("Yesterday");
    expect(relativeDayLabel("2026-02-28", "2026-03-01")).toBe("Yesterday");
    expect(relativeDayLabel("2026-11-20", "2026-11-24")).toBeNull();
  });
});

describe("planning chips", () => {
  test("show month and day, with the year only when it is not this year", () => {
    expect(chipDate("2026-11-30", "2026-11-24")).toBe("Nov 30");
    expect(chipDate("2025-05-01 Thu", "2026-11-24")).toBe("May 1, 2025");
  });

  test("keep a time when one is written", () => {
    expect(chipDate("2026-11-30 Mon 10:30", "2026-11-24")).toBe("Nov 30 10:30");
  });

  test("a date before today is overdue; today is not", () => {
    expect(isBefore("2026-11-23", "2026-11-24")).toBe(true);
    expect(isBefore("2026-11-24 Tue 09:00", "2026-11-24")).toBe(false);
    expect(isBefore("2026-12-01", "2026-11-24")).toBe(false);
  });
});
