/**
 * The team window read model (docs/decisions/0012): every team figure as a projection of facts
 * and rollups over a window, never of raw records. A window is its whole ISO weeks (rollup rows)
 * and its partial edge weeks (their whole UTC days' rollup rows, and facts only for a part-day,
 * made by the same functions the rollups were made with); medians read the weeks' and days'
 * sorted values. What a read costs follows the window's weeks and the
 * team's members, not the length of history. Routes, the org summary, the quarterly report,
 * notifications and /metrics all read figures here, so they agree to the digit.
 */
import {
  getChangeAuthors,
  getChangeOpsFractions,
  getDeployPlaceCounts,
  getDeployPlacesBetween,
  countIncidentsWithNegativeSpan,
  getPeopleFacts,
  getPeopleNames,
  getPeoplePages,
  getPeoplePagesOfFacts,
  getPersonDays,
  getPersonWeeks,
  getTeamAlertFacts,
  getTeamAlertKeys,
  getAlertFactsOfKeys,
  getAlertKeyCounts,
  getAlertKeyCountsOfFacts,
  getAlertKeyPeriods,
  getCiWorkflows,
  getTeamCiFacts,
  getTeamCommitters,
  getTeamDayValues,
  getTeamDays,
  getTeamFacts,
  getTeamLedger,
  getTeamWeekValues,
  getTeamWeeks,
  type AlertKeyCount,
  type AlertKeyPeriod,
  type Db,
  type PersonPages,
  type PersonWeek,
  type Team,
  type TeamLedger,
  type TeamWeek,
} from "@opsledger/db";
import {
  RECURRING_LOOKBACK_MS,
  WEEK,
  WEEK_MEASURES,
  alertKeyPeriods,
  alertQualityOf,
  noisiestKeys,
  sumKeyCounts,
  sumWeeks,
  ciFromWorkflowWeeks,
  ciWorkflowWeeks,
  ciStatsFromWeeks,
  doraFromWeeks,
  emptyTeamWeek,
  hasActivity,
  investmentFrom,
  isoWeekStart,
  medianOf,
  oncallFrom,
  opsShareSeries,
  opsWorkFrom,
  personWeekOfDays,
  personWeeksOf,
  repoPeopleOf,
  seriesFromWeeks,
  signalWindows,
  signalsFrom,
  skippedAcks,
  teamLedgerOf,
  teamLedgerOfDays,
  teamWeek,
  teamZone,
  dayCut,
  groupBy,
  weekMeasures,
  weekOfDays,
  SortedRuns,
  windowWeeks,
  type AlertQualityResult,
  type CiResult,
  type CiStats,
  type DoraResult,
  type Investment,
  type LedgerWeek,
  type MetricSettings,
  type IncidentTimes,
  type OncallResult,
  type OpsWorkResult,
  type SeriesMetric,
  type SeriesResult,
  type SignalIngredients,
  type SignalsResult,
  type Window,
  type WeekMeasure,
} from "../metrics/index.ts";
import { namesOfLogins } from "./loginPeople.ts";

/** A week of a window, clipped to it. */
type Week = { weekStart: number; from: number; to: number };

/** A week of the window: whole (from the rollups) or cut by the window's edge (from facts). */
const isWhole = (w: Week): boolean => w.from === w.weekStart && w.to === w.weekStart + WEEK;

/**
 * The reads of one request, each made once: the figures of a page (and the org summary's windows,
 * which all end at the same instant) share their rollups and their edge weeks, so a figure that
 * needs a window another figure already read costs nothing. Made per request and dropped with it:
 * it never outlives a write.
 */
