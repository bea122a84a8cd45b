/** Small numeric and calendar helpers shared by the metrics. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/**
 * The values in ascending order, as a typed array: its native numeric sort is several times
 * faster than Array#sort with a comparator, and gives the same order for finite numbers.
 */
export const sortedValues = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** Index (0-based, ascending order) of the lower median of n values; n ≥ 1. */
export const medianIndex = (n: number): number => Math.floor((n - 1) / 2);

/** Index (0-based, ascending order) of the nearest-rank p-th percentile of n values; n ≥ 1. */
export const percentileIndex = (n: number, p: number): number => Math.max(1, Math.ceil((p / 100) * n)) - 1;

/**
 * Lower median of values already sorted ascending; null for none. Reads one index only, so a
 * column whose order statistics were picked in SQL (the values at the indexes these rules name,
 * `length` the count) is as good as the whole column.
 */
export const medianOfSorted = (sorted: ArrayLike<number>): number | null => (sorted.length === 0 ? null : (sorted[medianIndex(sorted.length)] ?? null));

/** Nearest-rank percentile of values already sorted ascending; null for none. Reads one index only. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  return sorted.length === 0 ? null : (sorted[percentileIndex(sorted.length, p)] ?? null);
}

/**
 * Values in ascending order that a median or percentile reads one index of: a sorted list, or a
 * window's weeks each sorted on its own (`SortedRuns`), which need no merging to be read.
 */
export interface Ordered {
  readonly length: number;
  /** The value at `index` (0-based) of the ascending order; `index` < length. */
  nth(index: number): number;
}

/** Values already sorted ascending, read by index. */
export const orderedSorted = (sorted: ArrayLike<number>): Ordered => ({ length: sorted.length, nth: (i) => sorted[i] as number });

/** The values (nulls left out), sorted once. */
export const ordered = (values: readonly (number | null)[]): Ordered => orderedSorted(sortedValues(values.filter((v): v is number => v !== null)));

/** Items grouped by a key, each group in the items' order, the groups in the order their keys first appear. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The index of the first value of sorted[lo, hi) that is ≥ x (`strict`: > x). */
function bound(sorted: ArrayLike<number>, x: number, lo: number, hi: number, strict: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v < x || (strict && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Several runs, each sorted ascending, read as their union in ascending order without merging
 * them: the k-th value by narrowing each run's candidate range around a pivot taken from the
 * widest range, which at least halves that range each step — O(runs² · log n) per read, for a
 * quarter's 13 weekly runs a few hundred comparisons however many values they hold.
 */
export class SortedRuns implements Ordered {
  readonly length: number;
  private readonly runs: readonly ArrayLike<number>[];
  constructor(runs: readonly ArrayLike<number>[]) {
    this.runs = runs.filter((r) => r.length > 0);
    this.length = this.runs.reduce((n, r) => n + r.length, 0);
  }

  nth(index: number): number {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`index ${index} outside 0..${this.length - 1}`);
    const lo = this.runs.map(() => 0);
    const hi = this.runs.map((r) => r.length);
    let k = index; // rank of the answer among the values still in [lo, hi)
    for (;;) {
      let widest = 0;
      for (let i = 1; i < this.runs.length; i++) if ((hi[i] as number) - (lo[i] as number) > (hi[widest] as number) - (lo[widest] as number)) widest = i;
      const run = this.runs[widest] as ArrayLike<number>;
      const pivot = run[((lo[widest] as number) + (hi[widest] as number)) >>> 1] as number;
      let below = 0;
      let atOrBelow = 0;
      const less: number[] = [];
      const lessOrEqual: number[] = [];
      for (let i = 0; i < this.runs.length; i++) {
        const r = this.runs[i] as ArrayLike<number>;
        const l = bound(r, pivot, lo[i] as number, hi[i] as number, false);
        const le = bound(r, pivot, l, hi[i] as number, true);
        less.push(l);
        lessOrEqual.push(le);
        below += l - (lo[i] as number);
        atOrBelow += le - (lo[i] as number);
      }
      if (k < below) for (let i = 0; i < this.runs.length; i++) hi[i] = less[i] as number;
      else if (k < atOrBelow) return pivot;
      else {
        k -= atOrBelow;
        for (let i = 0; i < this.runs.length; i++) lo[i] = lessOrEqual[i] as number;
      }
    }
  }
}

/** Lower median of ordered values; null for none. */
export const medianOf = (values: Ordered): number | null => (values.length === 0 ? null : values.nth(medianIndex(values.length)));

/** Nearest-rank percentile of ordered values; null for none. */
export const percentileOf = (values: Ordered, p: number): number | null => (values.length === 0 ? null : values.nth(percentileIndex(values.length, p)));

/** Lower median (DESIGN: "Median" is the lower median); null for no values. */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : medianOfSorted(sortedValues(values));
}

