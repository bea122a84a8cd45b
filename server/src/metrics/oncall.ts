/** Interruptions, engaged time, ops time share, MTTA/MTTR (DESIGN.md "Interruption" … "Ops time share"). */
import type { Acknowledgement, Incident, Page, Person } from "@opsledger/db";
import { Notes } from "./notes.ts";
import type { MetricSettings } from "./settings.ts";
import { HOUR, MINUTE, WEEK, inWindow, isNegative, lowerBound, median, sliceByTime, spanMinutes } from "./stats.ts";
import type { Band, BandCounts, Interruption, OncallInput, OncallResult, OpsStatus, PersonOncall, Span, Window } from "./types.ts";

/** Pages to the same person this close to the previously counted one are the same interruption. */
const MERGE_MS = 60_000;

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

/**
 * Band of an instant in an IANA zone: sleep 22–08 every day (wins), business Mon–Fri 08–18, else
 * off-hours. Zone offsets are whole quarter-hours, so the local hour is constant within a UTC
 * quarter-hour and the (slow) Intl lookup is cached per quarter-hour.
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
  const { weekday, hour } = localWeekdayHour(instant, timezone);
  const band: Band = hour >= 22 || hour < 8 ? "sleep" : weekday <= 5 && hour < 18 ? "business" : "offHours";
  zone.set(slot, band);
  return band;
}

/**
 * Pages merged into interruptions once, whatever window is asked about later: whether a page
 * counts depends on the chain of pages before it, not on the window, so a weekly series can cut
 * every week out of one scan instead of scanning (and sorting) all pages per week.
 */
interface PageScan {
  /** Counted interruptions (sms, phone, push), every one of them, by time. */
  counted: Interruption[];
  /** Pages folded into an earlier counted one: when (sorted), and when the page they were folded into was. */
  merges: { at: number; into: number }[];
  /** Email notifications (never interruptions): when, sorted. */
  emails: number[];
  /** People whose pages are banded in UTC because their time zone is unknown. */
  unknownZone: Set<string>;
}

function scanPages(pages: Page[], people: Person[]): PageScan {
  const zones = new Map(people.map((p) => [p.id, p.timezone]));
  const unknownZone = new Set<string>();
  const emails: number[] = [];
  const byPerson = new Map<string, Page[]>();
  for (const page of pages) {
    if (page.channel === "email") {
      emails.push(page.at);
      continue;
    }
    const list = byPerson.get(page.person);
    if (list) list.push(page);
    else byPerson.set(page.person, [page]);
  }
  const counted: Interruption[] = [];
  const merges: PageScan["merges"] = [];
  for (const [person, list] of byPerson) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    const given = zones.get(person);
    const known = given !== undefined && isValidTimezone(given);
    const zone = known ? given : "UTC";
    if (!known) unknownZone.add(person);
    let last: Interruption | null = null;
    // A burst straddling a window's start is one interruption: the merge runs over every page.
    for (const page of list) {
      if (last !== null && page.at - last.page.at <= MERGE_MS) {
        last.merged += 1;
        merges.push({ at: page.at, into: last.page.at });
        continue;
      }
      last = { page, band: bandAt(page.at, zone), timezone: zone, merged: 0 };
      counted.push(last);
    }
  }
  counted.sort((a, b) => a.page.at - b.page.at || (a.page.id < b.page.id ? -1 : 1));
  merges.sort((a, b) => a.at - b.at);
  emails.sort((a, b) => a - b);
  return { counted, merges, emails, unknownZone };
}

const countedIn = (scan: PageScan, window: Window): Interruption[] => sliceByTime(scan.counted, (i) => i.page.at, window);

/**
 * Pages in the window that count as interruptions: sms, phone or push (email is not); a page to
 * the same person within 60 s of the previously counted one is folded into it. Banded in the
 * person's time zone (UTC when the person or zone is unknown). Sorted by time.
 */
export function interruptions(pages: Page[], people: Person[], window: Window): Interruption[] {
  return countedIn(scanPages(pages, people), window);
}