export class WindowReads {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly spans = new Map<string, Window>();
  constructor(readonly db: Db) {}

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined;
    if (found === undefined) {
      found = read();
      this.memo.set(key, found);
    }
    return found;
  }

  /**
   * Declare the weeks a request's windows of a team lie in, before reading any: weekly rows are
   * then read once for all of them and sliced per window. The org summary's windows (the range,
   * the signals' 90 days and 4 weeks) overlap almost wholly; each read its own rows before.
   */
  cover(teamId: string, windows: readonly Window[]): this {
    const from = isoWeekStart(Math.min(...windows.map((w) => w.from)));
    const to = isoWeekStart(Math.max(...windows.map((w) => w.to)) - 1) + WEEK;
    this.spans.set(teamId, { from, to });
    return this;
  }

  /** A team's weekly rows with week_start in [from, to): from the covered span's one read when it holds them. */
  async weekly<T extends { weekStart: number }>(kind: string, teamId: string, from: number, to: number, read: (from: number, to: number) => Promise<T[]>): Promise<T[]> {
    const span = this.spans.get(teamId);
    if (span === undefined || span.from > from || span.to < to) return this.once(`${kind}|${teamId}|${from}|${to}`, () => read(from, to));
    const all = await this.once(`${kind}|${teamId}|${span.from}|${span.to}`, () => read(span.from, span.to));
    return span.from === from && span.to === to ? all : all.filter((row) => row.weekStart >= from && row.weekStart < to);
  }
}

/** Reads through `source`'s memo when it is one; a bare database gets a memo of its own. */
export const readsOf = (source: Db | WindowReads): WindowReads => (source instanceof WindowReads ? source : new WindowReads(source));

/**
 * A week cut by the window's edge, in day order: its whole UTC days read from a day rollup and,
 * where the edge is not at 00:00 UTC, its part-days made from facts; a part-week without a whole
 * day is made from facts alone. Every edge read (the team's weeks, its ledger, its members' weeks,
 * CI per workflow, the alert keys and pages) cuts the same way: the common windows (the UI's
 * ranges, a quarter, the signals' windows ending at a range's end) start and end at midnight, so
 * their edges read no fact rows.
 */
async function edgeParts<T>(w: Window, days: (span: Window) => Promise<T[]>, facts: (span: Window) => Promise<T[]>): Promise<T[]> {
  const { days: whole, before, after } = dayCut(w);
  if (whole === null) return facts(w);
  const parts = await Promise.all([before === null ? [] : facts(before), days(whole), after === null ? [] : facts(after)]);
  return parts.flat();
}

/** A part-week at the window's edge: its ingredients, and its measures' values as sorted runs. */
interface EdgeWeek {
  week: TeamWeek;
  measures: Record<WeekMeasure, Float64Array[]>;
}

/**
 * A part-week at the window's edge, made as the rollups are (`edgeParts`): its whole UTC days'
 * rows and its part-days' facts (by the same functions), composed by `weekOfDays`.
 */
function edgeWeek(r: WindowReads, team: Team, w: Week): Promise<EdgeWeek> {
  return r.once(`team-edge|${team.id}|${w.from}|${w.to}`, async () => {
    const parts = await edgeParts<{ weeks: TeamWeek[]; runs: Record<WeekMeasure, Float64Array[]> }>(
      w,
      async (days) => {
        const [weeks, values] = await Promise.all([getTeamDays(r.db, team.id, days.from, days.to), getTeamDayValues(r.db, team.id, days.from, days.to)]);
        return [{ weeks, runs: runsOf((k) => values.filter((v) => v.measure === k).map((v) => v.sorted)) }];
      },
      async (part) => {
        const facts = await getTeamFacts(r.db, team, part.from, part.to);
        const m = weekMeasures(facts);
        return [{ weeks: [teamWeek(w.weekStart, facts)], runs: runsOf((k) => [m[k]]) }];
      },
    );
    const measures = runsOf((k) => parts.flatMap((p) => p.runs[k]));
    const week = weekOfDays(
      w.weekStart,
      parts.flatMap((p) => p.weeks),
      Object.fromEntries(WEEK_MEASURES.map((k) => [k, new SortedRuns(measures[k])])) as Record<WeekMeasure, SortedRuns>,
    );
    return { week, measures };
  });
}

