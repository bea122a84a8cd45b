/**
 * Every number the dashboard shows goes through one of these. They format values the server
 * computed; none of them computes a metric. `null` (no data) is shown as an em dash.
 */
import { format as formatDateFns, parseISO } from "date-fns";

export const LOCALE = "en-GB";
export const NO_DATA = "—";

const oneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });

const isMissing = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || !Number.isFinite(value);

/** A duration in minutes: "42 min", "2 h 5 min", "3.4 days"; under a minute: "< 1 min". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (isMissing(minutes)) return NO_DATA;
  if (minutes < 0) return `−${formatMinutes(-minutes)}`;
  if (minutes === 0) return "0 min";
  if (minutes < 1) return "< 1 min";
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${integer.format(rounded)} min`;
  if (rounded < 24 * 60) {
    const hours = Math.floor(rounded / 60);
    const rest = rounded % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = minutes / (24 * 60);
  return `${oneDecimal.format(days)} ${days < 1.05 ? "day" : "days"}`;
}

/** A short duration for chart axes: "45m", "3h", "2.5d". */
export function formatMinutesShort(minutes: number | null | undefined): string {
  if (isMissing(minutes)) return "";
  if (minutes < 60) return `${integer.format(Math.round(minutes))}m`;
  if (minutes < 24 * 60) return `${oneDecimal.format(minutes / 60)}h`;
  return `${oneDecimal.format(minutes / (24 * 60))}d`;
}

/** A fraction 0..1 as a percentage: 0.125 → "12.5%". */
export function formatPercent(rate: number | null | undefined): string {
  if (isMissing(rate)) return NO_DATA;
  return percent.format(rate);
}

/** A plain count: 12345 → "12,345". */
export function formatCount(count: number | null | undefined): string {
  if (isMissing(count)) return NO_DATA;
  return integer.format(count);
}

/** A count with its noun, singular for one: (1, "incident") → "1 incident", (3, "incident") → "3 incidents"; no data → "—". */
export function formatCountOf(count: number | null | undefined, one: string, many = `${one}s`): string {
  if (isMissing(count)) return NO_DATA;
  return `${integer.format(count)} ${count === 1 ? one : many}`;
}

/** A number with at most one decimal: 3.45 → "3.5". */
export function formatNumber(value: number | null | undefined): string {
  if (isMissing(value)) return NO_DATA;
  return oneDecimal.format(value);
}

/** A rate per week: 3.4 → "3.4 / week". */
export function formatPerWeek(value: number | null | undefined): string {
  if (isMissing(value)) return NO_DATA;
  return `${oneDecimal.format(value)} / week`;
}

/** Engineer-hours: 12.34 → "12.3 h". */
export function formatHours(hours: number | null | undefined): string {
  if (isMissing(hours)) return NO_DATA;
  return `${oneDecimal.format(hours)} h`;
}

/** Money in whole units of the currency: (1234.5, "EUR") → "€1,235". */
export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (isMissing(amount)) return NO_DATA;
  try {
    return new Intl.NumberFormat(LOCALE, { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    // An unknown currency code from configuration: show the code rather than fail the page.
    return `${integer.format(amount)} ${currency}`;
  }
}

const toDate = (value: number | string | Date): Date =>
  value instanceof Date ? value : typeof value === "number" ? new Date(value) : parseISO(value);

/** A calendar date: "5 Oct 2026". */
export function formatDate(value: number | string | Date | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? NO_DATA : formatDateFns(date, "d MMM yyyy");
}

/**
 * A window the server computed over, [from, to) in UTC, as the days it covers: "2 Sep – 30 Nov
 * 2026"; the year once when both ends share it, the end day inclusive (the last instant before
 * `to`), one day alone as "5 Oct 2026". Days are UTC days, as the server's windows are, whatever
 * the reader's zone.
 */
export function formatWindow(window: { from: string; to: string }): string {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return NO_DATA;
  const utcDay = (ms: number): Date => parseISO(new Date(ms).toISOString().slice(0, 10));
  const first = utcDay(from);
  const last = utcDay(to - 1);
  if (first.getTime() === last.getTime()) return formatDateFns(first, "d MMM yyyy");
  const sameYear = first.getFullYear() === last.getFullYear();
  return `${formatDateFns(first, sameYear ? "d MMM" : "d MMM yyyy")} – ${formatDateFns(last, "d MMM yyyy")}`;
}

/** A date and time: "5 Oct 2026, 14:03". */
export function formatDateTime(value: number | string | Date | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? NO_DATA : formatDateFns(date, "d MMM yyyy, HH:mm");
}

/**
 * A date and time in a named IANA zone, with the zone said: "7 Dec 2026, 09:16 (Europe/Berlin)".
 * For records read in a person's local time (a page's band), so "sleep at 09:16" never appears
 * without the zone that makes it true. An unknown zone falls back to UTC, and says so.
 */
export function formatDateTimeIn(value: number | string | Date | null | undefined, zone: string): string {
  if (value === null || value === undefined) return NO_DATA;
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return NO_DATA;
  const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  try {
    return `${new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: zone }).format(date)} (${zone})`;
  } catch {
    return `${new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: "UTC" }).format(date)} (UTC)`;
  }
}

/** The Monday a weekly point stands for, short, for chart axes: "2026-10-05" → "5 Oct". */
export function formatWeek(weekStart: string): string {
  const date = parseISO(weekStart);
  return Number.isNaN(date.getTime()) ? weekStart : formatDateFns(date, "d MMM");
}

/** "fund-now" → "Fund now", "not-yet" → "Not yet", "offHours" → "Off-hours". */
export function formatLabel(value: string): string {
  if (value === "offHours") return "Off-hours";
  const spaced = value.replace(/[-_]/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
