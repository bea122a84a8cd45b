/**
 * Better or worse, quarter over quarter (issue 13: the VP's "is the organisation getting better?").
 * One rule for every figure the overview and the report compare: a change smaller than 5% of the
 * previous value is "same" (noise at the scale of a quarter), a figure missing on either side has
 * no direction, and each figure says which way is better.
 */
export type Trend = "better" | "worse" | "same";

/** Which way is better, per compared figure. */
export const BETTER: Readonly<Record<TrendFigure, "higher" | "lower">> = {
  deploysPerWeek: "higher",
  leadTime: "lower",
  changeFailureRate: "lower",
  recoveryTime: "lower",
  ciMedianMinutes: "lower",
  ciFailureRate: "lower",
  opsShare: "lower",
};
export type TrendFigure = "deploysPerWeek" | "leadTime" | "changeFailureRate" | "recoveryTime" | "ciMedianMinutes" | "ciFailureRate" | "opsShare";

/** Relative change below which two quarters read as the same. */
export const SAME_WITHIN = 0.05;

/** The direction of `current` against `previous`; null when either has no data. */
export function trendOf(current: number | null, previous: number | null, better: "higher" | "lower"): Trend | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  const scale = Math.abs(previous);
  if (scale === 0 ? delta === 0 : Math.abs(delta) / scale < SAME_WITHIN) return "same";
  return (delta > 0) === (better === "higher") ? "better" : "worse";
}
