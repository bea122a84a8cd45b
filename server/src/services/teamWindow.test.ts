/**
 * The team window read model reads CI health from rollups, never from every run: the CI endpoint
 * per workflow from the repos' workflow weeks (`rollup_ci_workflow_week`), the summary, signals
 * and report overall from the team's weekly rollups — counts summed, medians read from each
 * week's sorted values (`teamMeasures`), edge weeks from facts. Both must give the figures every
 * run's facts give, to the digit, for any window — whole weeks, edge weeks cut mid-day, an empty
 * one — on both databases. The demo org gives each team thousands of runs with ties and null
 * queue times. Edge weeks — the team's and its members' — are made of day rollups and a
 * part-day's facts, and must equal what every fact of the window gives. Alert quality reads keys
 * from the key rollups and must give what every alert fact, key and interruption gives.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  countIncidentsWithNegativeSpan,
  getIncidentFactsOfServices,
  getInterruptionsOf,
  getPeopleFacts,
  getPeopleNames,
  getTeamAlertFacts,
  getTeamAlertKeys,
  getTeamCiFacts,
  getTeamFacts,
  getTeams,
  type Database,
  type Db,
  type PersonWeek,
  type Team,
  type TeamLedger,
} from "@opsledger/db";
import { POSTGRES_AVAILABLE, type DialectName } from "@opsledger/db/testing";
import { defaultConfig } from "../config/schema.ts";
import { loadDemo } from "../demo/index.ts";
import {
  RECURRING_LOOKBACK_MS,
  WEEK_MEASURES,
  alertQualityFrom,
  incidentTimesOf,
  ciFromFacts,
  personWeeksOf,
  settingsFromConfig,
  skippedAcks,
  teamLedgerOf,
  teamZone,
  weekMeasures,
  weeksOfWindow,
  windowWeeks,
  type AlertQualityResult,
  type SortedRuns,
  type Window,
} from "../metrics/index.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { ledgerWeeks, teamAlertQuality, teamCi, teamCiOverall, teamDora, teamMeasures, teamOncall, teamSignals, teamWeeks } from "./teamWindow.ts";

const NOW = Date.parse("2026-11-20T09:30:00Z");
const DAY = 86_400_000;

/** Each window, and how many runs the demo's teams have in it at least (the empty one: none). */
const WINDOWS = {
  "a quarter": { from: Date.parse("2026-07-01T00:00:00Z"), to: Date.parse("2026-10-01T00:00:00Z"), runs: 1_000 },
  "4 weeks cut mid-day at both ends": { from: NOW - 28 * DAY - 3_600_123, to: NOW, runs: 300 },
  "one day": { from: NOW - DAY, to: NOW, runs: 1 },
  "before any record": { from: Date.parse("2020-01-01T00:00:00Z"), to: Date.parse("2020-04-01T00:00:00Z"), runs: 0 },
};

/**
 * Windows whose edge weeks are made of whole UTC days (from the day rollups), of whole days and a
 * part-day (facts for the part-day only), or of parts of days alone (facts).
 */
const EDGES = {
  "a quarter, on day boundaries": { from: Date.parse("2026-07-01T00:00:00Z"), to: Date.parse("2026-10-01T00:00:00Z") },
  "two weeks from a midnight to mid-afternoon": { from: Date.parse("2026-10-07T00:00:00Z"), to: Date.parse("2026-10-21T15:20:00.500Z") },
  "ten days from mid-morning to a midnight": { from: Date.parse("2026-10-13T09:45:00Z"), to: Date.parse("2026-10-23T00:00:00Z") },
  "one day cut mid-day at both ends": { from: NOW - DAY, to: NOW },
  "hours inside one day": { from: Date.parse("2026-10-14T08:00:00Z"), to: Date.parse("2026-10-14T17:00:00Z") },
};

/** Windows for alert quality: EDGES, a sprint, and one before any record (its 90 days before too). */
const ALERT_WINDOWS = {
  ...EDGES,
  "a two-week sprint from a Monday": { from: Date.parse("2026-10-05T00:00:00Z"), to: Date.parse("2026-10-19T00:00:00Z") },
  "30 days cut mid-day at both ends": { from: NOW - 30 * DAY - 3_600_123, to: NOW },
  "before any record": { from: Date.parse("2020-01-01T00:00:00Z"), to: Date.parse("2020-04-01T00:00:00Z") },
};

