import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getTeams, LEDGER_CATEGORIES, type LedgerCategory } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { generateDemo } from "./generate.ts";
import { loadDemo } from "./index.ts";
import { DEMO_SHAPE, TEAMS, type DemoTeamId } from "./org.ts";

const NOW = Date.parse("2026-11-21T22:58:00Z");
// Eight weeks keep the load quick; the shape of a full year is checked in generate.test.ts.
const options = { scale: 1, seed: 7, now: NOW, weeks: 8 };
const TABLES = [
  "teams",
  "team_members",
  "team_repos",
  "team_services",
  "team_repo_services",
  "people",
  "deployments",
  "deployment_commits",
  "changes",
  "change_commits",
  "ci_runs",
  "incidents",
  "alerts",
  "pages",
  "oncall_shifts",
  "acknowledgements",
] as const;

async function rowCounts(t: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe("loadDemo into SQLite", () => {
  let t: TestDatabase;
  let first: { records: number };
  const logged: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    first = await loadDemo(t.db, { ...options, log: (line) => logged.push(line) });
  });
  afterAll(async () => t.close());

  test("writes every generated line as a record, and says what it loaded", async () => {
    const lines = [...generateDemo(options)].flat();
    expect(first.records).toBe(lines.length);
    const counts = await rowCounts(t);
    expect(counts.teams).toBe(6);
    expect(counts.people).toBe(40);
    expect(counts.deployments).toBe(lines.filter((l) => l.kind === "deployment").length);
    expect(counts.ci_runs).toBe(lines.filter((l) => l.kind === "ci_run").length);
    expect(counts.pages).toBe(lines.filter((l) => l.kind === "page").length);
    expect(counts.deployment_commits).toBeGreaterThan(0);
    expect(logged.at(-1)).toMatch(/^demo \(seed 7, scale 1\): .*\d+ deployment/);
  });

  test("loading it again changes no row count", async () => {
    const before = await rowCounts(t);
    const again = await loadDemo(t.db, options);
    expect(again.records).toBe(first.records);
    expect(await rowCounts(t)).toEqual(before);
  });

  test("the teams come back through the read model as the demo shaped them", async () => {
    const rows = await t.db.selectFrom("team_members").select(["team_id", "person_id"]).where("team_id", "=", "growth").orderBy("person_id").execute();
    expect(rows.map((r) => r.person_id)).toEqual(["anna-fischer", "ines-costa", "paul-schneider"]);
    const growth = (await getTeams(t.db)).find((team) => team.id === "growth");
    expect(growth?.repoServices).toEqual({ "acme/email-campaigns": ["growth"], "acme/growth-experiments": ["growth"] });
  });
});

// `--scale N` gives every team N squads of the same shape: the per-person rates, and so the ops
// share and what it is made of, stay the same (the counts of services and deploys do not: they
// add up, so architecture and delivery pressure are not compared here).
describe.each(DIALECTS)("the demo at scale 2 on %s", (dialect) => {
  let t: TestApp;
  const teams = Object.keys(DEMO_SHAPE) as DemoTeamId[];
  // The 4 weeks the ops-load signal reads.
  const last4Weeks = `from=${new Date(NOW - 28 * 86_400_000).toISOString()}&to=${new Date(NOW).toISOString()}`;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    await loadDemo(t.database.db, { scale: 2, seed: 7, now: NOW, weeks: 6 });
    await t.deriver.drain();
  });
  afterAll(async () => t.close());

  test.each(teams)("%s has two squads of people and keeps its ops-load status and the category that dominates its ops work", async (id) => {
    const get = async <T>(path: string): Promise<T> => (await t.app.request(path)).json() as Promise<T>;
    const signals = await get<{ signals: { id: string; status: string }[] }>(`/api/teams/${id}/signals`);
    const ops = await get<{ members: number; categories: { category: LedgerCategory; minutes: number }[] }>(`/api/teams/${id}/ops-work?${last4Weeks}`);
    const minutes = new Map(ops.categories.map((c) => [c.category, c.minutes]));
    const dominant = [...LEDGER_CATEGORIES].sort((a, b) => (minutes.get(b) ?? 0) - (minutes.get(a) ?? 0))[0];
    expect({ members: ops.members, status: signals.signals.find((s) => s.id === "ops-load")?.status, dominant }).toEqual({
      members: 2 * (TEAMS.find((team) => team.id === id)?.people.length ?? 0),
      status: DEMO_SHAPE[id].signals["ops-load"],
      dominant: DEMO_SHAPE[id].dominant,
    });
  });
});

describe("options the CLI cannot express are refused", () => {
  test.each([0, 1.5, -2])("scale %d", (scale) => {
    expect(() => [...generateDemo({ scale, seed: 1, now: NOW })]).toThrow(/scale must be a positive integer/);
  });
});
