import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { calendarMonths, isoWeekStart, isoWeeks, lowerBound, median, medianOf, ordered, percentile, percentileOf, SortedRuns, sliceByTime, spanMinutes, utcDate } from "./stats.ts";
import { t, win } from "./testRows.ts";

test.each<[number[], number | null]>([
  [[], null],
  [[7], 7],
  [[4, 1, 3, 2], 2],
  [[5, 1, 3], 3],
])("lower median of %j is %s", (values, expected) => {
  expect(median(values)).toBe(expected);
});

test.each<[number[], number, number | null]>([
  [[], 90, null],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10],
  [[3], 90, 3],
])("nearest-rank p%s of %j", (values, p, expected) => {
  expect(percentile(values, p)).toBe(expected);
});

test.each<[string, string]>([
  ["2026-03-02T00:00", "2026-03-02"],
  ["2026-03-08T23:59", "2026-03-02"],
  ["2026-03-09T00:00", "2026-03-09"],
  ["2027-01-01T12:00", "2026-12-28"],
])("ISO week of %s starts %s", (at, monday) => {
  expect(utcDate(isoWeekStart(t(at)))).toBe(monday);
});

test("ISO weeks are clipped to the window", () => {
  expect(isoWeeks(win("2026-03-04", "2026-03-10"))).toEqual([
    { weekStart: t("2026-03-02"), from: t("2026-03-04"), to: t("2026-03-09") },
    { weekStart: t("2026-03-09"), from: t("2026-03-09"), to: t("2026-03-10") },
  ]);
});

test("calendar months are clipped to the window", () => {
  expect(calendarMonths(win("2025-12-20", "2026-02-02"))).toEqual([
    win("2025-12-20", "2026-01-01"),
    win("2026-01-01", "2026-02-01"),
    win("2026-02-01", "2026-02-02"),
  ]);
});

test.each<[number | null, number | null, number | null]>([
  [0, 60_000, 1],
  [60_000, 0, null],
  [null, 0, null],
])("span %s → %s is %s minutes", (a, b, expected) => {
  expect(spanMinutes(a, b)).toBe(expected);
});

describe("sliceByTime", () => {
  const at = (n: number) => n;
  test("keeps the half-open window of a sorted list, ties at the edges included on the left only", () => {
    const sorted = [1, 2, 2, 3, 5, 8];
    expect(sliceByTime(sorted, at, { from: 2, to: 5 })).toEqual([2, 2, 3]);
    expect(sliceByTime(sorted, at, { from: 0, to: 100 })).toEqual(sorted);
    expect(sliceByTime(sorted, at, { from: 6, to: 8 })).toEqual([]);
    expect(sliceByTime([], at, { from: 0, to: 1 })).toEqual([]);
  });
  test("lowerBound is the first position at or after the instant", () => {
    expect([0, 1, 2, 4, 9].map((t) => lowerBound([1, 2, 2, 3, 5, 8], t, at))).toEqual([0, 0, 1, 4, 6]);
  });
});

describe("SortedRuns: a window's weekly sorted values read as one ascending list", () => {
  const runsOf = (lists: number[][]) => new SortedRuns(lists.map((l) => Float64Array.from(l).sort()));

  test("every index answers what merging and sorting would, ties and empty runs included", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -5, max: 40 }).map((v) => v / 4), { maxLength: 30 }), { maxLength: 8 }), (lists) => {
        const merged = lists.flat().sort((a, b) => a - b);
        const runs = runsOf(lists);
        expect(runs.length).toBe(merged.length);
        for (let i = 0; i < merged.length; i++) expect(runs.nth(i)).toBe(merged[i]);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  test("its median and percentile are the lower median and the nearest rank of all the values", () => {
    const lists = [[1, 2, 9], [], [3, 3, 4, 10], [5]];
    const runs = runsOf(lists);
    expect(medianOf(runs)).toBe(median(lists.flat()));
    expect(percentileOf(runs, 90)).toBe(percentile(lists.flat(), 90));
    expect(medianOf(runsOf([]))).toBeNull();
    expect(medianOf(ordered([4, null, 1, 2]))).toBe(2);
  });

  test("an index outside the values is refused, not answered with a neighbour", () => {
    expect(() => runsOf([[1, 2]]).nth(2)).toThrow(RangeError);
  });
});
