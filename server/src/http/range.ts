/**
 * Time ranges in query strings: `from` and `to` as `YYYY-MM-DD` (UTC midnight; a `to` date is
 * inclusive, so it means the next midnight) or ISO-8601 instants with an offset. Defaults: the
 * last 90 days up to now; the end never passes now. The result is a half-open window [from, to)
 * in epoch ms.
 */
// From @hono/zod-openapi: these fields are documented with `.openapi()`, which it adds to zod.
import { z } from "@hono/zod-openapi";
import { badRequest } from "./errors.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 90;
export const MAX_RANGE_YEARS = 2;

export interface Range {
  from: number;
  to: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const instantSchema = z.iso.datetime({ offset: true });

/** UTC midnight of a calendar date, or null when it is not a real date (2026-02-30). */
function parseDate(text: string): number | null {
  const m = DATE.exec(text);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : null;
}

/**
 * Parse one bound. `endOfDay`: a plain date means the midnight after it (an inclusive `to`).
 * Returns null when the text is neither a date nor an instant with an offset.
 */
export function parseBound(text: string, endOfDay: boolean): number | null {
  const date = parseDate(text);
  if (date !== null) return endOfDay ? date + DAY_MS : date;
  if (DATE.test(text)) return null;
  if (!instantSchema.safeParse(text).success) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

const bound = (endOfDay: boolean) =>
  z.string().transform((text, ctx) => {
    const ms = parseBound(text, endOfDay);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a date YYYY-MM-DD or an ISO-8601 instant with an offset` });
      return z.NEVER;
    }
    return ms;
  });

/** `from` / `to` query fields; spread into a route's `z.strictObject` so unknown parameters stay refused. */
export const rangeFields = {
  from: bound(false).optional(),
  to: bound(true).optional(),
};

/** An `asOf` query field: a date means the end of that day; default now (and never later: `asOfInstant`). */
export const asOfField = { asOf: bound(true).optional() };

/**
 * Fill in the defaults and check the range: from < to, at most two years. Throws a 400. The end
 * stops at now: time that has not happened holds no records, and counting it would dilute every
 * weekly rate and share (`to` = today means the end of today, hours from now).
 */
export function resolveRange(query: { from?: number | undefined; to?: number | undefined }, now: number): Range {
  const end = query.to ?? now;
  const from = query.from ?? end - DEFAULT_RANGE_DAYS * DAY_MS;
  if (query.to !== undefined && from >= end) throw rangeError(`invalid range: from (${iso(from)}) must be before the end of to (${iso(end)}; a to date runs to the end of that day)`, ["from", "to"]);
  if (from >= now) throw rangeError(`invalid range: from (${iso(from)}) is in the future`, ["from"]);
  const to = Math.min(end, now);
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_RANGE_YEARS);
  if (to > limit.getTime()) throw rangeError(`invalid range: ${iso(from)} to ${iso(to)} is longer than ${MAX_RANGE_YEARS} years`, ["from", "to"]);
  return { from, to };
}

const rangeError = (detail: string, fields: string[]) => badRequest(detail, fields.map((field) => ({ in: "query" as const, field, detail })));

/** The instant an `asOf` field means: as given, but not after now (see resolveRange). */
export const asOfInstant = (asOf: number | undefined, now: number): number => Math.min(asOf ?? now, now);

/** A sprint's window as far as it has happened: the running sprint ends now; a future one stays as it is (and is empty). */
export const happenedSoFar = (window: Range, now: number): Range => (window.from < now ? { from: window.from, to: Math.min(window.to, now) } : window);

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The range as it goes out in responses. */
export const rangeJson = (range: Range): { from: string; to: string } => ({ from: iso(range.from), to: iso(range.to) });

/** A whole number in a query string (`sprint`, `page`): digits only, so "" or "1e3" is refused, not read as 0 or 1000. */
export const integerParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));