/** Each measure's sorted runs. */
const runsOf = (runs: (k: WeekMeasure) => Float64Array[]): Record<WeekMeasure, Float64Array[]> => Object.fromEntries(WEEK_MEASURES.map((k) => [k, runs(k)])) as Record<WeekMeasure, Float64Array[]>;

/** The team's weeks overlapping the window, each clipped to it (empty weeks included). */
export async function teamWeeks(source: Db | WindowReads, team: Team, window: Window): Promise<TeamWeek[]> {
  const r = readsOf(source);
  const weeks = windowWeeks(window);
  const whole = weeks.filter(isWhole);
  const rows =
    whole.length === 0
      ? []
      : await r.weekly("team-weeks", team.id, (whole[0] as Week).weekStart, (whole.at(-1) as Week).weekStart + WEEK, async (from, to) => [...(await getTeamWeeks(r.db, team.id, from, to)).values()]);
  const rollups = new Map(rows.map((w) => [w.weekStart, w]));
  return Promise.all(weeks.map(async (w) => (isWhole(w) ? (rollups.get(w.weekStart) ?? emptyTeamWeek(w.weekStart)) : (await edgeWeek(r, team, w)).week)));
}

/**
 * The window's values of some measures, in ascending order, for its medians and percentiles: the
 * whole weeks' sorted values from the rollups and the edge weeks' from facts, read as sorted runs
 * (never merged, never re-sorted). What a read costs follows the window's weeks, not its records.
 */
export async function teamMeasures<M extends WeekMeasure>(source: Db | WindowReads, team: Team, window: Window, measures: readonly M[]): Promise<Record<M, SortedRuns>> {
  const r = readsOf(source);
  const weeks = windowWeeks(window);
  // Only the first and the last week can be cut by the window, so the whole ones are contiguous.
  const whole = weeks.filter(isWhole);
  const [stored, edges] = await Promise.all([
    whole.length === 0
      ? []
      : r.weekly(`team-values|${measures.join(",")}`, team.id, (whole[0] as Week).weekStart, (whole.at(-1) as Week).weekStart + WEEK, (from, to) => getTeamWeekValues(r.db, team.id, from, to, measures)),
    Promise.all(weeks.filter((w) => !isWhole(w)).map((w) => edgeWeek(r, team, w))),
  ]);
  return Object.fromEntries(
    measures.map((m) => [m, new SortedRuns([...stored.filter((v) => v.measure === m).map((v) => v.sorted), ...edges.flatMap((e) => e.measures[m])])]),
  ) as Record<M, SortedRuns>;
}

/**
 * What a ledger read holds besides the team's ledger: "people", every member's whole weeks (the
 * on-call figures: shifts, interruptions by band); "team", none (the ops work, which the team's
 * ledger holds whole), so a read costs a row per week, not one per member and week.
 */
export type LedgerDetail = "people" | "team";

/** The team's ledger and, with detail "people", its members' weeks overlapping the window, each clipped to it. */
export async function ledgerWeeks(source: Db | WindowReads, team: Team, window: Window, detail: LedgerDetail): Promise<LedgerWeek[]> {
  const r = readsOf(source);
  const weeks = windowWeeks(window);
  const [totals, people] = await Promise.all([teamLedgers(r, team, weeks), detail === "people" ? memberWeeks(r, team, weeks) : weeks.map(() => [])]);
  return weeks.map((w, i) => ({ ...w, team: totals[i] as TeamLedger, people: people[i] ?? [] }));
}

/**
 * The team's ledger of each week: whole weeks from `rollup_team_ledger_week`; edge weeks from its
 * whole UTC days (`rollup_team_ledger_day`) and, where the window's edge is not at 00:00 UTC, the
 * members' part-day from facts (`teamLedgerOf`), added in day order (`teamLedgerOfDays`).
 */
