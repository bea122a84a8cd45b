/** Interruptions, engaged time, on-call load, MTTA/MTTR (DESIGN.md "Interruption", "Engaged time", "On-call load"). */
import type { Acknowledgement, Incident, IncidentFact, Page, Person } from "@opsledger/db";
import { incidentFact } from "./facts.ts";
import { engagedPieces, firstAcksOf, interruptionFactsOf, ledgerItemsFromRows, ledgerWeeks, workingMinutesOf, type LedgerWeek } from "./ledger.ts";
import { Notes } from "./notes.ts";
import type { MetricSettings } from "./settings.ts";
import { DAY, HOUR, MINUTE, WEEK, inWindow, median } from "./stats.ts";
import type { Band, BandCounts, Interruption, OncallInput, OncallLoadWeek, OncallResult, OpsStatus, PersonOncall, Span, Window } from "./types.ts";

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter per zone, cached: building one is far slower than formatting with it. */
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "numeric", hourCycle: "h23" });
    formatters.set(timezone, f);
  }
  return f;
}

export const isValidTimezone = (timezone: string): boolean => {
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
};

/**
 * ISO weekday (1 = Monday) and hour (0–23) of an instant in an IANA zone. Intl applies the zone's
 * rules at that instant, so daylight-saving changes are handled without fixed offsets.
 */
export function localWeekdayHour(instant: number, timezone: string): { weekday: number; hour: number } {
  let weekday = 1;
  let hour = 0;
  for (const part of formatter(timezone).formatToParts(instant)) {
    if (part.type === "weekday") weekday = WEEKDAYS[part.value] ?? 1;
    else if (part.type === "hour") hour = Number(part.value) % 24;
  }
  return { weekday, hour };
}

