/**
 * Calendar quarters in UTC: "2026-Q3" is [2026-07-01T00:00Z, 2026-10-01T00:00Z). Pure: the
 * caller passes `now`.
 */

export interface Quarter {
  year: number;
  /** 1..4 */
  q: 1 | 2 | 3 | 4;
}

/** Half-open [from, to) in epoch ms. */
export interface QuarterWindow {
  from: number;
  to: number;
}

export const QUARTER_FORM = "YYYY-Qn (e.g. 2026-Q3)";

const PATTERN = /^(\d{4})-Q([1-4])$/i;

const asQ = (n: number): Quarter["q"] => (n <= 1 ? 1 : n === 2 ? 2 : n === 3 ? 3 : 4);

/** "2026-Q3" (a lower-case q is accepted) → { year: 2026, q: 3 }; null for anything else. */
export function parseQuarter(text: string): Quarter | null {
  const m = PATTERN.exec(text.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  if (year < 1970) return null;
  return { year, q: asQ(Number(m[2])) };
}

export const quarterLabel = (quarter: Quarter): string => `${quarter.year}-Q${quarter.q}`;

/** [first day of the quarter, first day of the next one) at 00:00 UTC; Q4 ends on 1 January of the next year. */
export function quarterWindow(quarter: Quarter): QuarterWindow {
  const from = Date.UTC(quarter.year, (quarter.q - 1) * 3, 1);
  const next = nextQuarter(quarter);
  return { from, to: Date.UTC(next.year, (next.q - 1) * 3, 1) };
}

export const previousQuarter = (quarter: Quarter): Quarter =>
  quarter.q === 1 ? { year: quarter.year - 1, q: 4 } : { year: quarter.year, q: asQ(quarter.q - 1) };

export const nextQuarter = (quarter: Quarter): Quarter =>
  quarter.q === 4 ? { year: quarter.year + 1, q: 1 } : { year: quarter.year, q: asQ(quarter.q + 1) };

/** The quarter containing an instant (UTC). */
export function quarterOf(instant: number): Quarter {
  const d = new Date(instant);
  return { year: d.getUTCFullYear(), q: asQ(Math.floor(d.getUTCMonth() / 3) + 1) };
}

/** The most recent quarter that has ended by `now`. */
export const lastCompleteQuarter = (now: number): Quarter => previousQuarter(quarterOf(now));

export type QuarterStatus = "complete" | "current" | "future";

/** complete: ended at or before now; current: now is inside it; future: it starts after now (nothing to report). */
export function quarterStatus(quarter: Quarter, now: number): QuarterStatus {
  const w = quarterWindow(quarter);
  if (w.to <= now) return "complete";
  if (w.from < now) return "current";
  return "future";
}

/** The instant the report is "as of": the quarter's end, or now while the quarter is running. */
export function quarterAsOf(quarter: Quarter, now: number): number {
  const w = quarterWindow(quarter);
  return Math.min(w.to, now);
}