async function teamLedgers(r: WindowReads, team: Team, weeks: readonly Week[]): Promise<TeamLedger[]> {
  const whole = weeks.filter(isWhole);
  const rows =
    whole.length === 0
      ? []
      : await r.weekly("team-ledger", team.id, (whole[0] as Week).weekStart, (whole.at(-1) as Week).weekStart + WEEK, (from, to) => getTeamLedger(r.db, team.id, "week", from, to));
  const byWeek = new Map(rows.map((l) => [l.weekStart, l]));
  return Promise.all(
    weeks.map((w) => (isWhole(w) ? (byWeek.get(w.weekStart) ?? teamLedgerOf(w.weekStart, [])) : r.once(`team-ledger-edge|${team.id}|${w.from}|${w.to}`, () => edgeTeamLedger(r.db, team, w)))),
  );
}

async function edgeTeamLedger(db: Db, team: Team, w: Week): Promise<TeamLedger> {
  const parts = await edgeParts(
    w,
    (days) => getTeamLedger(db, team.id, "day", days.from, days.to),
    async (part) => [teamLedgerOf(w.weekStart, await personWeeksFromFacts(db, team, part.from, part.to))],
  );
  return teamLedgerOfDays(w.weekStart, parts);
}

/** The members' weeks of each week of the window (only those with anything in them). */
async function memberWeeks(r: WindowReads, team: Team, weeks: readonly Week[]): Promise<PersonWeek[][]> {
  const whole = weeks.filter(isWhole);
  // Read for these weeks alone, not the request's covered span: only the figures that list people read members' rows, over short windows.
  const [from, to] = whole.length === 0 ? [0, 0] : [(whole[0] as Week).weekStart, (whole.at(-1) as Week).to];
  const rollups = whole.length === 0 ? [] : await r.once(`person-weeks|${team.id}|${from}|${to}`, () => getPersonWeeks(r.db, team.members, from, to));
  const byWeek = groupBy(rollups, (pw) => pw.weekStart);
  return Promise.all(weeks.map((w) => (isWhole(w) ? (byWeek.get(w.weekStart) ?? []) : r.once(`person-edge|${team.id}|${w.from}|${w.to}`, () => edgePersonWeeks(r.db, team, w)))));
}

/**
 * The members' part-week at the window's edge, made as the rollups are (`edgeParts`): each
 * member's whole UTC days' rows and part-days' facts (`personWeeksOf`), summed in day order by
 * `personWeekOfDays`.
 */
async function edgePersonWeeks(db: Db, team: Team, w: Week): Promise<PersonWeek[]> {
  const parts = await edgeParts(
    w,
    (days) => getPersonDays(db, team.members, days.from, days.to),
    (part) => personWeeksFromFacts(db, team, part.from, part.to),
  );
  // Each member's parts in day order, added up.
  const byPerson = groupBy(parts, (d) => d.person);
  return team.members.flatMap((person) => {
    const mine = byPerson.get(person);
    return mine === undefined ? [] : [personWeekOfDays(person, w.weekStart, mine)];
  });
}

/** The members' part-weeks in [from, to), made from facts as the rollups are. */
async function personWeeksFromFacts(db: Db, team: Team, from: number, to: number): Promise<PersonWeek[]> {
  const f = await getPeopleFacts(db, team.members, from, to);
  const incidents = new Map(f.incidents.map((i) => [i.id, i]));
  // Each kind of fact grouped by person once: a team has hundreds of members.
  const byPerson = <T extends { person: string }>(list: readonly T[]) => groupBy(list, (x) => x.person);
  const [items, interruptions, shifts, emails, acks] = [byPerson(f.items), byPerson(f.interruptions), byPerson(f.shifts), byPerson(f.emails), byPerson(f.acknowledgements)];
  return team.members.flatMap((person) =>
    personWeeksOf(person, items.get(person) ?? [], interruptions.get(person) ?? [], shifts.get(person) ?? [], from, to, {
      emails: (emails.get(person) ?? []).map((e) => e.at),
      acks: skippedAcks(acks.get(person) ?? [], incidents),
    }),
  );
}