export const countBands = (list: Interruption[]): BandCounts => {
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

/** A person's first acknowledgement of an incident, and the incident when it was found. */
interface FirstAck {
  at: number;
  incident: Incident | undefined;
}

/** A person's first acknowledgement of each incident, by time: window-free, so prepared once. */
function firstAcks(person: string, acknowledgements: Acknowledgement[], incidents: Map<string, Incident>): FirstAck[] {
  // A person acknowledging the same incident twice engages from the first acknowledgement.
  const first = new Map<string, number>();
  for (const a of acknowledgements) {
    if (a.person !== person) continue;
    const prev = first.get(a.incidentId);
    if (prev === undefined || a.at < prev) first.set(a.incidentId, a.at);
  }
  return [...first].map(([id, at]) => ({ at, incident: incidents.get(id) })).sort((a, b) => a.at - b.at);
}

interface EngagedScan {
  spans: Span[];
  withoutIncident: number;
  negative: number;
}

function scanEngaged(acks: FirstAck[], window: Window, settings: MetricSettings): EngagedScan {
  const cap = settings.engagedCapHours * HOUR;
  const spans: Span[] = [];
  let withoutIncident = 0;
  let negative = 0;
  // An acknowledgement more than one cap before the window engages nothing inside it.
  for (let k = lowerBound(acks, window.from - cap, (a) => a.at); k < acks.length; k++) {
    const { at, incident } = acks[k] as FirstAck;
    if (at >= window.to) break;
    if (!incident) {
      if (inWindow(at, window)) withoutIncident += 1;
      continue;
    }
    if (isNegative(at, incident.resolvedAt)) {
      if (inWindow(at, window)) negative += 1;
      continue;
    }
    const end = Math.min(incident.resolvedAt ?? window.to, at + cap);
    const clipped = { start: Math.max(at, window.from), end: Math.min(end, window.to) };
    if (clipped.end > clipped.start) spans.push(clipped);
  }
  return { spans: mergeSpans(spans), withoutIncident, negative };
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
  return scanEngaged(firstAcks(person, acknowledgements, new Map(incidents.map((i) => [i.id, i]))), window, settings).spans;
}

const spansMinutes = (spans: Span[]): number => spans.reduce((sum, s) => sum + (s.end - s.start), 0) / MINUTE;

export const opsStatus = (share: number | null, settings: MetricSettings): OpsStatus | null =>
  share === null ? null : share >= settings.opsShareCritical ? "critical" : share >= settings.opsShareWarning ? "warning" : "ok";

/**
 * On-call load of a team over a window: per member interruptions by band, engaged minutes, ops
 * minutes (engaged + focus loss × interruptions), working minutes (working hours a week × window
 * length in weeks, pro rata) and ops share (fraction); the team value over its on-call members
 * (≥ 1 shift overlapping the window) with warning/critical status; MTTA and MTTR (minutes) of the
 * team's incidents created in the window.
 */
export function computeOncall(input: OncallInput, window: Window, settings: MetricSettings): OncallResult {
  return oncallIn(prepareOncall(input), window, settings);
}

/** The part of on-call maths that does not depend on the window: done once per fetch of rows. */
export interface PreparedOncall {
  input: OncallInput;
  members: string[];
  pages: PageScan;
  /** Each member's first acknowledgement per incident, by time. */
  acksByMember: Map<string, FirstAck[]>;
  /** The team's own incidents, by creation time (MTTA and MTTR read them). */
  serviceIncidents: Incident[];
  /** Earliest acknowledgement row per incident id. */
  firstAckRow: Map<string, number>;
  names: Map<string, string>;
}

export function prepareOncall(input: OncallInput): PreparedOncall {
  const members = [...new Set(input.team.members)];
  const memberSet = new Set(members);
  const incidents = new Map(input.incidents.map((i) => [i.id, i]));
  const acksByPerson = new Map<string, Acknowledgement[]>();
  const firstAckRow = new Map<string, number>();
  for (const a of input.acknowledgements) {
    const list = acksByPerson.get(a.person);
    if (list) list.push(a);
    else acksByPerson.set(a.person, [a]);
    const prev = firstAckRow.get(a.incidentId);
    if (prev === undefined || a.at < prev) firstAckRow.set(a.incidentId, a.at);
  }
  const services = new Set(input.team.services);
  return {
    input,
    members,
    pages: scanPages(
      input.pages.filter((p) => memberSet.has(p.person)),
      input.people,
    ),
    acksByMember: new Map(members.map((person) => [person, firstAcks(person, acksByPerson.get(person) ?? [], incidents)])),
    serviceIncidents: input.incidents.filter((i) => services.has(i.service)).sort((a, b) => a.createdAt - b.createdAt),
    firstAckRow,
    names: new Map(input.people.map((p) => [p.id, p.name])),
  };
}

/** `computeOncall` for one window of prepared rows: a weekly series prepares once and asks per week. */
export function oncallIn(prepared: PreparedOncall, window: Window, settings: MetricSettings): OncallResult {
  const { input, members, acksByMember, firstAckRow, names } = prepared;
  const notes = new Notes();
  const counted = countedIn(prepared.pages, window);
  // Multiply before dividing so whole weeks give exact minutes.
  const workingMinutes = Math.max(0, ((window.to - window.from) * settings.workingHoursPerWeek * 60) / WEEK);

  const countedByPerson = new Map<string, Interruption[]>();
  for (const i of counted) {
    const list = countedByPerson.get(i.page.person);
    if (list) list.push(i);
    else countedByPerson.set(i.page.person, [i]);
  }
  // Members with a shift overlapping the window, found in one pass over the shifts.
  const onCallPeople = new Set<string>();
  for (const s of input.shifts) if (s.start < window.to && s.end > window.from) onCallPeople.add(s.person);
  let withoutIncident = 0;
  let negative = 0;
  const people: PersonOncall[] = members.map((person) => {
    const engaged = scanEngaged(acksByMember.get(person) ?? [], window, settings);
    withoutIncident += engaged.withoutIncident;
    negative += engaged.negative;
    const counts = countBands(countedByPerson.get(person) ?? []);
    const engagedMinutes = spansMinutes(engaged.spans);
    const opsMinutes = engagedMinutes + settings.focusLossMinutes * counts.total;
    return {
      person,
      name: names.get(person) ?? person,
      interruptions: counts,
      engagedMinutes,
      opsMinutes,
      workingMinutes,
      opsShare: workingMinutes > 0 ? opsMinutes / workingMinutes : 0,
      onCall: onCallPeople.has(person),
    };
  });

  const onCall = people.filter((p) => p.onCall);
  const sum = (pick: (p: PersonOncall) => number): number => onCall.reduce((s, p) => s + pick(p), 0);
  const teamWorking = sum((p) => p.workingMinutes);
  const teamOps = sum((p) => p.opsMinutes);
  const opsShare = onCall.length > 0 && teamWorking > 0 ? teamOps / teamWorking : null;

  const created = sliceByTime(prepared.serviceIncidents, (i) => i.createdAt, window);
  const firstAck = (i: Incident): number | null => {
    const row = firstAckRow.get(i.id);
    if (i.acknowledgedAt === null) return row ?? null;
    return row === undefined ? i.acknowledgedAt : Math.min(row, i.acknowledgedAt);
  };
  const mtta = created.flatMap((i) => {
    const m = spanMinutes(i.createdAt, firstAck(i));
    return m === null ? [] : [m];
  });
  const mttr = created.flatMap((i) => {
    const m = spanMinutes(i.createdAt, i.resolvedAt);
    return m === null ? [] : [m];
  });

  const withoutShifts = people.filter((p) => !p.onCall).length;
  notes.add(
    "members_without_shifts",
    withoutShifts,
    "members with no on-call shift in the window are left out of the team's ops share",
  );
  const { emails, merges, unknownZone } = prepared.pages;
  notes.add("pages_email_ignored", sliceByTime(emails, (at) => at, window).length, "email notifications are not interruptions");
  notes.add(
    "pages_merged_within_60s",
    sliceByTime(merges, (m) => m.at, window).filter((m) => inWindow(m.into, window)).length,
    "pages to the same person within 60 s counted once",
  );
  notes.add(
    "pages_person_unknown",
    new Set(counted.filter((i) => unknownZone.has(i.page.person)).map((i) => i.page.person)).size,
    "people without a known time zone; their pages are banded in UTC",
  );
  notes.add("acknowledgements_without_incident", withoutIncident, "acknowledgements of incidents not found; no engaged time counted");
  notes.add(
    "negative_span_clock_skew",
    negative + created.filter((i) => isNegative(i.createdAt, firstAck(i)) || isNegative(i.createdAt, i.resolvedAt)).length,
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
      opsMinutes: teamOps,
      workingMinutes: teamWorking,
      opsShare,
      status: opsStatus(opsShare, settings),
      onCallMembers: onCall.length,
    },
    mtta: { medianMinutes: median(mtta), count: mtta.length },
    mttr: { medianMinutes: median(mttr), count: mttr.length },
    notes: notes.list,
  };
}
