/**
 * Weekly ingredients (docs/decisions/0012): what every team figure of one ISO week, or of the part
 * of one a window covers, is made of. The deriver stores one per team and week (the rollups);
 * a read takes the rollups of the window's whole weeks and makes its partial edge weeks from facts
 * with the same function, so a figure is the same whichever way its weeks were made. Pure.
 */
import type { AlertFact, ChangeFact, CiRunFact, IncidentFact, TeamDeployFact, TeamLedger, TeamWeek } from "@opsledger/db";
import { DAY, WEEK, isoWeekStart, medianOf, orderedSorted, sortedValues, utcDayStart, type Ordered } from "./stats.ts";

/** The team's facts that fall in one week (or part of one). */
export interface WeekFacts {
  /** The team's production deployments deployed in it. */
  deploys: readonly TeamDeployFact[];
  /** Changes of the team's repos whose attributed deployment is in it. */
  changesDeployed: readonly ChangeFact[];
  /** Changes of the team's repos merged in it that no production deployment has shipped. */
  changesNeverDeployed: readonly ChangeFact[];
  /** CI runs of the team's repos started in it. */
  ciRuns: readonly CiRunFact[];
  /** Incidents of the team's services created in it. */
  incidents: readonly IncidentFact[];
  /** Alerts of the team's services created in it. */
  alerts: readonly AlertFact[];
}

/**
 * The measures a window's medians and percentiles are taken over. Their values do not add up
 * week by week as counts do, so the rollups keep each week's values sorted (`weekMeasures`) and
 * a window reads its order statistics from the weeks' sorted runs (stats.ts `SortedRuns`).
 */
export const WEEK_MEASURES = ["lead", "coding", "pickup", "review", "deploy", "recovery", "restore", "ciDuration", "ciQueue", "ack", "fix"] as const;
export type WeekMeasure = (typeof WEEK_MEASURES)[number];

/** The sorted non-null values of each measure in one week (or part of one): the one place saying which facts each median counts. */
export function weekMeasures(f: WeekFacts): Record<WeekMeasure, Float64Array> {
  const sorted = (values: readonly (number | null)[]): Float64Array => sortedValues(values.filter((v): v is number => v !== null));
  const counted = f.changesDeployed.filter((c) => c.excluded === null);
  return {
    lead: sorted(counted.map((c) => c.totalMinutes)),
    coding: sorted(counted.map((c) => c.codingMinutes)),
    pickup: sorted(counted.map((c) => c.pickupMinutes)),
    review: sorted(counted.map((c) => c.reviewMinutes)),
    deploy: sorted(counted.map((c) => c.deployMinutes)),
    recovery: sorted(f.deploys.filter((d) => d.failed).map((d) => d.recoveryMinutes)),
    restore: sorted(f.incidents.map((i) => i.restoreMinutes)),
    // Cancelled and skipped runs stop early or never run: their durations say nothing of the pipeline.
    ciDuration: sorted(f.ciRuns.filter((r) => r.status === "success" || r.status === "failure").map((r) => r.durationMinutes)),
    ciQueue: sorted(f.ciRuns.map((r) => r.queueMinutes)),
    ack: sorted(f.incidents.map((i) => i.ackMinutes)),
    fix: sorted(f.alerts.map((a) => a.fixMinutes)),
  };
}

/** The fields of a week that are a measure's count of values or its median. */
type MeasureField = `${WeekMeasure}${"N" | "Median"}`;

/** Each measure's count and lower median, from its values in order: one statement for a week made of facts and one made of days. */
function measureFields(m: Record<WeekMeasure, Ordered>): Pick<TeamWeek, MeasureField> {
  const n = (k: WeekMeasure): number => m[k].length;
  const med = (k: WeekMeasure): number | null => medianOf(m[k]);
  return {
    recoveryN: n("recovery"),
    recoveryMedian: med("recovery"),
    leadN: n("lead"),
    leadMedian: med("lead"),
    codingN: n("coding"),
    codingMedian: med("coding"),
    pickupN: n("pickup"),
    pickupMedian: med("pickup"),
    reviewN: n("review"),
    reviewMedian: med("review"),
    deployN: n("deploy"),
    deployMedian: med("deploy"),
    ciDurationN: n("ciDuration"),
    ciDurationMedian: med("ciDuration"),
    ciQueueN: n("ciQueue"),
    ciQueueMedian: med("ciQueue"),
    restoreN: n("restore"),
    restoreMedian: med("restore"),
    ackN: n("ack"),
    ackMedian: med("ack"),
    fixN: n("fix"),
    fixMedian: med("fix"),
  };
}

