/**
 * The demo organisation through the API (issue 3, "Done when"): every endpoint answers the same
 * on SQLite and on Postgres, and the fund-DevOps signals come out as the demo was shaped. One
 * demo database per dialect, loaded once for the whole file (loading takes a few seconds).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POSTGRES_AVAILABLE, type DialectName } from "@opsledger/db/testing";
import { defaultConfig } from "../config/schema.ts";
import { loadDemo } from "../demo/index.ts";
import { settingsFromConfig, sprintAt } from "../metrics/index.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { SERIES_METRICS } from "./metrics.ts";
import { RECORD_METRICS } from "./records.ts";

const NOW = Date.parse("2026-11-20T09:30:00Z");
const config = defaultConfig();

type Json = unknown;

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

    test.each(["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"])("%s fires for one team and not for another", (signal) => {
      const firing = teams.filter((t) => statuses[t]?.[signal] === "firing");
      const notFiring = teams.filter((t) => statuses[t]?.[signal] !== "firing");
      expect(firing.length).toBeGreaterThan(0);
      expect(notFiring.length).toBeGreaterThan(0);
    });

    test.each([
      ["payments", "ops-load", "firing"],
      ["payments", "compliance", "firing"],
      ["storefront", "delivery-pressure", "firing"],
      ["storefront", "team-size", "firing"],
      ["infra", "architecture", "firing"],
      ["search", "ops-load", "warning"],
      ["platform", "ops-load", "ok"],
      ["platform", "compliance", "ok"],
      ["platform", "delivery-pressure", "ok"],
      ["growth", "team-size", "ok"],
      ["growth", "architecture", "ok"],
      ["growth", "ops-load", "ok"],
    ])("%s: %s is %s", (team, signal, status) => {
      expect(statuses[team]?.[signal]).toBe(status);
    });

    test("growth, quiet everywhere, is not yet a case for funding; payments is", () => {
      expect(verdicts.growth).toBe("not-yet");
      expect(verdicts.payments).toBe("fund-now");
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
});
