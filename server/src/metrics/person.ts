/**
 * One person's view (issue 13, the on-call engineer's page): their interruptions by band and by
 * hour of their own day, the nights they were woken, their ops work per ISO week and their shifts.
 * Pure: facts and a window in, figures out. Times of day are the person's (their IANA zone), as
 * the bands were read when the facts were derived.
 */
import { LEDGER_CATEGORIES, type Band, type InterruptionFact, type LedgerCategory, type LedgerItem, type OncallShift } from "@opsledger/db";
import { localDay } from "./ledger.ts";
import { localWeekdayHour } from "./oncall.ts";
import { WEEK, inWindow, isoWeekStart, utcDate } from "./stats.ts";
import type { Window } from "./types.ts";

export interface PersonWeekView {
  /** Monday of the ISO week (UTC), YYYY-MM-DD. */
  weekStart: string;
  /** The window covers only part of the week. */
  partial: boolean;
  /** Ledger minutes of the enabled categories: measured (alerts, incidents, toil) and estimated (ops changes) apart. */
  measuredMinutes: number;
  estimatedMinutes: number;
  interruptions: number;
  sleepInterruptions: number;
}

export interface PersonView {
  person: string;
  name: string;
  timezone: string;
  /** Interruptions by band of the person's local time. */
  bands: Record<Band, number>;
  /** Interruptions per hour of the person's local day, 0–23, by band. */
  byHour: ({ hour: number } & Record<Band, number>)[];
  /**
   * Nights with at least one sleep-band interruption, each named by the local date the night began
   * (a page at 03:00 on the 8th belongs to the night of the 7th).
   */
  nights: string[];
  weeks: PersonWeekView[];
  /** Shifts overlapping the window, clipped to it, with their length in hours. */
  shifts: { schedule: string; level: number; start: number; end: number; hours: number }[];
  /** The interruptions themselves, newest first, with the local time they happened. */
  interruptions: { at: number; local: string; band: Band; incidentId: string }[];
}

const BANDS: readonly Band[] = ["business", "offHours", "sleep"];
const zero = (): Record<Band, number> => ({ business: 0, offHours: 0, sleep: 0 });

/** "2026-12-07 03:16" in the zone. */
function localClock(instant: number, timezone: string): string {
  const { hour } = localWeekdayHour(instant, timezone);
  const day = localDay(instant, timezone);
  const minute = Math.floor(((instant - day.start) / 60_000) % 60);
  return `${day.date} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** The local date a night began: before 12:00 local it is the night of the day before. */
function nightOf(instant: number, timezone: string): string {
  const { hour } = localWeekdayHour(instant, timezone);
  const day = localDay(instant, timezone);
  return hour < 12 ? localDay(day.start - 1, timezone).date : day.date;
}

export function personView(
  person: { id: string; name: string; timezone: string },
  facts: { interruptions: readonly InterruptionFact[]; items: readonly LedgerItem[]; shifts: readonly OncallShift[] },
  window: Window,
  categories: Readonly<Record<LedgerCategory, boolean>>,
): PersonView {
  const interruptions = facts.interruptions.filter((i) => i.counted && i.person === person.id && inWindow(i.at, window));
  const bands = zero();
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, ...zero() }));
  const nights = new Set<string>();
  for (const i of interruptions) {
    bands[i.band] += 1;
    const slot = byHour[localWeekdayHour(i.at, i.timezone).hour];
    if (slot !== undefined) slot[i.band] += 1;
    if (i.band === "sleep") nights.add(nightOf(i.at, i.timezone));
  }

  const weeks = new Map<number, PersonWeekView>();
  for (let w = isoWeekStart(window.from); w < window.to; w += WEEK) {
    weeks.set(w, { weekStart: utcDate(w), partial: w < window.from || w + WEEK > window.to, measuredMinutes: 0, estimatedMinutes: 0, interruptions: 0, sleepInterruptions: 0 });
  }
  const counted = new Set<string>(LEDGER_CATEGORIES.filter((c) => categories[c]));
  for (const item of facts.items) {
    if (item.person !== person.id || !counted.has(item.category) || !inWindow(item.at, window)) continue;
    const week = weeks.get(isoWeekStart(item.at));
    if (week === undefined) continue;
    if (item.estimated) week.estimatedMinutes += item.minutes;
    else week.measuredMinutes += item.minutes;
  }
  for (const i of interruptions) {
    const week = weeks.get(isoWeekStart(i.at));
    if (week === undefined) continue;
    week.interruptions += 1;
    if (i.band === "sleep") week.sleepInterruptions += 1;
  }

  const shifts = facts.shifts
    .filter((s) => s.person === person.id && s.start < window.to && s.end > window.from)
    .map((s) => {
      const start = Math.max(s.start, window.from);
      const end = Math.min(s.end, window.to);
      return { schedule: s.schedule, level: s.level, start, end, hours: (end - start) / 3_600_000 };
    })
    .sort((a, b) => a.start - b.start || a.schedule.localeCompare(b.schedule));

  return {
    person: person.id,
    name: person.name,
    timezone: person.timezone,
    bands,
    byHour,
    nights: [...nights].sort(),
    weeks: [...weeks.values()],
    shifts,
    interruptions: [...interruptions]
      .sort((a, b) => b.at - a.at || (a.pageId < b.pageId ? -1 : 1))
      .map((i) => ({ at: i.at, local: localClock(i.at, i.timezone), band: i.band, incidentId: i.incidentId })),
  };
}

export { BANDS as PERSON_BANDS };
