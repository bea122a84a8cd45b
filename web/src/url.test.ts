import { describe, expect, test } from "vitest";
import { currentQuarter, lastCompleteQuarter, lastWeeks, nextQuarter, parseQuarter, previousQuarter, previousRange, rangeDays, rangeQuery, readPage, readRange } from "./url.ts";

const NOW = Date.parse("2026-11-21T15:00:00Z");

describe("ranges in the URL", () => {
  test("the default is the last 12 weeks up to and including today", () => {
    expect(readRange(new URLSearchParams(), NOW)).toEqual({ from: "2026-08-30", to: "2026-11-21" });
    expect(rangeDays(lastWeeks(12, NOW))).toBe(84);
  });
  test("a valid range is read back as written", () => {
    expect(readRange(new URLSearchParams("from=2026-01-01&to=2026-03-31"), NOW)).toEqual({ from: "2026-01-01", to: "2026-03-31" });
  });
  test.each(["from=2026-03-31&to=2026-01-01", "from=2026-02-30&to=2026-03-01", "from=yesterday&to=today", "from=2026-01-01"])(
    "a malformed range (%s) falls back to the default",
    (query) => {
      expect(readRange(new URLSearchParams(query), NOW)).toEqual(lastWeeks(12, NOW));
    },
  );
  test("the previous period has the same length and ends the day before", () => {
    const range = { from: "2026-08-30", to: "2026-11-21" };
    const previous = previousRange(range);
    expect(previous).toEqual({ from: "2026-06-07", to: "2026-08-29" });
    expect(rangeDays(previous)).toBe(rangeDays(range));
  });
  test("links keep the range and add parameters", () => {
    expect(rangeQuery({ from: "2026-01-01", to: "2026-01-31" }, { page: 2, skip: undefined })).toBe("?from=2026-01-01&to=2026-01-31&page=2");
  });
  test.each([
    ["", 1],
    ["page=3", 3],
    ["page=0", 1],
    ["page=-2", 1],
    ["page=2.5", 1],
    ["page=x", 1],
  ])("page from ?%s is %i", (query, page) => {
    expect(readPage(new URLSearchParams(query))).toBe(page);
  });
});

describe("quarters", () => {
  test.each([
    ["2026-Q3", { year: 2026, quarter: 3 }],
    ["2026-Q5", null],
    ["2026Q3", null],
    [undefined, null],
  ])("%s parses to %o", (text, expected) => {
    expect(parseQuarter(text)).toEqual(expected);
  });
  test("quarters step across years", () => {
    expect(previousQuarter("2026-Q1")).toBe("2025-Q4");
    expect(nextQuarter("2025-Q4")).toBe("2026-Q1");
    expect(previousQuarter("nonsense")).toBeNull();
  });
  test("the report defaults to the last complete quarter", () => {
    expect(currentQuarter(NOW)).toBe("2026-Q4");
    expect(lastCompleteQuarter(NOW)).toBe("2026-Q3");
    expect(lastCompleteQuarter(Date.parse("2026-02-01T00:00:00Z"))).toBe("2025-Q4");
  });
});
