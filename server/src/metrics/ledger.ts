/**
 * The ops-work ledger (DESIGN.md "Ops work", issue 12): per person and ISO week, the minutes of
 * each category of operations work, measured or estimated, with the records behind them; and the
 * one definition of a team's ops share over any window. Pure: the deriver calls the item builders
 * per person and record, the read model calls the projections, and `computeLedger` chains both
 * for rows in memory (the reference the tests hold the read model to).
 */
import { TZDate } from "@date-fns/tz";
import type {
  Acknowledgement,
  DeployFact,
  EpochMs,
  Incident,
  InterruptionFact,
  LedgerCategory,
  LedgerItem,
  OncallShift,
  Page,
  PersonWeek,
  TeamLedger,
} from "@opsledger/db";
import { LEDGER_CATEGORIES } from "@opsledger/db";
import { opsShareSentence } from "./breakdown.ts";
import { Notes, plural } from "./notes.ts";
import { bandAt, isValidTimezone, opsStatus } from "./oncall.ts";
import type { MetricSettings } from "./settings.ts";
import { DAY, HOUR, MINUTE, WEEK, groupBy, isoWeekStart, utcDayStart } from "./stats.ts";
import { hasActivity } from "./weeks.ts";
import type { Note, OpsStatus, Window } from "./types.ts";

/** Pages to the same person this close to the previously counted one are the same interruption. */
export const MERGE_MS = 60_000;

/** A working day's minutes (DESIGN: 8 h, Mon–Fri in the person's zone). */
export const WORKING_DAY_MINUTES = 8 * 60;

// ---------------------------------------------------------------- alerts and incidents

/**
 * DESIGN "Interruption": "a page by sms, phone or push (email is not an interruption); pages to the
 * same person within 60 s count once. Banded in the person's local time." One person's pages (any
 * order) → the counted ones, each with its band and how many later pages were folded into it.
 */
export function interruptionFactsOf(pages: readonly Page[], timezone: string | null): InterruptionFact[] {
  return pageFactsOf(pages, timezone).filter((p) => p.counted);
}

/**
 * `interruptionFactsOf` with every page in it: the ones not counted (emails, pages folded into an
 * earlier one) are facts too, so a later write to one of them can find where it was.
 */
export function pageFactsOf(pages: readonly Page[], timezone: string | null): InterruptionFact[] {
  const zoneKnown = timezone !== null && isValidTimezone(timezone);
  const zone = zoneKnown ? timezone : "UTC";
  const sorted = [...pages].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const facts: InterruptionFact[] = [];
  let last: InterruptionFact | null = null;
  for (const page of sorted) {
    const fact: InterruptionFact = { source: page.source, pageId: page.id, person: page.person, incidentId: page.incidentId, at: page.at, band: bandAt(page.at, zone), timezone: zone, zoneKnown, counted: false, merged: 0 };
    facts.push(fact);
    if (page.channel === "email") continue;
    if (last !== null && page.at - last.at <= MERGE_MS) {
      last.merged += 1;
      continue;
    }
    fact.counted = true;
    last = fact;
  }
  return facts;
}

/** A person's first acknowledgement of an incident. */
export interface FirstAck {
  incidentId: string;
  at: EpochMs;
}

/** The first acknowledgement per incident of one person's acknowledgements. */
export function firstAcksOf(acknowledgements: readonly Pick<Acknowledgement, "incidentId" | "at">[]): FirstAck[] {
  const first = new Map<string, number>();
  for (const a of acknowledgements) {
    const prev = first.get(a.incidentId);
    if (prev === undefined || a.at < prev) first.set(a.incidentId, a.at);
  }
  return [...first].map(([incidentId, at]) => ({ incidentId, at })).sort((a, b) => a.at - b.at || (a.incidentId < b.incidentId ? -1 : 1));
}

/** A piece of a person's engaged time, on one incident, within one ISO week. */
export interface EngagedPiece {
  incidentId: string;
  start: EpochMs;
  end: EpochMs;
}

/**
 * DESIGN "Engaged time": "the union of [acknowledged, resolved) spans of the incidents that person
 * acknowledged, each span capped (default 4 h)". The union is cut into disjoint pieces, each owned
 * by one incident (where spans overlap, the one acknowledged first), so an hour spent on two
 * incidents at once is counted once; pieces are split at ISO week boundaries. An open incident's
 * span runs to the cap (a read clips it to the window, which never passes now). Acknowledgements
 * of unknown incidents, or of incidents resolved before the acknowledgement, engage nothing.
 */
export function engagedPieces(acks: readonly FirstAck[], incidents: ReadonlyMap<string, Pick<Incident, "resolvedAt">>, settings: Pick<MetricSettings, "engagedCapHours">): EngagedPiece[] {
  return engagedTime(acks, incidents, settings).pieces;
}

/** Acknowledgements that engage nothing: of unknown incidents, or after the incident was resolved (clock skew). */
export interface SkippedAcks {
  orphan: EpochMs[];
  negative: EpochMs[];
}

/**
 * The engaged span a person's first acknowledgement of an incident opens: to the incident's
 * resolution, capped; open incidents run to the cap. Null when it engages nothing (unknown
 * incident, resolved before the acknowledgement).
 */
