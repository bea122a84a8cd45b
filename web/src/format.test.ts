import { describe, expect, test } from "vitest";
import {
  NO_DATA,
  formatCount,
  formatCountOf,
  formatDateTimeIn,
  formatDate,
  formatHours,
  formatLabel,
  formatMinutes,
  formatMinutesShort,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPerWeek,
  formatWeek,
  formatWindow,
} from "./format.ts";

describe("formatMinutes", () => {
  test.each([
    [null, NO_DATA],
    [undefined, NO_DATA],
    [Number.NaN, NO_DATA],
    [0, "0 min"],
    [0.4, "< 1 min"],
    [42, "42 min"],
    [59.6, "1 h"],
    [60, "1 h"],
    [125, "2 h 5 min"],
    [23 * 60 + 59, "23 h 59 min"],
    [24 * 60, "1 day"],
    [3.4 * 24 * 60, "3.4 days"],
    [30 * 24 * 60, "30 days"],
    [-90, "−1 h 30 min"],
  ])("%s minutes → %s", (minutes, expected) => {
    expect(formatMinutes(minutes)).toBe(expected);
  });
});

describe("formatMinutesShort (chart axes)", () => {
  test.each([
    [45, "45m"],
    [180, "3h"],
    [90, "1.5h"],
    [2.5 * 24 * 60, "2.5d"],
    [null, ""],
  ])("%s → %s", (minutes, expected) => {
    expect(formatMinutesShort(minutes)).toBe(expected);
  });
});

describe("numbers", () => {
  test.each([
    [formatPercent(0.125), "12.5%"],
    [formatPercent(0.2), "20%"],
    [formatPercent(1), "100%"],
    [formatPercent(null), NO_DATA],
    [formatCount(12345), "12,345"],
    [formatCount(null), NO_DATA],
    [formatNumber(3.45), "3.5"],
    [formatPerWeek(3.44), "3.4 / week"],
    [formatPerWeek(null), NO_DATA],
    [formatHours(12.34), "12.3 h"],
    [formatMoney(1234.5, "EUR"), "€1,235"],
    [formatMoney(99, "USD"), "US$99"],
    [formatMoney(null, "USD"), NO_DATA],
    [formatMoney(10, "NOT-A-CURRENCY"), "10 NOT-A-CURRENCY"],
  ])("%s is %s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe("dates and labels", () => {
  test("a week start reads as day and month", () => {
    expect(formatWeek("2026-10-05")).toBe("5 Oct");
  });
  test("a malformed week start is shown as given", () => {
    expect(formatWeek("week-41")).toBe("week-41");
  });
  test("an ISO date reads as a calendar date", () => {
    expect(formatDate("2026-10-05")).toBe("5 Oct 2026");
    expect(formatDate(null)).toBe(NO_DATA);
  });
  test.each([
    ["fund-now", "Fund now"],
    ["not-yet", "Not yet"],
    ["offHours", "Off-hours"],
    ["auto_resolved", "Auto resolved"],
  ])("%s → %s", (value, expected) => {
    expect(formatLabel(value)).toBe(expected);
  });
});

describe("times in a person's zone", () => {
  test.each([
    ["2026-12-07T08:16:00Z", "Europe/Berlin", "7 Dec 2026, 09:16 (Europe/Berlin)"],
    ["2026-12-07T08:16:00Z", "America/New_York", "7 Dec 2026, 03:16 (America/New_York)"],
    ["2026-12-07T08:16:00Z", "UTC", "7 Dec 2026, 08:16 (UTC)"],
    ["2026-12-07T08:16:00Z", "Not/AZone", "7 Dec 2026, 08:16 (UTC)"],
  ])("%s in %s", (at, zone, text) => {
    expect(formatDateTimeIn(at, zone)).toBe(text);
  });
  test("counts agree with their noun", () => {
    expect([formatCountOf(1, "incident"), formatCountOf(3, "incident"), formatCountOf(1, "recovery", "recoveries"), formatCountOf(null, "run")]).toEqual(["1 incident", "3 incidents", "1 recovery", "—"]);
  });
});

describe("formatWindow (a server window, [from, to) in UTC)", () => {
  test.each([
    ["a quarter", "2026-09-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "1 Sep – 30 Nov 2026"],
    ["stopped at now, mid-day", "2026-09-02T00:00:00.000Z", "2026-11-18T10:00:00.000Z", "2 Sep – 18 Nov 2026"],
    ["across a year end", "2025-12-29T00:00:00.000Z", "2026-01-05T00:00:00.000Z", "29 Dec 2025 – 4 Jan 2026"],
    ["one day", "2026-10-05T00:00:00.000Z", "2026-10-06T00:00:00.000Z", "5 Oct 2026"],
    ["an instant in the day, not midnight", "2026-10-05T22:00:00.000Z", "2026-10-07T01:00:00.000Z", "5 Oct – 7 Oct 2026"],
    ["empty", "2026-10-05T00:00:00.000Z", "2026-10-05T00:00:00.000Z", NO_DATA],
    ["not dates", "soon", "later", NO_DATA],
  ])("%s", (_name, from, to, expected) => {
    expect(formatWindow({ from, to })).toBe(expected);
  });
});