/** Each measure's sorted values, read in order by index. */
const inOrder = (m: Record<WeekMeasure, Float64Array>): Record<WeekMeasure, Ordered> => Object.fromEntries(WEEK_MEASURES.map((k) => [k, orderedSorted(m[k])])) as Record<WeekMeasure, Ordered>;

const count = <T>(list: readonly T[], test: (t: T) => boolean): number => {
  let n = 0;
  for (const item of list) if (test(item)) n += 1;
  return n;
};

/** Bit of the UTC weekday (0 = Monday) of an instant. */
export const weekdayBit = (instant: number): number => 1 << Math.floor((instant - isoWeekStart(instant)) / DAY);

/** The ingredients of one week from the facts that fall in it. */
export function teamWeek(weekStart: number, f: WeekFacts): TeamWeek {
  let deployDays = 0;
  for (const d of f.deploys) deployDays |= weekdayBit(d.deployedAt);
  const failed = f.deploys.filter((d) => d.failed);
  const counted = f.changesDeployed.filter((c) => c.excluded === null);
  const m = weekMeasures(f);
  return {
    weekStart,
    deployments: f.deploys.length,
    deployDays,
    failed: failed.length,
    reworked: count(f.deploys, (d) => d.rework),
    unrecovered: count(failed, (d) => d.recoveryNote === "unrecovered"),
    recoveryNegative: count(failed, (d) => d.recoveryNote === "negative_span"),
    leadByTime: count(counted, (c) => c.attribution === "time"),
    leadBot: count(f.changesDeployed, (c) => c.excluded === "bot"),
    leadDraft: count(f.changesDeployed, (c) => c.excluded === "draft"),
    leadNegative: count(counted, (c) => c.negative),
    neverDeployed: count(f.changesNeverDeployed, (c) => c.excluded === null),
    ciRuns: f.ciRuns.length,
    ciSuccess: count(f.ciRuns, (r) => r.status === "success"),
    ciFailure: count(f.ciRuns, (r) => r.status === "failure"),
    ciCancelled: count(f.ciRuns, (r) => r.status === "cancelled"),
    ciSkipped: count(f.ciRuns, (r) => r.status === "skipped"),
    ciPairs: count(f.ciRuns, (r) => r.firstOfPair),
    ciFlaky: count(f.ciRuns, (r) => r.firstOfPair && r.pairFlaky),
    ciNegative: count(f.ciRuns, (r) => r.negative),
    incidents: f.incidents.length,
    unresolved: count(f.incidents, (i) => i.resolvedAt === null),
    incidentNegative: count(f.incidents, (i) => i.resolvedAt !== null && i.restoreMinutes === null),
    alerts: f.alerts.length,
    noise: count(f.alerts, (a) => a.noiseReason !== null),
    noiseMarked: count(f.alerts, (a) => a.noiseReason === "marked"),
    noiseAuto: count(f.alerts, (a) => a.noiseReason === "auto_resolved"),
    noiseRepeat: count(f.alerts, (a) => a.noiseReason === "repeat"),
    ...measureFields(inOrder(m)),
  };
}

const NO_FACTS: WeekFacts = { deploys: [], changesDeployed: [], changesNeverDeployed: [], ciRuns: [], incidents: [], alerts: [] };

/** A week with nothing in it (a week without a rollup row). */
export const emptyTeamWeek = (weekStart: number): TeamWeek => teamWeek(weekStart, NO_FACTS);

/** The facts of a whole team history bucketed by ISO week, each week's ingredients (what the rollups hold). */
export function teamWeeksOf(f: WeekFacts): TeamWeek[] {
  return weekBuckets(f).map(([w, bucket]) => teamWeek(w, bucket));
}

/** The facts of a team history bucketed by ISO week, in week order. */
export function weekBuckets(f: WeekFacts): [number, WeekFacts][] {
  return bucketsOf(f, isoWeekStart);
}

/** The facts of a team history bucketed by UTC day, in day order: what the day rollups hold, each day's ingredients made by `teamWeek`. */
export function dayBuckets(f: WeekFacts): [number, WeekFacts][] {
  return bucketsOf(f, utcDayStart);
}