export function engagedSpan(ack: FirstAck, incident: Pick<Incident, "resolvedAt"> | undefined, settings: Pick<MetricSettings, "engagedCapHours">): { start: EpochMs; end: EpochMs } | null {
  if (incident === undefined || (incident.resolvedAt !== null && incident.resolvedAt < ack.at)) return null;
  const cap = settings.engagedCapHours * HOUR;
  const end = Math.min(incident.resolvedAt ?? ack.at + cap, ack.at + cap);
  return end > ack.at ? { start: ack.at, end } : null;
}

/** Acknowledgement rows that engage nothing, by when they were made: of unknown incidents, or after the incident's resolution. */
export function skippedAcks(acknowledgements: readonly Pick<Acknowledgement, "incidentId" | "at">[], incidents: ReadonlyMap<string, Pick<Incident, "resolvedAt">>): SkippedAcks {
  const skipped: SkippedAcks = { orphan: [], negative: [] };
  for (const a of acknowledgements) {
    const incident = incidents.get(a.incidentId);
    if (incident === undefined) skipped.orphan.push(a.at);
    else if (incident.resolvedAt !== null && incident.resolvedAt < a.at) skipped.negative.push(a.at);
  }
  return skipped;
}

/** `engagedPieces`, with the acknowledgements it left out and why. */
export function engagedTime(acks: readonly FirstAck[], incidents: ReadonlyMap<string, Pick<Incident, "resolvedAt">>, settings: Pick<MetricSettings, "engagedCapHours">): { pieces: EngagedPiece[]; skipped: SkippedAcks } {
  const skipped = skippedAcks(acks, incidents);
  const spans = acks.flatMap((a) => {
    const span = engagedSpan(a, incidents.get(a.incidentId), settings);
    return span === null ? [] : [{ incidentId: a.incidentId, ...span }];
  });
  spans.sort((a, b) => a.start - b.start || (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0));
  const pieces: EngagedPiece[] = [];
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    // Every earlier-starting span that reaches past this start covers [start, coveredUntil) whole.
    const start = Math.max(s.start, coveredUntil);
    if (s.end > start) {
      for (let from = start; from < s.end; ) {
        const to = Math.min(s.end, isoWeekStart(from) + WEEK);
        pieces.push({ incidentId: s.incidentId, start: from, end: to });
        from = to;
      }
    }
    coveredUntil = Math.max(coveredUntil, s.end);
  }
  return { pieces, skipped };
}

/**
 * DESIGN "Ops work": "*alerts*: interruptions, each costing its engaged time plus 23 minutes of
 * lost focus …; *incidents*: engaged time on incidents not already counted through an
 * interruption". One focus item per interruption (at the page), and each engaged piece in
 * `alerts` when the person was interrupted for its incident, else in `incidents` (counted once,
 * on the incident's first piece). `incidentSources`: the source of each incident id.
 */
export function alertAndIncidentItems(
  person: string,
  interruptions: readonly InterruptionFact[],
  pieces: readonly EngagedPiece[],
  interruptedIncidents: ReadonlySet<string>,
  incidentSources: ReadonlyMap<string, string>,
  settings: Pick<MetricSettings, "focusLossMinutes">,
): LedgerItem[] {
  const items: LedgerItem[] = interruptions.map((i) => ({
    person,
    category: "alerts",
    recordKind: "page",
    recordSource: i.source,
    recordId: i.pageId,
    at: i.at,
    minutes: settings.focusLossMinutes,
    count: 1,
    estimated: false,
  }));
  const seen = new Set<string>();
  for (const p of pieces) {
    const interrupted = interruptedIncidents.has(p.incidentId);
    const first = !seen.has(p.incidentId);
    seen.add(p.incidentId);
    items.push({
      person,
      category: interrupted ? "alerts" : "incidents",
      recordKind: "incident",
      recordSource: incidentSources.get(p.incidentId) ?? "",
      recordId: p.incidentId,
      at: p.start,
      minutes: (p.end - p.start) / MINUTE,
      // An interruption is what the alerts row counts; the incidents row counts incidents.
      count: !interrupted && first ? 1 : 0,
      estimated: false,
    });
  }
  return items;
}

// ---------------------------------------------------------------- pipeline toil

/** What pipeline toil reads of a CI run. */
export interface ToilRun {
  source: string;
  id: string;
  startedAt: EpochMs;
  status: "success" | "failure" | "cancelled" | "skipped";
  attempt: number;
}

/**
 * DESIGN "Ops work": "*pipeline toil*: red CI runs on a person's own changes, and re-runs they
 * triggered, each costing the lost-focus minutes" — "a CI run counts once per person even when it
 * is both red on their change and re-run by them; 'red' means failed (cancelled runs cost
 * nothing)". `authors`: people whose changes hold the run's sha; `rerunBy`: who triggered it.
 */
export function pipelineItems(run: ToilRun, authors: readonly string[], rerunBy: string | null, settings: Pick<MetricSettings, "focusLossMinutes">): LedgerItem[] {
  const people = new Set<string>();
  if (run.status === "failure") for (const a of authors) people.add(a);
  if (run.attempt > 1 && rerunBy !== null) people.add(rerunBy);
  return [...people].sort().map((person) => ({
    person,
    category: "pipeline",
    recordKind: "ci_run",
    recordSource: run.source,
    recordId: run.id,
    at: run.startedAt,
    minutes: settings.focusLossMinutes,
    count: 1,
    estimated: false,
  }));
}

