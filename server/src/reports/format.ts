/**
 * How the server writes numbers for people: the report (sentences, markdown, HTML) and the
 * drill-down's explanations. Presentation only: the values come from the metric module
 * unchanged; null (no data) reads "n/a".
 */

export const NA = "n/a";

/** A fraction as a percentage: whole percent from 10% up, one decimal below (0.263 → "26%", 0.046 → "4.6%"). */
export function percent(fraction: number | null): string {
  if (fraction === null) return NA;
  const p = fraction * 100;
  const digits = Math.abs(p) >= 10 || Number.isInteger(p) ? 0 : 1;
  return `${trimZero(p.toFixed(digits))}%`;
}

/**
 * A fraction as a percentage with at most one decimal (0.3371 → "33.7%", 0.05 → "5%"): the
 * precision the dashboard writes a share in, for text the web shows next to its own figures (the
 * ops share's breakdown sentence), so a page never shows "34%" beside "33.7%".
 */
export function percentTenth(fraction: number | null): string {
  if (fraction === null) return NA;
  return `${trimZero((fraction * 100).toFixed(1))}%`;
}

/** Minutes as "45 s", "25 min", "2 h 5 min", "3.4 days" (from 48 h). */
export function duration(minutes: number | null): string {
  if (minutes === null) return NA;
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) {
    const total = Math.round(minutes);
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  return `${trimZero((minutes / 1440).toFixed(1))} days`;
}

/** A plain number: whole from 10 up, one decimal below ("14.75" → "15", "4.25" → "4.3"). */
export function amount(value: number | null): string {
  if (value === null) return NA;
  return Math.abs(value) >= 10 ? String(Math.round(value)) : trimZero(value.toFixed(1));
}

export const hours = (value: number | null): string => (value === null ? NA : `${amount(value)} h`);

/** Money in the configured currency, whole units ("$10,300"); an unknown currency code is written before the number. */
export function money(value: number | null, currency: string): string {
  if (value === null) return NA;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${currency} ${new Intl.NumberFormat("en", { maximumFractionDigits: 0 }).format(value)}`;
  }
}

/** "1 page", "14 pages". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "2026-07-01" for an ISO instant or epoch ms (UTC). */
export const day = (instant: string | number): string => new Date(instant).toISOString().slice(0, 10);

/** "Jul 6" for a YYYY-MM-DD week start (UTC). */
export function shortDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" }).format(d);
}

const trimZero = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
