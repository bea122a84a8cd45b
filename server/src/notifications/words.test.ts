import { describe, expect, test } from "vitest";
import { formatValue, sparkline, spanWords } from "./words.ts";

const points = (values: (number | null)[]) => values.map((value, i) => ({ weekStart: `2026-11-0${i + 1}`, partial: false, value, count: 1 }));

describe("words of notifications", () => {
  test.each([
    [[0.12, 0.15, 0.22, 0.31], "fraction", "▁▂▅█ 12% → 31%"],
    [[5, 5, 5], "perWeek", "▄▄▄ 5 a week → 5 a week"],
    [[30, null, 90], "minutes", "▁ █ 30 min → 1 h 30 min"],
    [[null, null], "fraction", null],
  ] as const)("sparkline of %j", (values, unit, expected) => {
    expect(sparkline(points([...values]), unit)).toBe(expected);
  });

  test.each([
    [7 * 86_400_000, "week"],
    [28 * 86_400_000, "4 weeks"],
    [10 * 86_400_000, "10 days"],
    [36 * 3_600_000, "36 hours"],
  ])("spanWords(%d) = %s", (ms, words) => {
    expect(spanWords(ms)).toBe(words);
  });

  test.each([
    [0.2, "fraction", "20%"],
    [125, "minutes", "2 h 5 min"],
    [12.5, "perWeek", "13 a week"],
    [null, "count", "n/a"],
  ] as const)("formatValue(%s, %s) = %s", (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});