/** The team's members with their names and time zones (null: no person record, zone unknown). */
function members(source: Db | WindowReads, team: Team): Promise<{ id: string; name: string; timezone: string | null }[]> {
  const r = readsOf(source);
  return r.once(`members|${team.id}`, async () => {
    const names = await getPeopleNames(r.db, team.members);
    return team.members.map((id) => ({ id, name: names.get(id)?.name ?? id, timezone: names.get(id)?.timezone ?? null }));
  });
}

// ---------------------------------------------------------------- figures

export async function teamDora(source: Db | WindowReads, team: Team, range: Window, settings: Pick<MetricSettings, "minimumCounts">): Promise<DoraResult> {
  const r = readsOf(source);
  const [weeks, m] = await Promise.all([teamWeeks(r, team, range), teamMeasures(r, team, range, ["lead", "coding", "pickup", "review", "deploy", "recovery", "restore"])]);
  return doraFromWeeks(
    weeks,
    {
      lead: { total: m.lead, coding: m.coding, pickup: m.pickup, review: m.review, deploy: m.deploy },
      recovery: m.recovery,
      restore: m.restore,
    },
    range,
    settings.minimumCounts,
  );
}

/**
 * CI health per workflow and overall: whole weeks from the repos' workflow weeks; edge weeks from
 * their whole UTC days' rows and, where the window's edge is not at 00:00 UTC, the part-day's run
 * facts (made by the same `ciWorkflowWeeks`). Counts add and the sorted values are read as runs,
 * so how a window is cut changes no figure.
 */
export async function teamCi(source: Db | WindowReads, team: Team, range: Window): Promise<CiResult> {
  const r = readsOf(source);
  return r.once(`ci|${team.id}|${range.from}|${range.to}`, async () => {
    const weeks = windowWeeks(range);
    const whole = weeks.filter(isWhole);
    const [stored, edges] = await Promise.all([
      whole.length === 0 ? [] : getCiWorkflows(r.db, team.repos, "week", (whole[0] as Week).weekStart, (whole.at(-1) as Week).weekStart + WEEK),
      Promise.all(weeks.filter((w) => !isWhole(w)).map((w) => edgeCiWorkflows(r.db, team, w))),
    ]);
    return ciFromWorkflowWeeks([...stored, ...edges.flat()]);
  });
}

const edgeCiWorkflows = (db: Db, team: Team, w: Week) =>
  edgeParts(
    w,
    (days) => getCiWorkflows(db, team.repos, "day", days.from, days.to),
    async (part) => ciWorkflowWeeks(w.weekStart, await getTeamCiFacts(db, team.repos, part.from, part.to)),
  );

/**
 * The team's CI health over the window, overall only: counts from the weeks, medians from the
 * weeks' sorted values — what the signals, the org summary and the report read (the CI endpoint
 * reads every workflow's, `teamCi`).
 */
export async function teamCiOverall(source: Db | WindowReads, team: Team, range: Window): Promise<CiStats> {
  const r = readsOf(source);
  return r.once(`ci-overall|${team.id}|${range.from}|${range.to}`, async () => {
    const [weeks, m] = await Promise.all([teamWeeks(r, team, range), teamMeasures(r, team, range, ["ciDuration", "ciQueue"])]);
    return ciStatsFromWeeks(weeks, m.ciDuration, m.ciQueue);
  });
}

export async function teamOpsWork(source: Db | WindowReads, team: Team, range: Window, settings: MetricSettings): Promise<OpsWorkResult> {
  const r = readsOf(source);
  return r.once(`ops-work|${team.id}|${range.from}|${range.to}`, async () => {
    const [weeks, ledger, people] = await Promise.all([teamWeeks(r, team, range), ledgerWeeks(r, team, range, "team"), members(r, team)]);
    return opsWorkFrom(ledger, people, range, settings, hasActivity(weeks, ledger));
  });
}