/** Alert quality from every alert fact of the window, every key of the 90 days before it and every interruption of the members: the read it replaced. */
async function alertQualityFromEveryFact(db: Db, team: Team, window: Window): Promise<AlertQualityResult> {
  const [alerts, keysSeenBefore, interruptions, names] = await Promise.all([
    getTeamAlertFacts(db, team.services, window.from, window.to),
    getTeamAlertKeys(db, team, { from: window.from - RECURRING_LOOKBACK_MS, to: window.from }),
    getInterruptionsOf(db, team.members, window.from, window.to),
    getPeopleNames(db, team.members),
  ]);
  return alertQualityFrom(alerts, {
    keysSeenBefore: new Set(keysSeenBefore),
    interruptions: interruptions.map((i) => ({ person: i.person, band: i.band })),
    names: new Map(team.members.map((id) => [id, names.get(id)?.name ?? id])),
    zone: teamZone(team.members.flatMap((id) => names.get(id)?.timezone ?? [])),
  });
}

/** Every value of sorted runs, in order. */
const valuesOf = (runs: SortedRuns): number[] => Array.from({ length: runs.length }, (_, i) => runs.nth(i));

/** What a quarter's DORA and CI figures (overall and per workflow) and weeks are, read through `db`. */
const quarterFigures = (db: Db, team: Team) => {
  const quarter = EDGES["a quarter, on day boundaries"];
  return Promise.all([teamDora(db, team, quarter, settingsFromConfig(defaultConfig())), teamCiOverall(db, team, quarter), teamWeeks(db, team, quarter), teamCi(db, team, quarter)]);
};

/** Rolled back: a transaction that ends by throwing this leaves nothing behind. */
class RolledBack extends Error {}

/** What `read` gives inside a transaction that first deletes every row of `tables`, rolled back after. */
async function withoutRows<T>(db: Db, tables: readonly (keyof Database)[], read: (trx: Db) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .execute(async (trx) => {
      for (const table of tables) await trx.deleteFrom(table).execute();
      throw Object.assign(new RolledBack(), { result: await read(trx) });
    })
    .catch((e: unknown) => {
      if (e instanceof RolledBack) return (e as RolledBack & { result: T }).result;
      throw e;
    });
}

/**
 * The members' weeks of a window made from every person fact in it at once, as the rollups are
 * made (`personWeeksOf` over the whole window): what the read model's weeks must equal.
 */
async function personWeeksFromEveryFact(db: Db, team: Team, window: Window) {
  const f = await getPeopleFacts(db, team.members, window.from, window.to);
  const incidents = new Map(f.incidents.map((i) => [i.id, i]));
  const all = team.members.flatMap((person) =>
    personWeeksOf(
      person,
      f.items.filter((i) => i.person === person),
      f.interruptions.filter((i) => i.person === person),
      f.shifts.filter((s) => s.person === person),
      window.from,
      window.to,
      { emails: f.emails.filter((e) => e.person === person).map((e) => e.at), acks: skippedAcks(f.acknowledgements.filter((a) => a.person === person), incidents) },
    ),
  );
  return windowWeeks(window).map((w) => {
    const people = all.filter((pw) => pw.weekStart === w.weekStart);
    return { ...w, team: rounded(teamLedgerOf(w.weekStart, people)), people: byPerson(people) };
  });
}

/**
 * A team's ledger as a window's week compares it: minutes rounded past float noise, and only
 * whether anyone was active (a week made of days counts member-days, one of facts members).
 */
const rounded = (l: TeamLedger) => ({ ...(JSON.parse(JSON.stringify(l), (_, v: unknown) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v)) as TeamLedger), active: l.active > 0 });

/** Person-weeks in person order, minutes rounded past float noise (a week of days adds its minutes in another order than a week of items). */
const byPerson = (weeks: readonly PersonWeek[]) =>
  [...weeks]
    .sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0))
    .map((pw) => JSON.parse(JSON.stringify(pw), (_, v: unknown) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v)) as PersonWeek);

