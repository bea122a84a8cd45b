/**
 * What a view shows lives in its URL — range, team, sprint, quarter — so a link shows the same
 * view. Ranges are whole UTC days written as YYYY-MM-DD, both ends inclusive — the server reads a
 * plain-date `to` as the end of that day.
 */
import { addDays, differenceInCalendarDays, format, isValid, parseISO } from "date-fns";

export interface DateRange {
  /** First day, inclusive, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD. */
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DEFAULT_WEEKS = 12;
export const RANGE_PRESETS = [4, 12, 26, 52] as const;

const isDay = (value: string | null): value is string => value !== null && DAY.test(value) && isValid(parseISO(value));

/** Today's UTC date as YYYY-MM-DD. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function shiftDay(day: string, days: number): string {
  return format(addDays(parseISO(day), days), "yyyy-MM-dd");
}

/** The last `weeks` weeks up to and including today (UTC). */
export function lastWeeks(weeks: number, now: number): DateRange {
  const to = utcDay(now);
  return { from: shiftDay(to, 1 - 7 * weeks), to };
}

/** The range in `?from=&to=`, or the default (last 12 weeks) when missing or malformed. */
export function readRange(params: URLSearchParams, now: number): DateRange {
  const from = params.get("from");
  const to = params.get("to");
  if (isDay(from) && isDay(to) && from <= to) return { from, to };
  return lastWeeks(DEFAULT_WEEKS, now);
}

/** The period of the same length right before `range`, for trends. */
export function previousRange(range: DateRange): DateRange {
  const days = rangeDays(range);
  return { from: shiftDay(range.from, -days), to: shiftDay(range.from, -1) };
}

/** Length of a range in whole days. */
export function rangeDays(range: DateRange): number {
  return differenceInCalendarDays(parseISO(range.to), parseISO(range.from)) + 1;
}

/** `?from=…&to=…` plus any extra parameters, for links that keep the range. */
export function rangeQuery(range: DateRange, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ from: range.from, to: range.to });
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, String(value));
  return `?${params.toString()}`;
}

/** "2026-Q3" → { year: 2026, quarter: 3 }, or null. */
export function parseQuarter(value: string | undefined): { year: number; quarter: 1 | 2 | 3 | 4 } | null {
  const match = value === undefined ? null : /^(\d{4})-Q([1-4])$/.exec(value);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  return { year: Number(match[1]), quarter: Number(match[2]) as 1 | 2 | 3 | 4 };
}

/** The last complete quarter before `now` (UTC), as "YYYY-Qn": the one leadership reviews. */
export function lastCompleteQuarter(now: number): string {
  const date = new Date(now);
  const current = Math.floor(date.getUTCMonth() / 3) + 1;
  return current === 1 ? `${date.getUTCFullYear() - 1}-Q4` : `${date.getUTCFullYear()}-Q${current - 1}`;
}

/** The quarter before "YYYY-Qn". */
export function previousQuarter(value: string): string | null {
  const q = parseQuarter(value);
  if (q === null) return null;
  return q.quarter === 1 ? `${q.year - 1}-Q4` : `${q.year}-Q${q.quarter - 1}`;
}

/** The quarter after "YYYY-Qn". */
export function nextQuarter(value: string): string | null {
  const q = parseQuarter(value);
  if (q === null) return null;
  return q.quarter === 4 ? `${q.year + 1}-Q1` : `${q.year}-Q${q.quarter + 1}`;
}

/** A positive page number from `?page=`, default 1. */
export function readPage(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The quarter `now` falls in (UTC), as "YYYY-Qn". */
export function currentQuarter(now: number): string {
  const date = new Date(now);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}