export async function teamOncall(source: Db | WindowReads, team: Team, range: Window, settings: MetricSettings): Promise<OncallResult> {
  const r = readsOf(source);
  const [ledger, people, incidents] = await Promise.all([ledgerWeeks(r, team, range, "people"), members(r, team), teamIncidentTimes(r, team, range)]);
  return oncallFrom(ledger, people, incidents, settings);
}

/** MTTA of the team's incidents created in the window: the on-call endpoint's figure on its own. */
export async function teamTimeToAcknowledge(source: Db | WindowReads, team: Team, range: Window): Promise<{ medianMinutes: number | null; count: number }> {
  return (await teamIncidentTimes(readsOf(source), team, range)).mtta;
}

/**
 * MTTA and MTTR of the team's incidents created in the window (its services' only: the weeks'
 * incidents) from the weeks' sorted values, and those with a negative span counted in SQL: the
 * figures `incidentTimesOf` gives over their facts, without reading every incident.
 */
function teamIncidentTimes(r: WindowReads, team: Team, range: Window): Promise<IncidentTimes> {
  return r.once(`incident-times|${team.id}|${range.from}|${range.to}`, async () => {
    const [m, negative] = await Promise.all([teamMeasures(r, team, range, ["ack", "restore"]), countIncidentsWithNegativeSpan(r.db, team.services, range.from, range.to)]);
    return { mtta: { medianMinutes: medianOf(m.ack), count: m.ack.length }, mttr: { medianMinutes: medianOf(m.restore), count: m.restore.length }, negative };
  });
}

/**
 * Alert quality of the window: its counts and noise by reason from the team's weeks, time to fix
 * from their sorted values, who was paged from the members' weeks, every key's alerts and noise
 * from the key rollups (and so the new and recurring keys, against the keys of the 90 days
 * before), and the noisiest keys' suggestions from those keys' rows. A window on UTC day
 * boundaries reads no alert facts at all; one cut mid-day reads its part-days' only.
 */
export async function teamAlertQuality(source: Db | WindowReads, team: Team, range: Window): Promise<AlertQualityResult> {
  const r = readsOf(source);
  const [weeks, fix, pages, keys, keysBefore, people] = await Promise.all([
    teamWeeks(r, team, range),
    teamMeasures(r, team, range, ["fix"]),
    memberPages(r, team, range),
    alertKeyCounts(r, team, range),
    alertKeyCounts(r, team, { from: range.from - RECURRING_LOOKBACK_MS, to: range.from }),
    members(r, team),
  ]);
  const keyPeriods = await alertKeyRows(r, team, range, noisiestKeys(keys, TOP_NOISY_KEYS).map((k) => k.key));
  return alertQualityOf(
    {
      count: sumWeeks(weeks, (w) => w.alerts),
      noiseByReason: { marked: sumWeeks(weeks, (w) => w.noiseMarked), auto_resolved: sumWeeks(weeks, (w) => w.noiseAuto), repeat: sumWeeks(weeks, (w) => w.noiseRepeat) },
      fix: fix.fix,
      keys,
      keyPeriods,
    },
    {
      keysSeenBefore: new Set(keysBefore.map((k) => k.key)),
      pages,
      names: new Map(people.map((p) => [p.id, p.name])),
      topKeys: TOP_NOISY_KEYS,
      zone: teamZone(people.flatMap((p) => (p.timezone === null ? [] : [p.timezone]))),
    },
  );
}

/** The noisy keys the alerts endpoint lists. */
const TOP_NOISY_KEYS = 10;

/**
 * A read over a window from rollups aggregated in SQL: its whole weeks in one span from the
 * weekly rows, its edge weeks' whole UTC days from the daily ones, and only the part-days (where
 * an edge is not at 00:00 UTC) from facts; the parts' rows together.
 */