/** The facts bucketed by the period (`startOf` an instant) each falls in, in period order. */
function bucketsOf(f: WeekFacts, startOf: (instant: number) => number): [number, WeekFacts][] {
  const periods = new Map<number, { [K in keyof WeekFacts]: WeekFacts[K][number][] }>();
  const at = (instant: number) => {
    const p = startOf(instant);
    let bucket = periods.get(p);
    if (!bucket) {
      bucket = { deploys: [], changesDeployed: [], changesNeverDeployed: [], ciRuns: [], incidents: [], alerts: [] };
      periods.set(p, bucket);
    }
    return bucket;
  };
  for (const d of f.deploys) at(d.deployedAt).deploys.push(d);
  for (const c of f.changesDeployed) if (c.deployedAt !== null) at(c.deployedAt).changesDeployed.push(c);
  for (const c of f.changesNeverDeployed) at(c.mergedAt).changesNeverDeployed.push(c);
  for (const r of f.ciRuns) at(r.startedAt).ciRuns.push(r);
  for (const i of f.incidents) at(i.createdAt).incidents.push(i);
  for (const a of f.alerts) at(a.createdAt).alerts.push(a);
  return [...periods.entries()].sort(([a], [b]) => a - b);
}

/**
 * Whether a team has any record in these weeks (its own: deployments, changes, CI runs, incidents,
 * alerts; its members': pages, acknowledgements, shifts, ledger items): a period without one has no
 * verdict, and its shares are null, not 0.
 */
export function hasActivity(weeks: readonly TeamWeek[], ledger: readonly { team: Pick<TeamLedger, "active"> }[]): boolean {
  return weeks.some((w) => w.deployments + w.leadN + w.leadBot + w.leadDraft + w.neverDeployed + w.ciRuns + w.incidents + w.alerts > 0) || ledger.some((w) => w.team.active > 0);
}

/** Sum of a count over weeks. */
export const sumWeeks = (weeks: readonly TeamWeek[], pick: (w: TeamWeek) => number): number => weeks.reduce((s, w) => s + pick(w), 0);

/** The fields of a week that add up over its days (all but its start, its deployment days and its measures). */
type CountField = Exclude<keyof TeamWeek, "weekStart" | "deployDays" | MeasureField>;
const MEASURE_FIELDS: ReadonlySet<string> = new Set(Object.keys(measureFields(inOrder(weekMeasures(NO_FACTS)))));
const COUNT_FIELDS = (Object.keys(emptyTeamWeek(0)) as (keyof TeamWeek)[]).filter((k): k is CountField => k !== "weekStart" && k !== "deployDays" && !MEASURE_FIELDS.has(k));

/**
 * A week, or the part of one a window covers, from its days (each a `teamWeek` of one UTC day or
 * of part of one, all in this week) and the days' values of every measure together: counts add,
 * deployment days join, each measure's count and median are its values'. The same as `teamWeek`
 * over the same facts, so an edge week reads its whole days' rollups instead of their facts.
 */
export function weekOfDays(weekStart: number, days: readonly TeamWeek[], values: Record<WeekMeasure, Ordered>): TeamWeek {
  const counts = Object.fromEntries(COUNT_FIELDS.map((k) => [k, sumWeeks(days, (d) => d[k])])) as Pick<TeamWeek, CountField>;
  return { weekStart, ...counts, deployDays: days.reduce((mask, d) => mask | d.deployDays, 0), ...measureFields(values) };
}

/** Number of set bits (deploy days in a week mask). */
export const popcount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n += 1;
  return n;
};

/** The deploy days of a week mask that fall in [from, to). */
export function daysIn(week: Pick<TeamWeek, "weekStart" | "deployDays">, from: number, to: number): number {
  let n = 0;
  for (let d = 0; d < 7; d++) {
    const day = week.weekStart + d * DAY;
    if (day >= from && day < to && (week.deployDays & (1 << d)) !== 0) n += 1;
  }
  return n;
}

export { WEEK };

/**
 * Every ISO week overlapping the window, clipped to it, with the ingredients of the facts that
 * fall in each part (weeks with nothing in them included): the reference for what a read puts
 * together from rollups and edge facts.
 */
export function weeksOfWindow(window: { from: number; to: number }, f: WeekFacts): TeamWeek[] {
  const inWin = (t: number) => t >= window.from && t < window.to;
  const byWeek = new Map(teamWeeksOf({
    deploys: f.deploys.filter((d) => inWin(d.deployedAt)),
    changesDeployed: f.changesDeployed.filter((c) => c.deployedAt !== null && inWin(c.deployedAt)),
    changesNeverDeployed: f.changesNeverDeployed.filter((c) => inWin(c.mergedAt)),
    ciRuns: f.ciRuns.filter((r) => inWin(r.startedAt)),
    incidents: f.incidents.filter((i) => inWin(i.createdAt)),
    alerts: f.alerts.filter((a) => inWin(a.createdAt)),
  }).map((w) => [w.weekStart, w]));
  const weeks: TeamWeek[] = [];
  for (let w = isoWeekStart(window.from); w < window.to; w += WEEK) weeks.push(byWeek.get(w) ?? emptyTeamWeek(w));
  return weeks;
}
