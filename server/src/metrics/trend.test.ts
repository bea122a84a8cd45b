import { expect, test } from "vitest";
import { trendOf } from "./trend.ts";

test.each<[string, number | null, number | null, "higher" | "lower", string | null]>([
  ["change failure rate 28.8% → 15.5% is better", 0.155, 0.288, "lower", "better"],
  ["lead time up a day is worse", 3 * 1440, 2 * 1440, "lower", "worse"],
  ["more deploys a week is better", 12, 8, "higher", "better"],
  ["fewer deploys a week is worse", 6, 8, "higher", "worse"],
  ["within 5% of the previous quarter is the same", 0.205, 0.2, "lower", "same"],
  ["0 → 0 is the same", 0, 0, "lower", "same"],
  ["0 → 1 failure rate is worse", 0.1, 0, "lower", "worse"],
  ["no data last quarter: no direction", 0.2, null, "lower", null],
  ["no data this quarter: no direction", null, 0.2, "lower", null],
])("%s", (_name, current, previous, better, expected) => {
  expect(trendOf(current, previous, better)).toBe(expected);
});