async function overParts<T>(window: Window, rollup: (period: "week" | "day", span: Window) => Promise<T[]>, facts: (span: Window) => Promise<T[]>): Promise<T[]> {
  const weeks = windowWeeks(window);
  const whole = weeks.filter(isWhole);
  const reads: Promise<T[]>[] = whole.length === 0 ? [] : [rollup("week", { from: (whole[0] as Week).weekStart, to: (whole.at(-1) as Week).weekStart + WEEK })];
  for (const w of weeks.filter((w) => !isWhole(w))) reads.push(edgeParts(w, (days) => rollup("day", days), facts));
  return (await Promise.all(reads)).flat();
}

/** The members' interruptions in the window by band, summed per person in SQL from the person rollups (part-days from facts). */
function memberPages(r: WindowReads, team: Team, window: Window): Promise<PersonPages[]> {
  return r.once(`member-pages|${team.id}|${window.from}|${window.to}`, () =>
    overParts(
      window,
      (period, span) => getPeoplePages(r.db, team.members, period, span.from, span.to),
      (span) => getPeoplePagesOfFacts(r.db, team.members, span.from, span.to),
    ),
  );
}

/** Every key that fired on the team's services in the window, with its alerts and noise there (ranking reads only the counts). */
function alertKeyCounts(r: WindowReads, team: Team, window: Window): Promise<AlertKeyCount[]> {
  return r.once(`alert-keys|${team.id}|${window.from}|${window.to}`, async () => {
    const parts = await overParts(
      window,
      (period, span) => getAlertKeyCounts(r.db, team.services, period, span.from, span.to),
      (span) => getAlertKeyCountsOfFacts(r.db, team.services, span.from, span.to),
    );
    return [...sumKeyCounts(parts).values()];
  });
}

/** Some keys' rows over the window: its weeks' and days' from the rollups, its part-days' made from facts as the rollups are. */
function alertKeyRows(r: WindowReads, team: Team, window: Window, keys: readonly string[]): Promise<AlertKeyPeriod[]> {
  return r.once(`alert-key-rows|${team.id}|${window.from}|${window.to}|${keys.join("\u0000")}`, () =>
    overParts(
      window,
      (period, span) => getAlertKeyPeriods(r.db, team.services, keys, period, span.from, span.to),
      async (span) => alertKeyPeriods(await getAlertFactsOfKeys(r.db, team.services, keys, span.from, span.to), () => span.from),
    ),
  );
}

/**
 * The signals as of an instant: 90 days and 4 weeks before it (signalWindows). With `records`
 * false, the same signals without the deployment ids their evidence lists (the org summary and the
 * report show figures): the deployments are counted in SQL instead of read one by one.
 */
export async function teamSignals(source: Db | WindowReads, team: Team, asOf: number, settings: MetricSettings, records = true): Promise<SignalsResult> {
  const r = readsOf(source);
  const db = r.db;
  const { long, short } = signalWindows(asOf);
  const [longWeeks, longLedger, deploys, committers, authors, ci, shortWeeks, ops] = await Promise.all([
    teamWeeks(r, team, long),
    ledgerWeeks(r, team, long, "team"),
    records ? getDeployPlacesBetween(db, team.repos, long.from, long.to).then((prod) => deployPlaces(prod, short)) : getDeployPlaceCounts(db, team.repos, long.from, long.to, short.from).then(deployCounts),
    getTeamCommitters(db, team, { ...long, lookbackMs: 0, lookaheadMs: 0 }),
    getChangeAuthors(db, team.repos, long.from, long.to),
    teamCiOverall(r, team, short),
    teamWeeks(r, team, short),
    teamOpsWork(r, team, short, settings),
  ]);
  const hasRecords = hasActivity(longWeeks, longLedger) || committers.some((c) => c.lastCommitAt >= long.from && c.firstCommitAt < long.to);
  const repoPeople = repoPeopleOf(
    team.repos,
    committers,
    authors.map((a) => ({ ...a, mergedAt: long.from })),
    long,
  );
  return signalsFrom(
    {
      team,
      orgCompliance: settings.orgCompliance,
      repoPeople,
      ...deploys,
      ci,
      weeks: shortWeeks,
      ops,
      hasRecords,
      names: await namesOfLogins(db, [...new Set([...repoPeople.values()].flatMap((r) => r.people))]),
    },
    asOf,
    settings,
  );
}

