/**
 * Rules evaluated on a real database (SQLite and Postgres) with the notifications arriving at a
 * real webhook receiver on loopback (issue 15, "Done when"): a figure crossing up then down sends
 * one firing and one resolved notification; a restart between evaluations sends nothing twice and
 * loses nothing; `for: 3` needs three evaluations in a row; `minCount` keeps a team with two
 * deployments quiet; two evaluations at once announce a transition once.
 */
import { derivationSettings, inlineDeriver } from "../derive/deriver.ts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { connect, getNotificationHistory, getNotificationStates, writeRecords, type Connection, type NormalizedRecord } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { configSchema, type Config } from "../config/schema.ts";
import { readEnvironment } from "../env.ts";
import { settingsFromConfig } from "../metrics/index.ts";
import { startWebhookReceiver } from "../testing/receivers.ts";
import { evaluateRules } from "./evaluate.ts";
import { createNotifier, type Notifier } from "./index.ts";

const SECRET = "whsec_eval_test";
const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);

/** Week A: two deployments, one failed (50%); week B, ten days later: two clean ones (0%). */
const WEEK_A_END = at("2026-11-06T00:00:00Z");
const WEEK_B_END = at("2026-11-20T00:00:00Z");

const team = (id: string, repo: string): NormalizedRecord => ({ kind: "team", id, source: "config", name: id[0]?.toUpperCase() + id.slice(1), members: [], repos: [repo], services: [`${id}-svc`], repoServices: {}, compliance: [] });
const deployment = (id: string, repo: string, finished: string): NormalizedRecord => ({
  kind: "deployment", source: "ingest", id, repo, environment: "production", status: "success", startedAt: null, finishedAt: at(finished), sha: id, commits: [], rollback: false, url: null, creator: null, trigger: null,
});
const incident = (id: string, service: string, created: string, deploymentId: string): NormalizedRecord => ({
  kind: "incident", source: "ingest", id, service, title: "checkout down", urgency: "high", priority: null, createdAt: at(created), acknowledgedAt: null, resolvedAt: at(created) + 3_600_000, deploymentId, fixDeploymentId: null, url: null,
});

const RECORDS: NormalizedRecord[] = [
  team("payments", "acme/payments"),
  deployment("p1", "acme/payments", "2026-11-02T10:00:00Z"),
  deployment("p2", "acme/payments", "2026-11-03T10:00:00Z"),
  incident("i1", "payments-svc", "2026-11-02T11:00:00Z", "p1"),
  deployment("p3", "acme/payments", "2026-11-16T10:00:00Z"),
  deployment("p4", "acme/payments", "2026-11-17T10:00:00Z"),
];

function config(rule: Record<string, unknown>): Config {
  return configSchema.parse({
    notifications: {
      dashboardUrl: "http://dash.example",
      channels: [{ name: "pager-hook", type: "webhook" }],
      rules: [{ id: "cfr", figure: "change-failure-rate", comparison: ">", threshold: 0.25, window: "7d", channels: ["pager-hook"], ...rule }],
      delivery: { retries: 1, minBackoffMs: 10, maxBackoffMs: 20, timeoutMs: 5000 },
    },
  });
}

