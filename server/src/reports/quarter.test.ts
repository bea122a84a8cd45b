import { describe, expect, test } from "vitest";
import {
  lastCompleteQuarter,
  parseQuarter,
  previousQuarter,
  quarterAsOf,
  quarterLabel,
  quarterOf,
  quarterStatus,
  quarterWindow,
} from "./quarter.ts";

const iso = (ms: number) => new Date(ms).toISOString();

describe("parseQuarter", () => {
  test.each([
    ["2026-Q3", { year: 2026, q: 3 }],
    ["2026-Q1", { year: 2026, q: 1 }],
    ["2026-q4", { year: 2026, q: 4 }],
  ])("%s is a quarter", (text, expected) => {
    expect(parseQuarter(text)).toEqual(expected);
  });

  test.each(["2026-Q5", "2026-Q0", "2026Q3", "Q3-2026", "2026-07", "26-Q3", "", "2026-Q3x", "1969-Q4"])("%j is not", (text) => {
    expect(parseQuarter(text)).toBeNull();
  });
});

describe("quarter windows in UTC, [start, start of next)", () => {
  test.each([
    ["2026-Q1", "2026-01-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["2026-Q2", "2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"],
    ["2026-Q3", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z"],
    ["2026-Q4", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("%s", (text, from, to) => {
    const q = parseQuarter(text);
    expect(q).not.toBeNull();
    if (q === null) return;
    const w = quarterWindow(q);
    expect([iso(w.from), iso(w.to)]).toEqual([from, to]);
  });

  test("the previous quarter of a Q1 is Q4 of the year before, and their windows meet", () => {
    const q1 = { year: 2027, q: 1 } as const;
    const q4 = previousQuarter(q1);
    expect(quarterLabel(q4)).toBe("2026-Q4");
    expect(quarterWindow(q4).to).toBe(quarterWindow(q1).from);
  });

  test("an instant at the very start of a quarter belongs to it; the one just before to the previous", () => {
    expect(quarterLabel(quarterOf(Date.UTC(2026, 6, 1)))).toBe("2026-Q3");
    expect(quarterLabel(quarterOf(Date.UTC(2026, 6, 1) - 1))).toBe("2026-Q2");
  });
});

describe("status and asOf relative to now", () => {
  const now = Date.UTC(2026, 10, 21);
  test("the last complete quarter on 2026-11-21 is 2026-Q3, and on 2027-01-01 it is 2026-Q4", () => {
    expect(quarterLabel(lastCompleteQuarter(now))).toBe("2026-Q3");
    expect(quarterLabel(lastCompleteQuarter(Date.UTC(2027, 0, 1)))).toBe("2026-Q4");
  });

  test.each([
    ["2026-Q3", "complete", "2026-10-01T00:00:00.000Z"],
    ["2026-Q4", "current", "2026-11-21T00:00:00.000Z"],
    ["2027-Q1", "future", "2027-01-01T00:00:00.000Z"],
  ])("%s is %s, as of %s", (text, status, asOf) => {
    const q = parseQuarter(text);
    if (q === null) throw new Error("bad fixture");
    expect(quarterStatus(q, now)).toBe(status);
    if (status !== "future") expect(iso(quarterAsOf(q, now))).toBe(asOf);
  });

  test("a quarter starting exactly now has nothing in it yet: future", () => {
    expect(quarterStatus({ year: 2027, q: 1 }, Date.UTC(2027, 0, 1))).toBe("future");
  });
});
