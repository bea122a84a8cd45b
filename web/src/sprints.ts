/** Sprint numbers for links. Sprint boundaries come from the server (its configured anchor and length). */

/**
 * The number of the sprint containing `now`, given the server's window of any one sprint `n`
 * (sprints are a fixed cadence, so one window fixes them all).
 */
export function sprintContaining(known: { n: number; from: string; to: string }, now: number): number | null {
  const from = Date.parse(known.from);
  const to = Date.parse(known.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null;
  return known.n + Math.floor((now - from) / (to - from));
}

/** A sprint number from the URL: a whole number (negative before the anchor), else null. */
export function parseSprint(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}

/** The last day of a [from, to) window as YYYY-MM-DD (to is exclusive). */
export function lastDay(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}