// ---------------------------------------------------------------- deployment toil

/** Who a production deployment's toil could be charged to. */
export interface ToilPeople {
  /** The person who created it, when that is a person (not a bot or an unknown login). */
  creator: string | null;
  /** The people who wrote the fix changes it shipped (non-bot authors). */
  fixAuthors: readonly string[];
  /** It shipped a change marked as a fix for production. */
  hotfix: boolean;
}

/**
 * DESIGN "Ops work": "*deployment toil*: deployments a person ran by hand (human creator or manual
 * trigger), rollbacks and hotfix deployments, each costing a configured number of minutes" —
 * "deployment toil counts production deployments only, charged to the person who ran it, or for
 * an automatic hotfix deployment to the (non-bot) author of the fix; a rollback is one deployment
 * toil, not two". Empty when no person can be charged (`deploymentToilUnattributed` says so).
 */
export function deploymentItems(d: DeployFact, who: ToilPeople, settings: Pick<MetricSettings, "ledger">): LedgerItem[] {
  return (toilPeople(d, who) ?? []).map((person) => ({
    person,
    category: "deployments",
    recordKind: "deployment",
    recordSource: d.source,
    recordId: d.id,
    at: d.deployedAt,
    minutes: settings.ledger.deploymentToilMinutes,
    count: 1,
    estimated: false,
  }));
}

/** Who a deployment's toil is charged to; null when it is no toil. */
function toilPeople(d: DeployFact, who: ToilPeople): string[] | null {
  const byHand = d.trigger === "manual" || (d.trigger === null && who.creator !== null);
  if (byHand || d.rollback) return who.creator === null ? [] : [who.creator];
  return who.hotfix ? [...new Set(who.fixAuthors)].sort() : null;
}

/** A toil deployment nobody can be charged for (an automatic rollback, a hotfix written by bots): counted in a note. */
export const deploymentToilUnattributed = (d: DeployFact, who: ToilPeople): boolean => toilPeople(d, who)?.length === 0;

// ---------------------------------------------------------------- ops changes (estimated)

/** What the time estimate reads of a change. */
export interface TimedChange {
  source: string;
  id: string;
  startedAt: EpochMs;
  mergedAt: EpochMs;
  opsFraction: number;
}

/** A local calendar day of a person: its bounds and noon (where a day's estimate is placed). */
interface LocalDay {
  date: string;
  start: EpochMs;
  end: EpochMs;
  noon: EpochMs;
  weekday: number;
}

const dayCache = new Map<string, LocalDay>();

/** The local day (in `timezone`) containing an instant; weekday 1 = Monday … 7 = Sunday. */
export function localDay(instant: EpochMs, timezone: string | null): LocalDay {
  const zone = timezone !== null && isValidTimezone(timezone) ? timezone : "UTC";
  const local = new TZDate(instant, zone);
  const y = local.getFullYear();
  const m = local.getMonth();
  const d = local.getDate();
  const key = `${zone}\u0000${y}-${m}-${d}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const start = new TZDate(y, m, d, 0, 0, zone).getTime();
  const end = new TZDate(y, m, d + 1, 0, 0, zone).getTime();
  const day: LocalDay = {
    date: `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
    start,
    end,
    noon: new TZDate(y, m, d, 12, 0, zone).getTime(),
    weekday: ((local.getDay() + 6) % 7) + 1,
  };
  if (dayCache.size > 100_000) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

/** The local working days (Mon–Fri) overlapping [from, to), in order. */
export function workingDays(from: EpochMs, to: EpochMs, timezone: string | null): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = localDay(from, timezone); day.start < to; day = localDay(day.end, timezone)) if (day.weekday <= 5) days.push(day);
  return days;
}

/**
 * DESIGN "Ops work": "*ops changes* (`estimated`): … the author's time on them estimated from
 * activity: each working day a person has changes in progress is split evenly across them" —
 * "a change's ops fraction is the share of its changed files that match the ops patterns (a label
 * marking it ops makes it 1), and its estimated minutes are that fraction of its share of the
 * author's working days; a working day (8 h, Mon–Fri in the person's zone, belonging to the ISO
 * week of its local date) is split evenly across all the changes the person had in progress that
 * day (first commit → merged), product ones included".
 *
 * For the working days overlapping [from, to): an `ops_changes` item per ops change and day, and
 * an `author_time` item per day with any change in progress (all changes; the investment view).
 * Items sit at the day's local noon, so they fall in the ISO week of the local date. A change is
 * counted (count 1) on its last working day in progress. `changes`: every change of the person
 * that may be in progress on those days.
 */
