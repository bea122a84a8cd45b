/** Time helpers for the demo: UTC days, and local wall-clock hours in a person's IANA zone. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** 1970-01-05 was a Monday: ISO weeks and on-call rotations count from here. */
export const FIRST_MONDAY = 4 * DAY;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  /** Minutes east of UTC at that instant (DST included). */
  offsetMinutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall-clock time at instant `t` (epoch ms) in `timeZone`. */
export function localTime(timeZone: string, t: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const whole = t - (((t % 1000) + 1000) % 1000);
  return {
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 0,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    offsetMinutes: Math.round((asUtc - whole) / MINUTE),
  };
}

/**
 * The instant of local wall-clock `hours` (may be fractional) on the calendar date whose UTC
 * midnight is `utcDay`. The offset is taken at that date's UTC noon: close enough away from the
 * small hours of a DST switch, which is all the demo needs.
 */
export function atLocal(timeZone: string, utcDay: number, hours: number): number {
  const key = `${timeZone} ${utcDay}`;
  let offset = noonOffsets.get(key);
  if (offset === undefined) {
    offset = localTime(timeZone, utcDay + 12 * HOUR).offsetMinutes;
    // Intl is slow enough to matter at scale; a day's offset is asked for many times in a row.
    if (noonOffsets.size > 10_000) noonOffsets.clear();
    noonOffsets.set(key, offset);
  }
  return utcDay + hours * HOUR - offset * MINUTE;
}

const noonOffsets = new Map<string, number>();

/** ISO-8601 in UTC to the whole second, as the sources the demo imitates report instants. */
export function iso(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

/** 0 = Monday … 6 = Sunday, in UTC. */
export function utcWeekday(t: number): number {
  return Math.floor((t - FIRST_MONDAY) / DAY) % 7;
}
