/**
 * The team window read model reads CI health from rollups, never from every run: the CI endpoint
 * per workflow from the repos' workflow weeks (`rollup_ci_workflow_week`), the summary, signals
 * and report overall from the team's weekly rollups — counts summed, medians read from each
 * week's sorted values (`teamMeasures`), edge weeks from facts. Both must give the figures every
 * run's facts give, to the digit, for any window — whole weeks, edge weeks cut mid-day, an empty
 * one — on both databases. The demo org gives each team thousands of runs with ties and null
 * queue times.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getTeamCiFacts, getTeams, type Team } from "@opsledger/db";
import { POSTGRES_AVAILABLE, type DialectName } from "@opsledger/db/testing";
import { defaultConfig } from "../config/schema.ts";
import { loadDemo } from "../demo/index.ts";
import { ciFromFacts } from "../metrics/index.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { teamCi, teamCiOverall } from "./teamWindow.ts";

const NOW = Date.parse("2026-11-20T09:30:00Z");
const DAY = 86_400_000;

/** Each window, and how many runs the demo's teams have in it at least (the empty one: none). */
const WINDOWS = {
  "a quarter": { from: Date.parse("2026-07-01T00:00:00Z"), to: Date.parse("2026-10-01T00:00:00Z"), runs: 1_000 },
  "4 weeks cut mid-day at both ends": { from: NOW - 28 * DAY - 3_600_123, to: NOW, runs: 300 },
  "one day": { from: NOW - DAY, to: NOW, runs: 1 },
  "before any record": { from: Date.parse("2020-01-01T00:00:00Z"), to: Date.parse("2020-04-01T00:00:00Z"), runs: 0 },
};

describe.each(["sqlite", ...(POSTGRES_AVAILABLE ? ["postgres"] : [])] as DialectName[])("CI health on %s", (dialect) => {
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