export function changeTimeItems(person: string, timezone: string | null, changes: readonly TimedChange[], from: EpochMs, to: EpochMs): LedgerItem[] {
  const items: LedgerItem[] = [];
  const live = changes.filter((c) => c.mergedAt > c.startedAt);
  const lastDay = new Map(live.map((c) => [c, lastWorkingDay(c, timezone)]));
  for (const day of workingDays(from, to, timezone)) {
    const inProgress = live.filter((c) => c.startedAt < day.end && c.mergedAt > day.start);
    if (inProgress.length === 0) continue;
    const share = WORKING_DAY_MINUTES / inProgress.length;
    let finished = 0;
    for (const c of inProgress) {
      const last = lastDay.get(c) === day.date;
      if (last) finished += 1;
      if (c.opsFraction <= 0) continue;
      items.push({
        person,
        category: "ops_changes",
        recordKind: "change",
        recordSource: c.source,
        recordId: c.id,
        at: day.noon,
        minutes: share * c.opsFraction,
        count: last ? 1 : 0,
        estimated: true,
      });
    }
    items.push({ person, category: "author_time", recordKind: "day", recordSource: "", recordId: day.date, at: day.noon, minutes: WORKING_DAY_MINUTES, count: finished, estimated: true });
  }
  return items;
}

/** The local date of a change's last working day in progress; null when it spans none. */
function lastWorkingDay(c: TimedChange, timezone: string | null): string | null {
  for (let day = localDay(c.mergedAt - 1, timezone); day.end > c.startedAt; day = localDay(day.start - 1, timezone)) {
    if (day.weekday <= 5) return day.date;
  }
  return null;
}

// ---------------------------------------------------------------- weeks

/** An on-call shift as the weeks read it. */
export type Shift = Pick<OncallShift, "start" | "end">;

const zeroByCategory = (): Record<LedgerCategory, number> => ({ alerts: 0, incidents: 0, pipeline: 0, deployments: 0, ops_changes: 0 });

/** An empty person-week. */
export const emptyPersonWeek = (person: string, weekStart: EpochMs): PersonWeek => ({
  person,
  weekStart,
  onCall: false,
  business: 0,
  offHours: 0,
  sleep: 0,
  skipped: { merged: 0, zoneUnknown: 0, emails: 0, acksOrphan: 0, acksNegative: 0 },
  engagedMinutes: 0,
  minutes: zeroByCategory(),
  counts: zeroByCategory(),
  changesMinutes: 0,
  changesCount: 0,
});

/** What a person's weeks count besides ledger items and interruptions: times of records left out. */
export interface SkippedRecords {
  /** Email notifications (never interruptions). */
  emails: readonly EpochMs[];
  acks: SkippedAcks;
}

export const NO_SKIPPED: SkippedRecords = { emails: [], acks: { orphan: [], negative: [] } };

/** A period the person rollups are bucketed by: the start of the one an instant falls in, and its length. */
export interface RollupPeriod {
  startOf: (instant: EpochMs) => EpochMs;
  length: number;
}

/** ISO weeks (`rollup_person_week`). */
export const ISO_WEEK: RollupPeriod = { startOf: isoWeekStart, length: WEEK };
/** UTC days (`rollup_person_day`): the whole days of a window's edge weeks. */
export const UTC_DAY: RollupPeriod = { startOf: utcDayStart, length: DAY };

/**
 * A person's weeks (what the rollups hold) from their ledger items, interruptions and shifts in
 * [from, to): one per ISO week with anything in it (a week is on call when a shift overlaps it).
 * With a window that cuts weeks, the parts are the window's. With `period` UTC_DAY, the same per
 * UTC day (each `weekStart` is then the day's start): a day is on call when a shift overlaps it,
 * so some day of a week is on call exactly when the week is (shifts end after they start:
 * ingestion refuses others), and `personWeekOfDays` adds the days up to the week.
 */
export function personWeeksOf(
  person: string,
  items: readonly LedgerItem[],
  interruptions: readonly InterruptionFact[],
  shifts: readonly Shift[],
  from: EpochMs,
  to: EpochMs,
  skipped: SkippedRecords = NO_SKIPPED,
  period: RollupPeriod = ISO_WEEK,
): PersonWeek[] {
  const weeks = new Map<number, PersonWeek>();
  const week = (instant: number): PersonWeek => {
    const w = period.startOf(instant);
    let pw = weeks.get(w);
    if (!pw) {
      pw = emptyPersonWeek(person, w);
      weeks.set(w, pw);
    }
    return pw;
  };
  const inRange = (t: number) => t >= from && t < to;
  for (const item of items) {
    if (!inRange(item.at)) continue;
    const pw = week(item.at);
    if (item.category === "author_time") {
      pw.changesMinutes += item.minutes;
      pw.changesCount += item.count;
      continue;
    }
    pw.minutes[item.category] += item.minutes;
    pw.counts[item.category] += item.count;
    if (item.recordKind === "incident") pw.engagedMinutes += item.minutes;
  }
  for (const i of interruptions) {
    if (!inRange(i.at)) continue;
    const pw = week(i.at);
    if (i.band === "business") pw.business += 1;
    else if (i.band === "offHours") pw.offHours += 1;
    else pw.sleep += 1;
    pw.skipped.merged += i.merged;
    if (!i.zoneKnown) pw.skipped.zoneUnknown += 1;
  }
  for (const at of skipped.emails) if (inRange(at)) week(at).skipped.emails += 1;
  for (const at of skipped.acks.orphan) if (inRange(at)) week(at).skipped.acksOrphan += 1;
  for (const at of skipped.acks.negative) if (inRange(at)) week(at).skipped.acksNegative += 1;
  for (const s of shifts) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    // A shift outside [from, to) marks nothing (without this, one that ended earlier in the period
    // of `from` would mark it, and a week's answer would not be its days').
    if (start >= end) continue;
    for (let w = period.startOf(start); w < end; w += period.length) week(Math.max(w, start)).onCall = true;
  }
  return [...weeks.values()].sort((a, b) => a.weekStart - b.weekStart);
}

