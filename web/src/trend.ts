/**
 * Which way a figure moved against the previous period, for the arrow beside it. A comparison of
 * two numbers the server computed — no metric is derived here.
 */
export type Direction = "better" | "worse" | "same";

export function trend(current: number | null | undefined, previous: number | null | undefined, better: "higher" | "lower"): Direction | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (current === previous) return "same";
  return (current > previous) === (better === "higher") ? "better" : "worse";
}

/** Arrow for the direction the number moved (not whether that is good). */
export function arrow(current: number | null | undefined, previous: number | null | undefined): "▲" | "▼" | "=" | "" {
  if (current === null || current === undefined || previous === null || previous === undefined) return "";
  return current > previous ? "▲" : current < previous ? "▼" : "=";
}