describe.each(["sqlite", ...(POSTGRES_AVAILABLE ? ["postgres"] : [])] as DialectName[])("the team window read model on %s", (dialect) => {
  let t: TestApp;
  let teams: Team[];
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: defaultConfig(), now: NOW });
    await loadDemo(t.database.db, { scale: 1, seed: 1, now: NOW });
    await t.deriver.drain();
    teams = await getTeams(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  test.each(Object.entries(EDGES))("over %s, the weeks and every measure's values are those of every fact in the window", async (_, window) => {
    for (const team of teams) {
      const [weeks, measures, facts] = await Promise.all([teamWeeks(t.database.db, team, window), teamMeasures(t.database.db, team, window, WEEK_MEASURES), getTeamFacts(t.database.db, team, window.from, window.to)]);
      expect(weeks, team.id).toEqual(weeksOfWindow(window, facts));
      const everyFact = weekMeasures(facts);
      for (const m of WEEK_MEASURES) expect(valuesOf(measures[m]), `${team.id} ${m}`).toEqual([...everyFact[m]]);
    }
  });

  test("a window on day boundaries reads no fact rows: without them its figures are the same", async () => {
    const db = t.database.db;
    const before = await Promise.all(teams.map((team) => quarterFigures(db, team)));
    expect(before.some(([dora]) => dora.deploymentFrequency.count > 0)).toBe(true);
    const without = await withoutRows(db, ["fact_team_deploys", "fact_changes", "fact_ci_runs", "fact_incidents", "fact_alerts"], (trx) => Promise.all(teams.map((team) => quarterFigures(trx, team))));
    expect(without).toEqual(before);
  });

  test.each(Object.entries(EDGES))("over %s, the members' weeks and the team's ledger are those of every person fact in the window", async (_, window) => {
    let onCall = 0;
    let minutes = 0;
    for (const team of teams) {
      const [weeks, everyFact] = await Promise.all([ledgerWeeks(t.database.db, team, window, "people"), personWeeksFromEveryFact(t.database.db, team, window)]);
      expect(weeks.map((w) => ({ ...w, team: rounded(w.team), people: byPerson(w.people) })), team.id).toEqual(everyFact);
      for (const pw of weeks.flatMap((w) => w.people)) {
        onCall += pw.onCall ? 1 : 0;
        minutes += pw.minutes.alerts + pw.minutes.ops_changes + pw.changesMinutes;
      }
    }
    // Figures worth comparing: someone on call, and ledger minutes, in every window.
    expect(onCall).toBeGreaterThan(0);
    expect(minutes).toBeGreaterThan(0);
  });

  test("a window on day boundaries reads no person fact rows: without them its members' weeks are the same", async () => {
    const db = t.database.db;
    const quarter = EDGES["a quarter, on day boundaries"];
    const before = await Promise.all(teams.map((team) => ledgerWeeks(db, team, quarter, "people")));
    const edges = before.flatMap((weeks) => [weeks[0], weeks.at(-1)]).flatMap((w) => w?.people ?? []);
    expect(edges.some((pw) => pw.onCall && pw.minutes.alerts > 0)).toBe(true);
    const without = await withoutRows(db, ["fact_ledger", "fact_interruptions", "oncall_shifts", "pages", "acknowledgements", "incidents"], (trx) =>
      Promise.all(teams.map((team) => ledgerWeeks(trx, team, quarter, "people"))),
    );
    expect(without).toEqual(before);
  });

  test.each(Object.entries(EDGES))("over %s, CI per workflow from week and day rollups and part-day runs is what every run's facts give", async (_, window) => {
    let runs = 0;
    for (const team of teams) {
      const [perWorkflow, everyRun] = await Promise.all([teamCi(t.database.db, team, window), getTeamCiFacts(t.database.db, team.repos, window.from, window.to).then((facts) => ciFromFacts(facts))]);
      expect(perWorkflow, team.id).toEqual(everyRun);
      runs += everyRun.overall.runs;
    }
    expect(runs).toBeGreaterThan(0);
  });

  test.each(Object.entries(ALERT_WINDOWS))("over %s, alert quality is what every alert fact, key and interruption of the window gives", async (name, window) => {
    const all: AlertQualityResult[] = [];
    for (const team of teams) {
      const [read, everyFact] = await Promise.all([teamAlertQuality(t.database.db, team, window), alertQualityFromEveryFact(t.database.db, team, window)]);
      expect(read, team.id).toEqual(everyFact);
      all.push(read);
    }
    if (name === "before any record") expect(all.every((q) => q.count === 0 && q.keys.newKeys.length === 0)).toBe(true);
    else expect(all.some((q) => q.count > 0)).toBe(true);
  });

  test("alert quality over a window on day boundaries reads no alert or page: without them it is the same", async () => {
    const db = t.database.db;
    // The quarter's 90 days before start on a day boundary too.
    const quarter = EDGES["a quarter, on day boundaries"];
    const before = await Promise.all(teams.map((team) => teamAlertQuality(db, team, quarter)));
    // Figures worth comparing: noisy keys with suggestions, new and recurring keys, sleep-hour pages.
    expect(before.some((q) => q.topNoisyKeys.some((k) => k.suggestion.pattern !== null) && q.timeToFix.count > 0)).toBe(true);
    expect(before.some((q) => q.keys.new > 0) && before.some((q) => q.keys.recurring > 0)).toBe(true);
    expect(before.some((q) => q.wokenUp.length > 0)).toBe(true);
    const without = await withoutRows(db, ["fact_alerts", "alerts", "fact_interruptions", "pages"], (trx) => Promise.all(teams.map((team) => teamAlertQuality(trx, team, quarter))));
    expect(without).toEqual(before);
  });

  test.each(Object.entries(EDGES))("over %s, on-call's MTTA, MTTR and clock-skew count from the rollups are every incident fact's", async (_, window) => {
    let incidents = 0;
    for (const team of teams) {
      const [oncall, facts] = await Promise.all([teamOncall(t.database.db, team, window, settingsFromConfig(defaultConfig())), getIncidentFactsOfServices(t.database.db, team.services, window.from, window.to)]);
      const times = incidentTimesOf(facts);
      expect({ mtta: oncall.mtta, mttr: oncall.mttr }, team.id).toEqual({ mtta: times.mtta, mttr: times.mttr });
      expect(await countIncidentsWithNegativeSpan(t.database.db, team.services, window.from, window.to), team.id).toBe(times.negative);
      incidents += facts.length;
    }
    expect(incidents).toBeGreaterThan(0);
  });

  test("the signals counted without their records give every figure the listed ones give", async () => {
    const settings = settingsFromConfig(defaultConfig());
    // Without the deployment ids: the same statuses, values, messages and evidence facts.
    const withoutIds = (r: Awaited<ReturnType<typeof teamSignals>>) => ({ ...r, signals: r.signals.map((s) => ({ ...s, evidence: { ...s.evidence, records: s.evidence.records.filter((k) => k.kind !== "deployment") } })) });
    let deployments = 0;
    for (const asOf of [NOW, EDGES["a quarter, on day boundaries"].to, Date.parse("2020-01-01T00:00:00Z")])
      for (const team of teams) {
        const [listed, counted] = await Promise.all([teamSignals(t.database.db, team, asOf, settings), teamSignals(t.database.db, team, asOf, settings, false)]);
        expect(withoutIds(counted), team.id).toEqual(withoutIds(listed));
        expect(counted.signals.flatMap((s) => s.evidence.records.filter((k) => k.kind === "deployment").flatMap((k) => k.ids))).toEqual([]);
        deployments += listed.signals.flatMap((s) => s.evidence.records.filter((k) => k.kind === "deployment").flatMap((k) => k.ids)).length;
      }
    expect(deployments).toBeGreaterThan(0);
  });

  test.each(Object.entries(WINDOWS))("over %s, the weekly rollups give the CI figures every run's facts give", async (_, window) => {
    let runs = 0;
    for (const team of teams) {
      const [overall, perWorkflow, everyRun] = await Promise.all([
        teamCiOverall(t.database.db, team, window),
        teamCi(t.database.db, team, window),
        getTeamCiFacts(t.database.db, team.repos, window.from, window.to).then((facts) => ciFromFacts(facts)),
      ]);
      expect(overall, team.id).toEqual(everyRun.overall);
      expect(perWorkflow, team.id).toEqual(everyRun);
      runs += everyRun.overall.runs;
    }
    if (window.runs === 0) expect(runs).toBe(0);
    else expect(runs).toBeGreaterThanOrEqual(window.runs);
  });
});