/**
 * A person's week, or the part of one a window covers, from their days in it (each a
 * `personWeeksOf` bucket of one UTC day or of part of one, in day order): counts and minutes add,
 * skipped records add, on call when any day is; the result keeps the week's start. The same as
 * `personWeeksOf` over the same facts (minutes up to the order they are added in), so an edge
 * week reads its whole days' rollups instead of their facts.
 */
export function personWeekOfDays(person: string, weekStart: EpochMs, days: readonly PersonWeek[]): PersonWeek {
  const w = emptyPersonWeek(person, weekStart);
  for (const d of days) {
    w.onCall ||= d.onCall;
    w.business += d.business;
    w.offHours += d.offHours;
    w.sleep += d.sleep;
    for (const k of SKIPPED_KINDS) w.skipped[k] += d.skipped[k];
    w.engagedMinutes += d.engagedMinutes;
    addLedgers(w, [d]);
  }
  return w;
}

const SKIPPED_KINDS = Object.keys(emptyPersonWeek("", 0).skipped) as (keyof PersonWeek["skipped"])[];

// ---------------------------------------------------------------- the team's ledger

/** Whether a person's period holds anything: on call, interrupted, skipped records, ledger or author minutes. */
export const isActivePersonWeek = (p: PersonWeek): boolean =>
  p.onCall ||
  p.business + p.offHours + p.sleep + p.skipped.emails + p.skipped.acksOrphan + p.skipped.acksNegative > 0 ||
  LEDGER_CATEGORIES.some((c) => p.minutes[c] > 0) ||
  p.changesMinutes > 0;

const emptyTeamLedger = (weekStart: EpochMs): TeamLedger => ({ weekStart, byPerson: [], minutes: zeroByCategory(), counts: zeroByCategory(), changesMinutes: 0, changesCount: 0, active: 0 });

/** What a person's and a team's periods both sum: minutes and counts per category, author time on changes. */
type LedgerSums = Pick<TeamLedger, "minutes" | "counts" | "changesMinutes" | "changesCount">;

/** `parts` added to `into`, in their order. */
function addLedgers<T extends LedgerSums>(into: T, parts: readonly LedgerSums[]): T {
  for (const p of parts) {
    for (const c of LEDGER_CATEGORIES) {
      into.minutes[c] += p.minutes[c];
      into.counts[c] += p.counts[c];
    }
    into.changesMinutes += p.changesMinutes;
    into.changesCount += p.changesCount;
  }
  return into;
}

/**
 * A team's ledger over one period (a week, a day, or the part of one a window covers) from its
 * members' person rows of that period, added in the order of their ids: the deriver's rollup
 * (`rollup_team_ledger_week`, `rollup_team_ledger_day`) and any sum made from the same rows agree
 * to the bit, whatever order a database returned them in.
 */
export function teamLedgerOf(weekStart: EpochMs, people: readonly PersonWeek[]): TeamLedger {
  const ordered = [...people].sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));
  const ledger = addLedgers(emptyTeamLedger(weekStart), ordered);
  ledger.active = ordered.filter(isActivePersonWeek).length;
  ledger.byPerson = ordered.filter((p) => LEDGER_CATEGORIES.some((c) => p.minutes[c] !== 0)).map((p) => ({ person: p.person, minutes: { ...p.minutes } }));
  return ledger;
}

/** A team's ledger per period from its members' rows of several periods (each period's by `teamLedgerOf`), in period order. */
export function teamLedgersOf(people: readonly PersonWeek[]): TeamLedger[] {
  return [...groupBy(people, (p) => p.weekStart).entries()].sort(([a], [b]) => a - b).map(([weekStart, rows]) => teamLedgerOf(weekStart, rows));
}

/** A window's week part from its members' person rows: the team's ledger of the members among them (others are no part of it), and the rows. */
export function ledgerWeekOf(w: { weekStart: EpochMs; from: EpochMs; to: EpochMs }, people: readonly PersonWeek[], members: readonly string[]): LedgerWeek {
  const ids = new Set(members);
  const mine = people.filter((p) => ids.has(p.person));
  return { ...w, team: teamLedgerOf(w.weekStart, mine), people: mine };
}

/** A team's week, or the part of one a window covers, from its days (and part-days) in day order: everything adds. */
export function teamLedgerOfDays(weekStart: EpochMs, days: readonly TeamLedger[]): TeamLedger {
  const ledger = addLedgers(emptyTeamLedger(weekStart), days);
  ledger.active = days.reduce((n, d) => n + d.active, 0);
  // Each member's days added in day order from zero, as `personWeekOfDays` adds them.
  const byPerson = new Map<string, Record<LedgerCategory, number>>();
  for (const d of days)
    for (const p of d.byPerson) {
      const mine = byPerson.get(p.person) ?? zeroByCategory();
      for (const c of LEDGER_CATEGORIES) mine[c] += p.minutes[c];
      byPerson.set(p.person, mine);
    }
  ledger.byPerson = [...byPerson.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([person, minutes]) => ({ person, minutes }));
  return ledger;
}

// ---------------------------------------------------------------- the team's ops share

