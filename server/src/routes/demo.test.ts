/**
 * The demo organisation through the API (issue 3, "Done when"): every endpoint answers the same
 * on SQLite and on Postgres, and the fund-DevOps signals and the ops-work ledger come out as the
 * demo was shaped (DEMO_SHAPE, server/src/demo/org.ts). One demo database per dialect, loaded
 * once for the whole file (loading takes a few seconds).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LEDGER_CATEGORIES, type LedgerCategory } from "@opsledger/db";
import { POSTGRES_AVAILABLE, type DialectName } from "@opsledger/db/testing";
import { defaultConfig } from "../config/schema.ts";
import { loadDemo } from "../demo/index.ts";
import { DEMO_SHAPE, type DemoTeamId } from "../demo/org.ts";
import { opsShareBand, SHAPED, SIGNAL_IDS } from "../demo/shape.testing.ts";
import { settingsFromConfig, sprintAt } from "../metrics/index.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { SERIES_METRICS } from "./metrics.ts";
import { RECORD_METRICS } from "./records.ts";

const NOW = Date.parse("2026-11-20T09:30:00Z");
const DAY = 86_400_000;
const config = defaultConfig();

type Json = unknown;

/** What GET /api/teams/:team/ops-work answers, as far as these tests read it. */
interface OpsWork {
  share: number | null;
  measuredShare: number | null;
  estimatedShare: number | null;
  minutes: number;
  workingMinutes: number;
  categories: { category: LedgerCategory; estimated: boolean; minutes: number; count: number; share: number | null }[];
  people: { person: string; byCategory: Record<LedgerCategory, number> }[];
  notes: { code: string; count: number }[];
}


const minutesOf = (ops: OpsWork, category: LedgerCategory): number => ops.categories.find((c) => c.category === category)?.minutes ?? 0;
const dominantOf = (ops: OpsWork): LedgerCategory | undefined => [...LEDGER_CATEGORIES].sort((a, b) => minutesOf(ops, b) - minutesOf(ops, a))[0];
const window = (to: number, days: number): string => `from=${new Date(to - days * DAY).toISOString()}&to=${new Date(to).toISOString()}`;

async function demoApp(dialect: DialectName): Promise<TestApp> {
  const t = await createTestApp(dialect, { config, now: NOW });
  await loadDemo(t.database.db, { scale: 1, seed: 1, now: NOW });
  await t.deriver.drain();
  return t;
}

async function getJson(t: TestApp, path: string): Promise<{ status: number; body: Json }> {
  const res = await t.app.request(path);
  return { status: res.status, body: (await res.json()) as Json };
}

/** Every GET the API offers for the demo org: each team endpoint, series, drill-down, and the org summary. */
function endpoints(teams: string[]): string[] {
  const sprint = sprintAt(NOW, settingsFromConfig(config)).index;
  const ranges = ["", "from=2026-07-01&to=2026-09-30"];
  const paths: string[] = [];
  for (const range of ranges) {
    const q = (extra: string) => [range, extra].filter((s) => s !== "").join("&");
    paths.push(`/api/org/summary?${q("")}`);
    for (const team of teams) {
      const base = `/api/teams/${team}`;
      for (const kind of ["dora", "ci", "oncall", "alerts"]) paths.push(`${base}/${kind}?${q("")}`);
      for (const metric of SERIES_METRICS) paths.push(`${base}/series?${q(`metric=${metric}`)}`);
      for (const metric of RECORD_METRICS) paths.push(`${base}/records?${q(`metric=${metric}&pageSize=500`)}`);
    }
  }
  for (const team of teams) {
    paths.push(`/api/teams/${team}/signals`, `/api/teams/${team}/signals?asOf=2026-08-31`);
    paths.push(`/api/teams/${team}/alerts?sprint=${sprint}`, `/api/teams/${team}/alerts?sprint=${sprint - 1}`);
  }
  return paths;
}