describe.each(DIALECTS)("evaluating rules on %s", (dialect) => {
  let database: TestDatabase;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let opened: Connection[];

  beforeAll(async () => {
    hook = await startWebhookReceiver(SECRET);
  });
  afterAll(async () => hook.close());
  /** Write records and derive their facts, as the ingest route and the CLI do. */
  const write = async (records: NormalizedRecord[]) => {
    await writeRecords(database.db, records);
    await inlineDeriver(database.db, derivationSettings(configSchema.parse({}))).drain();
  };
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await write(RECORDS);
    hook.requests.length = 0;
    hook.accepted.length = 0;
    opened = [];
  });
  afterEach(async () => {
    for (const c of opened) await c.close();
    await database.close();
  });

  /**
   * A notifier as one process would have it: its own connection to the database (Postgres; with
   * SQLite one process owns the file, so every notifier shares its connection), its clock at `now`.
   */
  function process(cfg: Config, now: () => number): Notifier {
    const connection = dialect === "postgres" ? connect(database.url) : { db: database.db, dialect, close: async () => {} };
    opened.push(connection);
    const env = readEnvironment({ OPSLEDGER_CHANNEL_PAGER_HOOK_URL: hook.url, OPSLEDGER_CHANNEL_PAGER_HOOK_SECRET: SECRET });
    return createNotifier({ db: connection.db, config: cfg, env, now, log: () => {} });
  }

  const received = () => hook.accepted.map((r) => JSON.parse(r.body) as { kind: string; title: string; data: Record<string, unknown> });

  test("a figure crossing up then down sends exactly one firing and one resolved notification", async () => {
    const cfg = config({});
    let now = WEEK_A_END;
    const notifier = process(cfg, () => now);
    const first = await notifier.evaluate({ dryRun: false, trigger: "test" });
    expect(first.report.scopes).toMatchObject([{ ruleId: "cfr", scope: "team:payments", before: null, after: "firing", event: "firing", applied: true }]);
    now += DAY; // still inside week A's window: still firing, nothing sent
    await notifier.evaluate({ dryRun: false, trigger: "test" });
    now = WEEK_B_END;
    const down = await notifier.evaluate({ dryRun: false, trigger: "test" });
    expect(down.report.scopes).toMatchObject([{ before: "firing", after: "ok", event: "resolved" }]);
    now += DAY;
    await notifier.evaluate({ dryRun: false, trigger: "test" });

    expect(received().map((m) => [m.kind, m.title])).toEqual([
      ["firing", "[firing] Payments: change failure rate 50% (> 25%)"],
      ["resolved", "[resolved] Payments: change failure rate 0% (no longer > 25%)"],
    ]);
    expect(received()[0]?.data).toMatchObject({ rule: "cfr", scope: "team:payments", team: "payments", value: 0.5, threshold: 0.25, count: 2 });
    const states = await getNotificationStates(database.db);
    expect(states).toMatchObject([{ ruleId: "cfr", scope: "team:payments", state: "ok", value: 0, count: 2 }]);
  });

  test("a restart between evaluations sends nothing twice", async () => {
    const cfg = config({});
    await process(cfg, () => WEEK_A_END).evaluate({ dryRun: false, trigger: "test" });
    // A new process (new connection, new channels) evaluating the same firing state sends nothing.
    await process(cfg, () => WEEK_A_END + 3_600_000).evaluate({ dryRun: false, trigger: "test" });
    await process(cfg, () => WEEK_A_END + 7_200_000).evaluate({ dryRun: false, trigger: "test" });
    expect(received().map((m) => m.kind)).toEqual(["firing"]);
  });

  test("a process that dies after deciding but before sending loses nothing: the next one sends it, once", async () => {
    const cfg = config({});
    const settings = settingsFromConfig(cfg);
    // The decision and its pending delivery are written; the process stops before delivering.
    const report = await evaluateRules({ db: database.db, config: cfg, settings, now: WEEK_A_END }, { dryRun: false, trigger: "test" });
    expect(report.scopes[0]?.event).toBe("firing");
    expect(hook.requests).toHaveLength(0);
    const restarted = process(cfg, () => WEEK_A_END + 3_600_000);
    await restarted.evaluate({ dryRun: false, trigger: "test" });
    await restarted.evaluate({ dryRun: false, trigger: "test" });
    expect(received().map((m) => m.kind)).toEqual(["firing"]);
    const { items } = await getNotificationHistory(database.db, { page: 1, pageSize: 10 });
    expect(items.map((n) => n.deliveries.map((d) => d.status))).toEqual([["delivered"]]);
  });

  test("for: 3 needs three evaluations in a row before it fires", async () => {
    const cfg = config({ for: 3 });
    let now = WEEK_A_END;
    const notifier = process(cfg, () => now);
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { report } = await notifier.evaluate({ dryRun: false, trigger: "test" });
      states.push(`${report.scopes[0]?.after}${report.scopes[0]?.event ? ` (${report.scopes[0].event})` : ""}`);
      now += 3_600_000;
    }
    expect(states).toEqual(["pending", "pending", "firing (firing)", "firing"]);
    expect(received().map((m) => m.kind)).toEqual(["firing"]);
  });

  test("a run of breaches broken by a clear evaluation starts again", async () => {
    const cfg = config({ for: 2 });
    const evaluate = (now: number) => process(cfg, () => now).evaluate({ dryRun: false, trigger: "test" });
    await evaluate(WEEK_A_END); // breach 1 of 2
    await evaluate(WEEK_B_END); // clear: the run is broken
    const { report } = await evaluate(WEEK_A_END + 3_600_000); // breach 1 of 2 again
    expect(report.scopes[0]).toMatchObject({ before: "ok", after: "pending", event: null });
    expect(received()).toEqual([]);
  });

  test("minCount suppresses the rule on a team with two deployments, not on one with enough", async () => {
    await write([
      team("search", "acme/search"),
      deployment("s1", "acme/search", "2026-11-01T10:00:00Z"),
      deployment("s2", "acme/search", "2026-11-02T10:00:00Z"),
      deployment("s3", "acme/search", "2026-11-03T10:00:00Z"),
      deployment("s4", "acme/search", "2026-11-04T10:00:00Z"),
      incident("i2", "search-svc", "2026-11-01T11:00:00Z", "s1"),
      incident("i3", "search-svc", "2026-11-02T11:00:00Z", "s2"),
    ]);
    const cfg = config({ minCount: 3 });
    const { report } = await process(cfg, () => WEEK_A_END).evaluate({ dryRun: false, trigger: "test" });
    expect(report.scopes.map((s) => [s.scope, s.verdict.outcome, s.after])).toEqual([
      ["team:payments", "no-verdict", "ok"],
      ["team:search", "breach", "firing"],
    ]);
    expect(report.scopes[0]?.verdict.reason).toBe("too little data: 2 production deployments over the last week, fewer than minCount 3");
    expect(received().map((m) => m.data.team)).toEqual(["search"]);
  });

  test("two evaluations at the same moment (two processes on Postgres) announce the transition once", async () => {
    const cfg = config({});
    const [a, b] = await Promise.all([
      process(cfg, () => WEEK_A_END).evaluate({ dryRun: false, trigger: "a" }),
      process(cfg, () => WEEK_A_END).evaluate({ dryRun: false, trigger: "b" }),
    ]);
    const applied = [...a.report.scopes, ...b.report.scopes].filter((s) => s.event === "firing" && s.applied);
    expect(applied).toHaveLength(1);
    expect(received().map((m) => m.kind)).toEqual(["firing"]);
  });

  test("a dry run says what would fire and why, and records and sends nothing", async () => {
    const cfg = config({});
    const { report, deliveries } = await process(cfg, () => WEEK_A_END).evaluate({ dryRun: true, trigger: "test" });
    expect(report.scopes).toMatchObject([{ after: "firing", event: "firing", applied: false, verdict: { reason: "change failure rate 50% over the last week (2 production deployments): > 25%" } }]);
    expect(deliveries).toEqual([]);
    expect(await getNotificationStates(database.db)).toEqual([]);
    expect(hook.requests).toEqual([]);
  });

  test("a rule naming a team that does not exist is reported, and the others still run", async () => {
    const cfg = configSchema.parse({
      notifications: {
        rules: [
          { id: "ghost", figure: "ci-failure-rate", threshold: 0.1, scope: { team: "ghost" } },
          { id: "org-cfr", figure: "change-failure-rate", comparison: ">", threshold: 0.25, window: "7d", scope: "org" },
          { id: "org-compliance", signal: "compliance", scope: "org" },
        ],
      },
    });
    const { report } = await process(cfg, () => WEEK_A_END).evaluate({ dryRun: false, trigger: "test" });
    expect(report.problems).toEqual(['rule ghost: no team "ghost"']);
    expect(report.scopes).toMatchObject([
      { ruleId: "org-cfr", scope: "org", after: "firing", verdict: { value: 0.5, count: 2 } },
      { ruleId: "org-compliance", scope: "org", after: "ok", verdict: { value: 0, count: 1, reason: "0 of 1 teams firing" } },
    ]);
  });
});