/** The week's part that a window covers: the team's ledger of that part, and its members' person-weeks when the on-call figures read them. */
export interface LedgerWeek {
  weekStart: EpochMs;
  from: EpochMs;
  to: EpochMs;
  /** The members' ledger summed, with each member's minutes (`teamLedgerOf`): the ops work is read from it alone. */
  team: TeamLedger;
  /** The members' whole weeks (only those with anything in them), for on-call load; empty when not read. */
  people: readonly PersonWeek[];
}

export interface OpsWorkCategory {
  category: LedgerCategory;
  /** Counted in the ops share (config `ledger.categories`). */
  enabled: boolean;
  /** Minutes are estimated from activity, not measured. */
  estimated: boolean;
  minutes: number;
  count: number;
  /** minutes / the team's working minutes. */
  share: number | null;
}

export interface OpsWorkPerson {
  person: string;
  name: string;
  /** Enabled categories' minutes. */
  minutes: number;
  workingMinutes: number;
  share: number | null;
  byCategory: Record<LedgerCategory, number>;
}

export interface OpsWorkWeek {
  weekStart: string;
  /** The window covers only part of this week: its working minutes are pro rata. */
  partial: boolean;
  minutes: number;
  measuredMinutes: number;
  estimatedMinutes: number;
  workingMinutes: number;
  share: number | null;
  byCategory: Record<LedgerCategory, number>;
}

export interface OpsWorkResult {
  /**
   * DESIGN "Ops share": the ledger minutes of the team's members in the window (enabled
   * categories) / the working minutes of all its members in it. Null without members or records.
   */
  share: number | null;
  /** The part of the share that is measured, and the part estimated (ops changes). */
  measuredShare: number | null;
  estimatedShare: number | null;
  status: OpsStatus | null;
  minutes: number;
  measuredMinutes: number;
  estimatedMinutes: number;
  workingMinutes: number;
  members: number;
  /** Engineer-hours a week lost to ops work, over the window. */
  hoursPerWeek: number | null;
  categories: OpsWorkCategory[];
  people: OpsWorkPerson[];
  weeks: OpsWorkWeek[];
  /** Investment view: author time on changes that went to ops work / all author time on changes (estimated). */
  authorTimeOpsShare: number | null;
  /** The share in one sentence with its parts (`opsShareSentence`), what every page quotes; null with the share. */
  breakdown: string | null;
  notes: Note[];
}

const ESTIMATED: ReadonlySet<LedgerCategory> = new Set(["ops_changes"]);

/** Working minutes of one member over [from, to): the configured week, pro rata. */
export const workingMinutesOf = (from: number, to: number, settings: Pick<MetricSettings, "workingHoursPerWeek">): number =>
  Math.max(0, ((to - from) * settings.workingHoursPerWeek * 60) / WEEK);

/**
 * DESIGN "Ops share": "the ledger minutes of its members in the window / the working minutes of
 * all its members in the window (40 h a week, configurable, pro rata for part weeks …). A
 * window's value is therefore the weighted mean of its weeks". With it, `breakdown`: the share in
 * the one sentence every page quotes (metrics/breakdown.ts).
 *
 * The team's ops work over a window, from its weeks (clipped to it) and its members: the one
 * function every place that shows the ops share calls (headline, weekly series, ops-load signal,
 * org summary, report, CSV, notifications), so they agree to the digit. A window's share is the
 * weighted mean of its weeks' shares, weighted by their working minutes.
 * `hasRecords`: the team has any record in the window (else the share is null, not 0).
 */