describe("the demo organisation through the API", () => {
  let sqlite: TestApp;
  let postgres: TestApp | undefined;
  let teams: string[];

  beforeAll(async () => {
    // The parity test needs Postgres; the shape tests below run on SQLite alone when it is absent.
    [sqlite, postgres] = await Promise.all([demoApp("sqlite"), POSTGRES_AVAILABLE ? demoApp("postgres") : Promise.resolve(undefined)]);
    const res = await getJson(sqlite, "/api/teams");
    teams = (res.body as { teams: { team: string }[] }).teams.map((t) => t.team);
  });
  afterAll(async () => {
    await Promise.all([sqlite.close(), postgres?.close()]);
  });

  test("the demo has the six teams it was shaped with", () => {
    expect([...teams].sort()).toEqual(["growth", "infra", "payments", "platform", "search", "storefront"]);
  });

  test.skipIf(!POSTGRES_AVAILABLE)("every endpoint gives the same response on SQLite and on Postgres", async () => {
    if (postgres === undefined) throw new Error("Postgres demo database missing");
    const paths = endpoints(teams);
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const [a, b] = await Promise.all([getJson(sqlite, path), getJson(postgres, path)]);
      expect({ path, status: a.status }).toEqual({ path, status: 200 });
      expect({ path, body: a.body }).toEqual({ path, body: b.body });
    }
  }, 600_000);

  test("the drill-down has records behind the numbers", async () => {
    for (const team of teams) {
      const { body } = await getJson(sqlite, `/api/teams/${team}/records?metric=deployments`);
      expect({ team, total: (body as { total: number }).total > 0 }).toEqual({ team, total: true });
    }
  });

  test("each number's drill-down lists exactly the records it was computed from", async () => {
    for (const team of teams) {
      const get = async <T>(path: string) => (await getJson(sqlite, `/api/teams/${team}/${path}`)).body as T;
      type Page<I> = { total: number; items: I[] };
      const dora = await get<{ deploymentFrequency: { count: number }; changeFailureRate: { failed: number }; leadTime: { count: number } }>("dora");
      const ci = await get<{ overall: { runs: number } }>("ci");
      const alerts = await get<{ count: number }>("alerts");
      const oncall = await get<{ people: { interruptions: { total: number } }[] }>("oncall");
      const deployments = await get<Page<unknown>>("records?metric=deployments&pageSize=1");
      const failed = await get<Page<unknown>>("records?metric=failed-deployments&pageSize=1");
      const runs = await get<Page<unknown>>("records?metric=ci-runs&pageSize=1");
      const alertItems = await get<Page<unknown>>("records?metric=alerts&pageSize=1");
      // Walk every page of a listing.
      const all = async <I>(metric: string): Promise<I[]> => {
        const items: I[] = [];
        for (let page = 1; ; page++) {
          const body = await get<Page<I>>(`records?metric=${metric}&pageSize=500&page=${page}`);
          items.push(...body.items);
          if (items.length >= body.total || body.items.length === 0) return items;
        }
      };
      const pages = await all<{ interruption: boolean }>("pages");
      const changes = await all<{ excluded: string | null; deployedAt: string | null; totalMinutes: number | null }>("changes");
      const counts = {
        team,
        deployments: deployments.total,
        failed: failed.total,
        runs: runs.total,
        alerts: alertItems.total,
        interruptions: pages.filter((p) => p.interruption).length,
        leadTime: changes.filter((c) => c.excluded === null && c.deployedAt !== null && c.totalMinutes !== null).length,
      };
      expect(counts).toEqual({
        team,
        deployments: dora.deploymentFrequency.count,
        failed: dora.changeFailureRate.failed,
        runs: ci.overall.runs,
        alerts: alerts.count,
        interruptions: oncall.people.reduce((sum, p) => sum + p.interruptions.total, 0),
        leadTime: dora.leadTime.count,
      });
    }
  });

  describe("the signals come out as the demo was shaped", () => {
    let statuses: Record<string, Record<string, string>>;
    let verdicts: Record<string, string>;

    beforeAll(async () => {
      const { body } = await getJson(sqlite, "/api/org/summary");
      const summary = body as { teams: { team: string; verdict: string; signals: Record<string, string> }[] };
      statuses = Object.fromEntries(summary.teams.map((t) => [t.team, t.signals]));
      verdicts = Object.fromEntries(summary.teams.map((t) => [t.team, t.verdict]));
    });

    test.each(SIGNAL_IDS)("%s fires for one team and not for another", (signal) => {
      const firing = teams.filter((t) => statuses[t]?.[signal] === "firing");
      const notFiring = teams.filter((t) => statuses[t]?.[signal] !== "firing");
      expect(firing.length).toBeGreaterThan(0);
      expect(notFiring.length).toBeGreaterThan(0);
    });

    test.each(SHAPED)("%s: every signal and the verdict come out as shaped", (team, shape) => {
      expect({ team, signals: statuses[team], verdict: verdicts[team] }).toEqual({ team, signals: shape.signals, verdict: shape.verdict });
    });

    test("the team signals endpoint agrees with the org summary", async () => {
      for (const team of teams) {
        const { body } = await getJson(sqlite, `/api/teams/${team}/signals`);
        const signals = (body as { signals: { id: string; status: string }[] }).signals;
        expect({ team, statuses: Object.fromEntries(signals.map((s) => [s.id, s.status])) }).toEqual({ team, statuses: statuses[team] });
      }
    });

    test("platform delivers at the elite tier", async () => {
      const { body } = await getJson(sqlite, "/api/teams/platform/dora");
      expect(body).toMatchObject({ deploymentFrequency: { tier: "elite" }, changeFailureRate: { tier: "elite" } });
    });

    test("change failure rates are believable: platform elite, every other team between 10% and 40%", async () => {
      const { body } = await getJson(sqlite, "/api/org/summary");
      const rates = Object.fromEntries(
        (body as { teams: { team: string; dora: { changeFailureRate: { rate: number | null } } }[] }).teams.map((t) => [t.team, t.dora.changeFailureRate.rate ?? -1]),
      );
      expect(rates.platform).toBeLessThanOrEqual(0.05);
      for (const team of ["payments", "storefront", "growth", "search", "infra"]) {
        expect({ team, believable: (rates[team] ?? -1) >= 0.1 && (rates[team] ?? -1) <= 0.4 }).toEqual({ team, believable: true });
      }
    });

    test("a failed payments deployment is explained by an incident on a service its repo deploys, never the card gateway", async () => {
      const { body } = await getJson(sqlite, "/api/teams/payments/records?metric=failed-deployments&pageSize=500");
      const failures = (body as { items: { failures: { reason: string; service?: string; scope?: string; text: string }[] }[] }).items.flatMap((d) => d.failures);
      const byWindow = failures.filter((f) => f.reason === "incident_window");
      expect(byWindow.length).toBeGreaterThan(0);
      expect(byWindow.every((f) => f.scope === "repo_services" && f.service !== "psp-gateway" && f.text.includes("deploys"))).toBe(true);
    });
  });

  describe("ops work comes out as the demo was shaped (DESIGN.md \"Ops work\")", () => {
    const ops = new Map<string, OpsWork>();
    const opsLoad = new Map<string, number | null>();
    const withDominant = (category: LedgerCategory): DemoTeamId[] => SHAPED.filter(([, s]) => s.dominant === category).map(([id]) => id);
    const get = async <T>(path: string): Promise<T> => (await getJson(sqlite, path)).body as T;

    beforeAll(async () => {
      for (const [team] of SHAPED) {
        // The 4 weeks before now: the window the ops-load signal reads.
        ops.set(team, await get<OpsWork>(`/api/teams/${team}/ops-work?${window(NOW, 28)}`));
        const { signals } = await get<{ signals: { id: string; value: number | null }[] }>(`/api/teams/${team}/signals`);
        opsLoad.set(team, signals.find((s) => s.id === "ops-load")?.value ?? null);
      }
    });

    test.each(SHAPED)("%s: the ops-load signal quotes the ledger's share, in its band, with the shaped category dominant", (team, shape) => {
      const mine = ops.get(team);
      const share = mine?.share ?? Number.NaN;
      const [low, high] = opsShareBand(shape.signals["ops-load"], config.thresholds);
      expect({ team, signal: opsLoad.get(team), inBand: share >= low && share < high, dominant: mine && dominantOf(mine) }).toEqual({
        team,
        signal: share,
        inBand: true,
        dominant: shape.dominant,
      });
    });

    test("the pipeline team's ops load is mostly pipeline toil, not pages", () => {
      const pipelineTeams = withDominant("pipeline");
      expect(pipelineTeams.length).toBeGreaterThan(0);
      for (const team of pipelineTeams) {
        const mine = ops.get(team);
        if (mine === undefined) throw new Error(`no ops work for ${team}`);
        const pipeline = minutesOf(mine, "pipeline");
        const pages = minutesOf(mine, "alerts") + minutesOf(mine, "incidents");
        expect({ team, mostly: pipeline > mine.minutes / 2, overPages: pipeline > 5 * pages }).toEqual({ team, mostly: true, overPages: true });
      }
    });

    test("estimated ops changes are counted, and shown apart from the measured categories, for every team", () => {
      for (const [team] of SHAPED) {
        const mine = ops.get(team);
        const opsChanges = mine?.categories.find((c) => c.category === "ops_changes");
        expect({
          team,
          estimatedOnly: mine?.categories.filter((c) => c.estimated).map((c) => c.category),
          counted: (opsChanges?.count ?? 0) > 0 && (opsChanges?.minutes ?? 0) > 0,
          apart: mine?.estimatedShare,
          whole: (mine?.measuredShare ?? 0) + (mine?.estimatedShare ?? 0),
          said: mine?.notes.some((n) => n.code === "ops_changes_estimated"),
        }).toEqual({ team, estimatedOnly: ["ops_changes"], counted: true, apart: opsChanges?.share, whole: expect.closeTo(mine?.share ?? Number.NaN, 12), said: true });
      }
    });

    test("where ops changes dominate, the estimate is what carries the team past the line: its measured part alone stays lower", () => {
      const teams = withDominant("ops_changes").filter((id) => DEMO_SHAPE[id].signals["ops-load"] === "firing");
      expect(teams.length).toBeGreaterThan(0);
      for (const team of teams) {
        const mine = ops.get(team);
        expect({ team, estimatedOver: (mine?.estimatedShare ?? 0) > (mine?.measuredShare ?? 1) }).toEqual({ team, estimatedOver: true });
      }
    });

    test.each(SHAPED.flatMap(([team, shape]) => shape.visible.map((category) => [team, category] as const)))(
      "%s: %s is visible too (at least 2% of the week), charged to several people, and drills down to its records",
      async (team, category) => {
        const mine = ops.get(team);
        const share = mine?.categories.find((c) => c.category === category)?.share ?? 0;
        const charged = mine?.people.filter((p) => p.byCategory[category] > 0).length ?? 0;
        const records = await get<{ total: number; items: { category: string }[] }>(`/api/teams/${team}/records?metric=ops-work&category=${category}&${window(NOW, 28)}&pageSize=500`);
        expect({ visible: share >= 0.02, charged: charged >= 3, listed: records.total > 0 && records.items.every((i) => i.category === category) }).toEqual({
          visible: true,
          charged: true,
          listed: true,
        });
      },
    );

    // A 4-week share moves from one month to the next; the shape holds over time: the dominant
    // category in every 4-week window of the last six months, teams shaped to fire or to stay ok
    // on the same side of the line in every one of them, and every team in its band over the
    // last quarter as a whole.
    test.each(SHAPED)("%s keeps its shape over the last six months", async (team, shape) => {
      const status = shape.signals["ops-load"];
      const [low, high] = opsShareBand(status, config.thresholds);
      const inBand = (ops: OpsWork): boolean => ops.share !== null && ops.share >= low && ops.share < high;
      for (let k = 0; k < 6; k += 1) {
        const mine = await get<OpsWork>(`/api/teams/${team}/ops-work?${window(NOW - k * 28 * DAY, 28)}`);
        // A team shaped to warn may cross either line for a month.
        expect({ team, k, dominant: dominantOf(mine), side: status === "warning" || inBand(mine) }).toEqual({ team, k, dominant: shape.dominant, side: true });
      }
      const quarter = await get<OpsWork>(`/api/teams/${team}/ops-work?${window(NOW, 13 * 7)}`);
      expect({ team, quarter: inBand(quarter) }).toEqual({ team, quarter: true });
    });
  });
});