type SignalDeploys = Pick<SignalIngredients, "longDeploys" | "shortDeploys">;

/** The 90 days' production deployments, listed, and the 4 weeks' among them (the short window ends where the long one does). */
function deployPlaces(prod: { id: string; repo: string; environment: string; deployedAt: number }[], short: Window): SignalDeploys {
  const shortIds = prod.filter((d) => d.deployedAt >= short.from && d.deployedAt < short.to).map((d) => d.id);
  return {
    longDeploys: {
      count: prod.length,
      repos: [...new Set(prod.map((d) => d.repo))].sort(),
      environments: [...new Set(prod.map((d) => d.environment))].sort(),
      ids: prod.sort((a, b) => a.deployedAt - b.deployedAt || (a.id < b.id ? -1 : 1)).map((d) => d.id),
    },
    shortDeploys: { count: shortIds.length, ids: shortIds },
  };
}

/** The same figures from counts per repo and environment, without the ids. */
function deployCounts(counts: { repo: string; environment: string; count: number; recent: number }[]): SignalDeploys {
  const sum = (pick: (c: (typeof counts)[number]) => number): number => counts.reduce((n, c) => n + pick(c), 0);
  return {
    longDeploys: { count: sum((c) => c.count), repos: [...new Set(counts.map((c) => c.repo))].sort(), environments: [...new Set(counts.map((c) => c.environment))].sort(), ids: [] },
    shortDeploys: { count: sum((c) => c.recent), ids: [] },
  };
}

export async function teamSeries(source: Db | WindowReads, team: Team, metric: SeriesMetric, range: Window, settings: MetricSettings): Promise<SeriesResult> {
  if (metric === "ops-share") return opsShareSeries(await teamOpsWork(source, team, range, settings), range);
  return seriesFromWeeks(metric, await teamWeeks(source, team, range), range);
}

/** Every headline figure of a team: what the org summary and the report show per team. */
export interface TeamOverview {
  team: Team;
  dora: DoraResult;
  /** CI health overall (the summary and report show no workflow's). */
  ci: CiStats;
  ops: OpsWorkResult;
  signals: SignalsResult;
  /** The ops work of the 4 weeks before `range.to`: the span the ops-load signal reads. */
  recentOps: OpsWorkResult;
  /** How much of the range's merged changes and author time went to ops work. */
  investment: Investment;
}

/**
 * DORA, CI and ops work for the range and the signals as of its end, each as its team endpoint
 * computes it. `signalRecords` false: the signals without the deployment ids of their evidence
 * (what the org summary and the report show), counted instead of listed.
 */
export async function teamOverview(source: Db | WindowReads, team: Team, range: Window, settings: MetricSettings, options: { signalRecords?: boolean } = {}): Promise<TeamOverview> {
  // One memo for the five figures: the signals' windows end where the range does, and their weekly rows are read once.
  const { long, short } = signalWindows(range.to);
  const r = readsOf(source).cover(team.id, [range, long, short]);
  const [dora, ci, ops, signals, recentOps, opsFractions] = await Promise.all([
    teamDora(r, team, range, settings),
    teamCiOverall(r, team, range),
    teamOpsWork(r, team, range, settings),
    teamSignals(r, team, range.to, settings, options.signalRecords ?? true),
    teamOpsWork(r, team, short, settings),
    getChangeOpsFractions(r.db, team.repos, range.from, range.to),
  ]);
  return { team, dora, ci, ops, signals, recentOps, investment: investmentFrom(opsFractions.fractions, ops, opsFractions.merged) };
}
