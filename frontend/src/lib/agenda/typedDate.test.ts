import { describe, expect, test } from "vitest";
import { addDays, parseTypedDate } from "./typedDate";

// 2026-11-24 is a Tuesday.
const today = "2026-11-24";

describe("typed dates", () => {
  test("an ISO date is taken as it is, and a day that does not exist is refused", () => {
    expect(parseTypedDate("2026-12-24", today)).toBe("2026-12-24");
    expect(parseTypedDate(" 2027-01-05 ", today)).toBe("2027-01-05");
    expect(parseTypedDate("2026-02-30", today)).toBeNull();
  });

  test("weekdays name the next one after today, a week ahead on the same weekday", () => {
    expect(parseTypedDate("fri", today)).toBe("2026-11-27");
    expect(parseTypedDate("Friday", today)).toBe("2026-11-27");
    expect(parseTypedDate("mon", today)).toBe("2026-11-30");
    expect(parseTypedDate("tue", today)).toBe("2026-12-01");
  });

  test("offsets count days, weeks, months and years from today", () => {
    expect(parseTypedDate("+3d", today)).toBe("2026-11-27");
    expect(parseTypedDate("-1d", today)).toBe("2026-11-23");
    expect(parseTypedDate("+2w", today)).toBe("2026-12-08");
    expect(parseTypedDate("+1m", "2026-01-31")).toBe("2026-02-28");
    expect(parseTypedDate("+1y", today)).toBe("2027-11-24");
  });

  test("words and nonsense", () => {
    expect(parseTypedDate("today", today)).toBe(today);
    expect(parseTypedDate("tomorrow", today)).toBe("2026-11-25");
    expect(parseTypedDate("fr", today)).toBeNull();
    expect(parseTypedDate("soon", today)).toBeNull();
    expect(parseTypedDate("", today)).toBeNull();
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