const QUARTER_HOUR = 15 * MINUTE;
const bandCache = new Map<string, Map<number, Band>>();

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at an instant (ms, local = UTC + offset, to the second); null for instants Date.UTC cannot rebuild (years before 100). */
function offsetAt(instant: number, timezone: string): number | null {
  let f = offsetFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    offsetFormatters.set(timezone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = p;
  if (!(year >= 100)) return null;
  return Date.UTC(year, month - 1, day, hour % 24, minute, second) - Math.floor(instant / 1000) * 1000;
}

const dayOffsets = new Map<string, Map<number, number | null>>();
/**
 * The zone's offset through a whole UTC day, or null when it changes within it (a daylight-saving
 * change: at most one a day, so equal offsets at its first and last millisecond mean none).
 */
function dayOffset(day: number, timezone: string): number | null {
  let zone = dayOffsets.get(timezone);
  if (!zone || zone.size > 100_000) {
    zone = new Map();
    dayOffsets.set(timezone, zone);
  }
  let offset = zone.get(day);
  if (offset === undefined) {
    const first = offsetAt(day, timezone);
    offset = first !== null && first === offsetAt(day + DAY - 1, timezone) ? first : null;
    zone.set(day, offset);
  }
  return offset;
}

/**
 * Band of an instant in an IANA zone: sleep 22–08 every day (wins), business Mon–Fri 08–18, else
 * off-hours. Zone offsets are whole quarter-hours, so the local hour is constant within a UTC
 * quarter-hour and the band is cached per quarter-hour. The (slow) Intl lookup is made twice per
 * UTC day, for the zone's offset through it — a quarter's alerts of a noisy key touch thousands
 * of quarter-hours but only ninety days — and per instant only on a day whose offset changes.
 */
export function bandAt(instant: number, timezone: string): Band {
  let zone = bandCache.get(timezone);
  if (!zone || zone.size > 200_000) {
    zone = new Map();
    bandCache.set(timezone, zone);
  }
  const slot = Math.floor(instant / QUARTER_HOUR);
  const cached = zone.get(slot);
  if (cached !== undefined) return cached;
  const offset = dayOffset(Math.floor(instant / DAY) * DAY, timezone);
  let weekday: number;
  let hour: number;
  if (offset === null) ({ weekday, hour } = localWeekdayHour(instant, timezone));
  else {
    const local = instant + offset;
    const localDay = Math.floor(local / DAY);
    hour = Math.floor((local - localDay * DAY) / HOUR);
    weekday = ((((localDay + 3) % 7) + 7) % 7) + 1; // day 0, 1970-01-01, was a Thursday (ISO 4)
  }
  const band: Band = hour >= 22 || hour < 8 ? "sleep" : weekday <= 5 && hour < 18 ? "business" : "offHours";
  zone.set(slot, band);
  return band;
}

/**
 * Pages in the window that count as interruptions: sms, phone or push (email is not); a page to
 * the same person within 60 s of the previously counted one is folded into it. Banded in the
 * person's time zone (UTC when the person or zone is unknown). Sorted by time.
 */
export function interruptions(pages: Page[], people: Person[], window: Window): Interruption[] {
  const zones = new Map(people.map((p) => [p.id, p.timezone]));
  const byPerson = new Map<string, Page[]>();
  for (const page of pages) {
    const list = byPerson.get(page.person);
    if (list) list.push(page);
    else byPerson.set(page.person, [page]);
  }
  const pageOf = new Map(pages.map((p) => [`${p.source}\u0000${p.id}`, p]));
  const out: Interruption[] = [];
  for (const [person, list] of byPerson) {
    // A burst straddling the window's start is one interruption: the merge runs over every page.
    for (const f of interruptionFactsOf(list, zones.get(person) ?? null)) {
      const page = pageOf.get(`${f.source}\u0000${f.pageId}`);
      if (page && inWindow(f.at, window)) out.push({ page, band: f.band, timezone: f.timezone, merged: f.merged });
    }
  }
  return out.sort((a, b) => a.page.at - b.page.at || (a.page.id < b.page.id ? -1 : 1));
}

export const countBands = (list: readonly { band: Band }[]): BandCounts => {
  const counts: BandCounts = { business: 0, offHours: 0, sleep: 0, total: 0 };
  for (const i of list) {
    counts[i.band] += 1;
    counts.total += 1;
  }
  return counts;
};

/** Union of spans, sorted; touching spans join. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * One person's engaged time: the union of [acknowledged, resolved) spans of the incidents they
 * acknowledged (open incidents run to the window's end), each capped at `engagedCapHours`,
 * clipped to the window, overlaps merged. Epoch ms.
 */
export function engagedSpans(
  person: string,
  acknowledgements: Acknowledgement[],
  incidents: Incident[],
  window: Window,
  settings: MetricSettings,
): Span[] {
  const pieces = engagedPieces(firstAcksOf(acknowledgements.filter((a) => a.person === person)), new Map(incidents.map((i) => [i.id, i])), settings);
  return mergeSpans(
    pieces.flatMap((p) => {
      const start = Math.max(p.start, window.from);
      const end = Math.min(p.end, window.to);
      return end > start ? [{ start, end }] : [];
    }),
  );
}

export const opsStatus = (share: number | null, settings: Pick<MetricSettings, "opsShareWarning" | "opsShareCritical">): OpsStatus | null =>
  share === null ? null : share >= settings.opsShareCritical ? "critical" : share >= settings.opsShareWarning ? "warning" : "ok";

/**
 * On-call figures of a team over a window, from its ledger weeks and the incident facts of its
 * services created in the window: per member interruptions by band, engaged minutes, and
 * DESIGN's on-call load ("a person's alert and incident minutes in a week they held a shift at
 * any time / their working minutes for that week"), per week and over their on-call weeks;
 * MTTA and MTTR (minutes). Never averaged into the ops share.
 */
export function oncallFrom(
  weeks: readonly LedgerWeek[],
  members: readonly { id: string; name: string }[],
  incidents: IncidentTimes,
  settings: Pick<MetricSettings, "workingHoursPerWeek">,
): OncallResult {
  const notes = new Notes();
  const skipped = { merged: 0, zoneUnknown: 0, emails: 0, acksOrphan: 0, acksNegative: 0 };
  // Each week's person rows by person, looked up once per member and week (a team has hundreds).
  const byPerson = weeks.map((w) => new Map(w.people.map((p) => [p.person, p])));
  const people: PersonOncall[] = members.map((m) => {
    const bands = { business: 0, offHours: 0, sleep: 0, total: 0 };
    let engagedMinutes = 0;
    let minutes = 0;
    let onCallMinutes = 0;
    let onCallWorking = 0;
    const loadWeeks: OncallLoadWeek[] = weeks.map((w, i) => {
      const pw = byPerson[i]?.get(m.id);
      const workingMinutes = workingMinutesOf(w.from, w.to, settings);
      const weekMinutes = pw ? pw.minutes.alerts + pw.minutes.incidents : 0;
      if (pw) {
        bands.business += pw.business;
        bands.offHours += pw.offHours;
        bands.sleep += pw.sleep;
        engagedMinutes += pw.engagedMinutes;
        for (const k of Object.keys(skipped) as (keyof typeof skipped)[]) skipped[k] += pw.skipped[k];
      }
      minutes += weekMinutes;
      const onCall = pw?.onCall ?? false;
      if (onCall) {
        onCallMinutes += weekMinutes;
        onCallWorking += workingMinutes;
      }
      return {
        weekStart: new Date(w.weekStart).toISOString().slice(0, 10),
        partial: w.from !== w.weekStart || w.to !== w.weekStart + WEEK,
        onCall,
        minutes: weekMinutes,
        workingMinutes,
        load: onCall && workingMinutes > 0 ? weekMinutes / workingMinutes : null,
      };
    });
    bands.total = bands.business + bands.offHours + bands.sleep;
    const onCall = loadWeeks.some((w) => w.onCall);
    return { person: m.id, name: m.name, interruptions: bands, engagedMinutes, minutes, onCall, load: onCall && onCallWorking > 0 ? onCallMinutes / onCallWorking : null, weeks: loadWeeks };
  });

  const sum = (pick: (p: PersonOncall) => number): number => people.reduce((s, p) => s + pick(p), 0);
  notes.add("members_without_shifts", people.filter((p) => !p.onCall).length, "members with no on-call shift in the window have no on-call load");
  notes.add("pages_email_ignored", skipped.emails, "email notifications are not interruptions");
  notes.add("pages_merged_within_60s", skipped.merged, "pages to the same person within 60 s counted once");
  notes.add("pages_person_unknown", skipped.zoneUnknown, "pages to people without a known time zone, banded in UTC");
  notes.add("acknowledgements_without_incident", skipped.acksOrphan, "acknowledgements of incidents not found; no engaged time counted");
  notes.add(
    "negative_span_clock_skew",
    skipped.acksNegative + incidents.negative,
    "acknowledged or resolved before created (clock skew); left out",
  );
  return {
    people,
    team: {
      interruptions: {
        business: sum((p) => p.interruptions.business),
        offHours: sum((p) => p.interruptions.offHours),
        sleep: sum((p) => p.interruptions.sleep),
        total: sum((p) => p.interruptions.total),
      },
      engagedMinutes: sum((p) => p.engagedMinutes),
      onCallMembers: people.filter((p) => p.onCall).length,
    },
    mtta: incidents.mtta,
    mttr: incidents.mttr,
    notes: notes.list,
  };
}

/**
 * What the on-call figures say of the team's incidents created in the window: MTTA and MTTR (the
 * median minutes to first acknowledgement and to resolution, over the incidents that have one, with
 * their counts) and how many were acknowledged or resolved before they were created (clock skew).
 * From facts (`incidentTimesOf`) or from the rollups' sorted values and a count: the same figures.
 */
export interface IncidentTimes {
  mtta: { medianMinutes: number | null; count: number };
  mttr: { medianMinutes: number | null; count: number };
  negative: number;
}

/** Whether an incident was acknowledged or resolved before it was created (its span is left out). */
export const hasNegativeSpan = (i: Pick<IncidentFact, "firstAckAt" | "ackMinutes" | "resolvedAt" | "restoreMinutes">): boolean =>
  (i.firstAckAt !== null && i.ackMinutes === null) || (i.resolvedAt !== null && i.restoreMinutes === null);

/** The incident times of some incidents' facts. */
export function incidentTimesOf(incidents: readonly IncidentFact[]): IncidentTimes {
  const mttr = incidents.flatMap((i) => (i.restoreMinutes === null ? [] : [i.restoreMinutes]));
  return { mtta: timeToAcknowledge(incidents), mttr: { medianMinutes: median(mttr), count: mttr.length }, negative: incidents.filter(hasNegativeSpan).length };
}

/**
 * MTTA of incidents: the median minutes from created to first acknowledgement, over the incidents
 * acknowledged, with their count — the on-call endpoint's and the sprint trends' one figure.
 */
export function timeToAcknowledge(incidents: readonly IncidentFact[]): { medianMinutes: number | null; count: number } {
  const minutes = incidents.flatMap((i) => (i.ackMinutes === null ? [] : [i.ackMinutes]));
  return { medianMinutes: median(minutes), count: minutes.length };
}

/** The first acknowledgement row per incident id. */
export function firstAckRows(acknowledgements: readonly Acknowledgement[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const a of acknowledgements) {
    const prev = first.get(a.incidentId);
    if (prev === undefined || a.at < prev) first.set(a.incidentId, a.at);
  }
  return first;
}

/** On-call figures from rows (the reference the read model is held to): `oncallFrom` over the members' ledger weeks. */
export function computeOncall(input: OncallInput, window: Window, settings: MetricSettings): OncallResult {
  const members = [...new Set(input.team.members)];
  const people = new Map(input.people.map((p) => [p.id, p]));
  const { items, interruptions: counted, skipped } = ledgerItemsFromRows(
    {
      people: members.map((id) => ({ id, timezone: people.get(id)?.timezone ?? null })),
      identity: () => null,
      pages: input.pages,
      acknowledgements: input.acknowledgements,
      incidents: input.incidents,
      shifts: input.shifts,
      ciRuns: [],
      changes: [],
      deploys: [],
    },
    settings,
  );
  const weeks = ledgerWeeks(window, members, items, counted, input.shifts, skipped);
  const services = new Set(input.team.services);
  const acks = firstAckRows(input.acknowledgements);
  const incidents = input.incidents.filter((i) => services.has(i.service) && inWindow(i.createdAt, window)).map((i) => incidentFact(i, acks.get(i.id) ?? null));
  return oncallFrom(weeks, members.map((id) => ({ id, name: people.get(id)?.name ?? id })), incidentTimesOf(incidents), settings);
}