/** Nearest-rank percentile (p in 0..100): an observed value, never interpolated; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  return values.length === 0 ? null : percentileOfSorted(sortedValues(values), p);
}

/** The first index of `sorted` (ascending by `at`) whose time is at or after `instant`. */
export function lowerBound<T>(sorted: readonly T[], instant: number, at: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(sorted[mid] as T) < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items of `sorted` (ascending by `at`) inside the half-open window [from, to). */
export const sliceByTime = <T>(sorted: readonly T[], at: (item: T) => number, window: { from: number; to: number }): T[] =>
  sorted.slice(lowerBound(sorted, window.from, at), lowerBound(sorted, window.to, at));

/** 1970-01-05, the first Monday of the epoch: UTC weeks are whole 7-day steps from it (no DST in UTC). */
const FIRST_MONDAY = 4 * DAY;

/** Monday 00:00 UTC of the ISO week containing the instant. Arithmetic, no Date: it runs per record. */
export function isoWeekStart(instant: number): number {
  return Math.floor((instant - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
}

/** The start (00:00 UTC) of an instant's UTC day. */
export const utcDayStart = (instant: number): number => Math.floor(instant / DAY) * DAY;

type Span = { from: number; to: number };

/**
 * A span cut at UTC midnights: its whole days, and the part-days before and after them (null
 * where the span starts or ends at midnight). A span holding no whole day gives null `days`.
 */
export function dayCut(span: Span): { days: Span | null; before: Span | null; after: Span | null } {
  const first = Math.ceil(span.from / DAY) * DAY; // the first midnight at or after `from`
  const last = utcDayStart(span.to); // the last midnight at or before `to`
  if (first >= last) return { days: null, before: null, after: null };
  return { days: { from: first, to: last }, before: span.from < first ? { from: span.from, to: first } : null, after: last < span.to ? { from: last, to: span.to } : null };
}

/** ISO weeks overlapping [from, to), each clipped to the window. */
export function isoWeeks(window: { from: number; to: number }): { weekStart: number; from: number; to: number }[] {
  const weeks: { weekStart: number; from: number; to: number }[] = [];
  for (let w = isoWeekStart(window.from); w < window.to; w += WEEK) {
    weeks.push({ weekStart: w, from: Math.max(w, window.from), to: Math.min(w + WEEK, window.to) });
  }
  return weeks;
}

/** YYYY-MM-DD of an instant in UTC. */
export const utcDate = (instant: number): string => new Date(instant).toISOString().slice(0, 10);

/** Minutes from a to b; null when either is unknown or the span is negative (clock skew). */
export function spanMinutes(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const ms = b - a;
  return ms < 0 ? null : ms / MINUTE;
}

/** True when both ends are known and the span is negative. */
export const isNegative = (a: number | null, b: number | null): boolean => a !== null && b !== null && b < a;

export const inWindow = (instant: number, window: { from: number; to: number }): boolean =>
  instant >= window.from && instant < window.to;

/** Calendar months (UTC) overlapping [from, to), each clipped to the window. */
export function calendarMonths(window: { from: number; to: number }): { from: number; to: number }[] {
  const months: { from: number; to: number }[] = [];
  const start = new Date(window.from);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  for (;;) {
    const mFrom = Date.UTC(y, m, 1);
    if (mFrom >= window.to) break;
    const mTo = Date.UTC(y, m + 1, 1);
    months.push({ from: Math.max(mFrom, window.from), to: Math.min(mTo, window.to) });
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return months;
}

/** Index of the last element with key(el) <= value in an array sorted by key; -1 when none. */
export function lastAtOrBefore<T>(sorted: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const el = sorted[mid];
    if (el !== undefined && key(el) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