export function opsWorkFrom(
  weeks: readonly LedgerWeek[],
  members: readonly { id: string; name: string }[],
  window: Window,
  settings: Pick<MetricSettings, "workingHoursPerWeek" | "ledger" | "opsShareWarning" | "opsShareCritical">,
  hasRecords: boolean,
): OpsWorkResult {
  const enabled = settings.ledger.categories;
  const memberIds = new Set(members.map((m) => m.id));
  const n = memberIds.size;
  const enabledMinutes = (byCategory: Record<LedgerCategory, number>, which: (c: LedgerCategory) => boolean = () => true): number =>
    LEDGER_CATEGORIES.reduce((s, c) => s + (enabled[c] && which(c) ? byCategory[c] : 0), 0);

  const total = zeroByCategory();
  const counts = zeroByCategory();
  const byPerson = new Map<string, Record<LedgerCategory, number>>();
  let changesMinutes = 0;
  const weekRows: OpsWorkWeek[] = weeks.map((w) => {
    // Every figure from the team's ledger: its totals, and each member's minutes for the per-person rows.
    const byCategory = { ...w.team.minutes };
    for (const pw of w.team.byPerson) {
      if (!memberIds.has(pw.person)) continue;
      const mine = byPerson.get(pw.person) ?? zeroByCategory();
      for (const c of LEDGER_CATEGORIES) mine[c] += pw.minutes[c];
      byPerson.set(pw.person, mine);
    }
    for (const c of LEDGER_CATEGORIES) {
      total[c] += byCategory[c];
      counts[c] += w.team.counts[c];
    }
    changesMinutes += w.team.changesMinutes;
    const workingMinutes = n * workingMinutesOf(w.from, w.to, settings);
    const minutes = enabledMinutes(byCategory);
    return {
      weekStart: new Date(w.weekStart).toISOString().slice(0, 10),
      partial: w.from !== w.weekStart || w.to !== w.weekStart + WEEK,
      minutes,
      measuredMinutes: enabledMinutes(byCategory, (c) => !ESTIMATED.has(c)),
      estimatedMinutes: enabledMinutes(byCategory, (c) => ESTIMATED.has(c)),
      workingMinutes,
      share: hasRecords && workingMinutes > 0 ? minutes / workingMinutes : null,
      byCategory,
    };
  });

  const workingMinutes = n * workingMinutesOf(window.from, window.to, settings);
  const known = hasRecords && workingMinutes > 0;
  const minutes = enabledMinutes(total);
  const measuredMinutes = enabledMinutes(total, (c) => !ESTIMATED.has(c));
  const estimatedMinutes = enabledMinutes(total, (c) => ESTIMATED.has(c));
  const share = known ? minutes / workingMinutes : null;
  const personWorking = workingMinutesOf(window.from, window.to, settings);
  const names = new Map(members.map((m) => [m.id, m.name]));
  const people: OpsWorkPerson[] = [...memberIds]
    .map((person) => {
      const byCategory = byPerson.get(person) ?? zeroByCategory();
      const mine = enabledMinutes(byCategory);
      return { person, name: names.get(person) ?? person, minutes: mine, workingMinutes: personWorking, share: known ? mine / personWorking : null, byCategory };
    })
    .sort((a, b) => b.minutes - a.minutes || (a.person < b.person ? -1 : 1));
  const notes = new Notes();
  notes.add(
    "ops_changes_estimated",
    counts.ops_changes,
    `${plural(counts.ops_changes, "ops change")}: author time estimated from activity, not measured; recent weeks grow as open changes merge`,
  );
  const off = LEDGER_CATEGORIES.filter((c) => !enabled[c]);
  notes.add("ledger_categories_off", off.length, `switched off in the configuration, shown apart and not counted: ${off.join(", ")}`);
  const categories: OpsWorkCategory[] = LEDGER_CATEGORIES.map((category) => ({
    category,
    enabled: enabled[category],
    estimated: ESTIMATED.has(category),
    minutes: total[category],
    count: counts[category],
    share: known ? total[category] / workingMinutes : null,
  }));
  return {
    share,
    measuredShare: known ? measuredMinutes / workingMinutes : null,
    estimatedShare: known ? estimatedMinutes / workingMinutes : null,
    status: opsStatus(share, settings),
    minutes,
    measuredMinutes,
    estimatedMinutes,
    workingMinutes,
    members: n,
    hoursPerWeek: known ? minutes / 60 / ((window.to - window.from) / WEEK) : null,
    categories,
    people,
    weeks: weekRows,
    authorTimeOpsShare: changesMinutes > 0 ? total.ops_changes / changesMinutes : null,
    breakdown: opsShareSentence({ share, categories }),
    notes: notes.list,
  };
}

/** Each ISO week overlapping the window, clipped to it. */
export function windowWeeks(window: Window): { weekStart: number; from: number; to: number }[] {
  const weeks: { weekStart: number; from: number; to: number }[] = [];
  for (let w = isoWeekStart(window.from); w < window.to; w += WEEK) weeks.push({ weekStart: w, from: Math.max(w, window.from), to: Math.min(w + WEEK, window.to) });
  return weeks;
}

export { DAY };

// ---------------------------------------------------------------- the reference: rows in memory

/** Everything the ledger reads, as rows (the deriver reads the same from the database per person and record). */
export interface LedgerRows {
  /** People whose ledger is wanted, with their zones. */
  people: readonly { id: string; timezone: string | null }[];
  /** The person a source login (change author, deployment creator, who re-ran a run) is, if any. */
  identity: (login: string) => string | null;
  pages: readonly Page[];
  acknowledgements: readonly Acknowledgement[];
  incidents: readonly Incident[];
  shifts: readonly OncallShift[];
  ciRuns: readonly (ToilRun & { sha: string; triggeredBy: string | null })[];
  /** Merged changes: who wrote them, their shas, when work started, whether they are fixes, what shipped them. */
  changes: readonly (TimedChange & { author: string; bot: boolean; shas: readonly string[]; fix: boolean; deploymentId: string | null })[];
  /** Production deployments. */
  deploys: readonly DeployFact[];
}

/**
 * Every ledger item and interruption of the given people, from rows: what the deriver writes for
 * them, computed in one go (the tests' reference).
 */
export function ledgerItemsFromRows(
  rows: LedgerRows,
  settings: Pick<MetricSettings, "focusLossMinutes" | "engagedCapHours" | "ledger">,
): { items: LedgerItem[]; interruptions: InterruptionFact[]; skipped: Map<string, SkippedRecords> } {
  const items: LedgerItem[] = [];
  const interruptions: InterruptionFact[] = [];
  const skippedByPerson = new Map<string, SkippedRecords>();
  const wanted = new Set(rows.people.map((p) => p.id));
  const incidents = new Map(rows.incidents.map((i) => [i.id, i]));
  const sources = new Map(rows.incidents.map((i) => [i.id, i.source]));
  const personOf = (login: string, bot = false): string | null => (bot ? null : rows.identity(login));
  for (const p of rows.people) {
    const pages = rows.pages.filter((page) => page.person === p.id);
    const counted = interruptionFactsOf(pages, p.timezone);
    interruptions.push(...counted);
    const acks = rows.acknowledgements.filter((a) => a.person === p.id);
    const { pieces } = engagedTime(firstAcksOf(acks), incidents, settings);
    // Skipped acknowledgements are counted per row, as a week's rollup counts them.
    skippedByPerson.set(p.id, { emails: pages.filter((page) => page.channel === "email").map((page) => page.at), acks: skippedAcks(acks, incidents) });
    items.push(...alertAndIncidentItems(p.id, counted, pieces, new Set(counted.map((i) => i.incidentId)), sources, settings));
    const own = rows.changes.filter((c) => personOf(c.author, c.bot) === p.id);
    if (own.length > 0) items.push(...changeTimeItems(p.id, p.timezone, own, Math.min(...own.map((c) => c.startedAt)), Math.max(...own.map((c) => c.mergedAt))));
  }
  for (const run of rows.ciRuns) {
    const authors = rows.changes.filter((c) => c.shas.includes(run.sha)).flatMap((c) => personOf(c.author, c.bot) ?? []);
    const rerunBy = run.triggeredBy === null ? null : personOf(run.triggeredBy);
    items.push(...pipelineItems(run, authors, rerunBy, settings).filter((i) => wanted.has(i.person)));
  }
  for (const d of rows.deploys) {
    const fixes = rows.changes.filter((c) => c.deploymentId === d.id && c.fix);
    const who: ToilPeople = {
      creator: d.creator === null ? null : personOf(d.creator),
      fixAuthors: fixes.flatMap((c) => personOf(c.author, c.bot) ?? []),
      hotfix: fixes.length > 0,
    };
    items.push(...deploymentItems(d, who, settings).filter((i) => wanted.has(i.person)));
  }
  return { items, interruptions, skipped: skippedByPerson };
}

/** The ledger weeks of a window for the given people, from their items, interruptions and shifts. */
export function ledgerWeeks(
  window: Window,
  people: readonly string[],
  items: readonly LedgerItem[],
  interruptions: readonly InterruptionFact[],
  shifts: readonly OncallShift[],
  skipped: ReadonlyMap<string, SkippedRecords> = new Map(),
): LedgerWeek[] {
  return windowWeeks(window).map((w) =>
    ledgerWeekOf(
      w,
      people.flatMap((person) =>
        personWeeksOf(
          person,
          items.filter((i) => i.person === person),
          interruptions.filter((i) => i.person === person),
          shifts.filter((s) => s.person === person),
          w.from,
          w.to,
          skipped.get(person),
        ),
      ),
      people,
    ),
  );
}

/**
 * A team's ops work from on-call rows (the reference the read model is held to): the members'
 * ledger over the window, through `opsWorkFrom`. Rows beyond pages, acknowledgements, incidents
 * and shifts (CI runs, changes, deployments) come through `extra`.
 */
export function computeOpsWork(
  input: { team: { members: readonly string[] }; people: readonly { id: string; name: string; timezone: string }[]; pages: readonly Page[]; shifts: readonly OncallShift[]; acknowledgements: readonly Acknowledgement[]; incidents: readonly Incident[] } | null,
  window: Window,
  settings: MetricSettings,
  extra: Pick<LedgerRows, "identity" | "ciRuns" | "changes" | "deploys"> = { identity: () => null, ciRuns: [], changes: [], deploys: [] },
  /** The team's own records (deployments, changes, CI runs, incidents, alerts) hold something in the window. */
  teamActivity = false,
): OpsWorkResult {
  if (input === null) return opsWorkFrom(windowWeeks(window).map((w) => ledgerWeekOf(w, [], [])), [], window, settings, teamActivity);
  const members = [...new Set(input.team.members)];
  const people = new Map(input.people.map((p) => [p.id, p]));
  const weeks = ledgerWeeksFromRows(input, window, settings, extra);
  return opsWorkFrom(weeks, members.map((id) => ({ id, name: people.get(id)?.name ?? id })), window, settings, teamActivity || hasActivity([], weeks));
}

/** The members' ledger weeks over a window, from on-call rows and `extra` (see computeOpsWork). */
export function ledgerWeeksFromRows(
  input: { team: { members: readonly string[] }; people: readonly { id: string; timezone: string }[]; pages: readonly Page[]; shifts: readonly OncallShift[]; acknowledgements: readonly Acknowledgement[]; incidents: readonly Incident[] },
  window: Window,
  settings: MetricSettings,
  extra: Pick<LedgerRows, "identity" | "ciRuns" | "changes" | "deploys"> = { identity: () => null, ciRuns: [], changes: [], deploys: [] },
): LedgerWeek[] {
  const members = [...new Set(input.team.members)];
  const people = new Map(input.people.map((p) => [p.id, p]));
  const { items, interruptions, skipped } = ledgerItemsFromRows(
    {
      people: members.map((id) => ({ id, timezone: people.get(id)?.timezone ?? null })),
      pages: input.pages,
      acknowledgements: input.acknowledgements,
      incidents: input.incidents,
      shifts: input.shifts,
      ...extra,
    },
    settings,
  );
  return ledgerWeeks(window, members, items, interruptions, input.shifts, skipped);
}
