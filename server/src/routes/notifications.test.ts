/** The notifications API on a freshly migrated database, on SQLite and Postgres: rules with their states, the history with delivery status. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeRecords } from "@opsledger/db";
import { DIALECTS } from "@opsledger/db/testing";
import { configSchema } from "../config/schema.ts";
import { readEnvironment } from "../env.ts";
import { createNotifier } from "../notifications/index.ts";
import { startWebhookReceiver } from "../testing/receivers.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

/** This suite's own clock, not the shared test clock: its digests and states name the weeks and instants around it. */
const TEST_NOW = Date.parse("2026-11-18T10:00:00Z");

const SECRET = "whsec_routes_secret";
const config = configSchema.parse({
  notifications: {
    channels: [
      { name: "hook", type: "webhook" },
      { name: "ops-slack", type: "slack" },
    ],
    rules: [
      { id: "compliance", signal: "compliance", channels: ["hook", "ops-slack"] },
      { id: "ops", figure: "ops-share", threshold: 0.2, description: "on-call load" },
    ],
  },
});

describe.each(DIALECTS)("GET /api/notifications/* on %s", (dialect) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    hook = await startWebhookReceiver(SECRET);
    const env = { OPSLEDGER_CHANNEL_HOOK_URL: `${hook.url}/secret-path-token`, OPSLEDGER_CHANNEL_HOOK_SECRET: SECRET };
    t = await createTestApp(dialect, { config, env: readEnvironment(env), now: TEST_NOW });
    await writeRecords(t.database.db, [{ kind: "team", id: "core", source: "config", name: "Core", members: [], repos: ["acme/api"], services: [], repoServices: {}, compliance: ["SOC 2"] }]);
    // One production deployment in the 90 days before now: a team without any record has no verdict, declared targets included.
    const deployed = { kind: "deployment", id: "d1", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-11-10T10:00:00Z", sha: "abc" };
    expect((await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify([deployed]), headers: { "content-type": "application/json" } })).status).toBe(200);
    await t.deriver.drain();
    const notifier = createNotifier({ db: t.database.db, config, env: readEnvironment(env), now: () => TEST_NOW, log: () => {} });
    await notifier.evaluate({ dryRun: false, trigger: "test" });
    notifier.close();
  });
  afterAll(async () => {
    await Promise.all([t.close(), hook.close()]);
  });

  test("the rules, each with its state per scope, and the last evaluation", async () => {
    const res = await t.app.request("/api/notifications/rules");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      rules: [
        { id: "compliance", kind: "signal", condition: "compliance signal firing", scope: "every team", channels: ["hook", "ops-slack"], states: [{ scope: "team:core", state: "firing", valueText: "1", since: "2026-11-18T10:00:00.000Z", lastNotifiedAt: "2026-11-18T10:00:00.000Z" }] },
        { id: "ops", kind: "figure", description: "on-call load", condition: "ops share ≥ 20% over the last 4 weeks", states: [{ scope: "team:core", state: "ok", reason: "no ops share over the last 4 weeks: no data" }] },
      ],
      lastEvaluation: { trigger: "test", startedAt: "2026-11-18T10:00:00.000Z", scopes: 2, fired: 1, resolved: 0, error: null },
      channels: [
        { name: "hook", type: "webhook", ready: true, setUp: null },
        { name: "ops-slack", type: "slack", ready: false, setUp: "set OPSLEDGER_CHANNEL_OPS_SLACK_URL" },
      ],
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain("secret-path-token");
    expect(text).not.toContain(SECRET);
  });

  test("the history: each notification with its delivery status per channel", async () => {
    const res = await t.app.request("/api/notifications/history?pageSize=10");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; items: unknown[] };
    expect(body).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 10,
      items: [
        {
          kind: "firing",
          ruleId: "compliance",
          scope: "team:core",
          teamId: "core",
          createdAt: "2026-11-18T10:00:00.000Z",
          title: "[firing] Core: compliance signal (1)",
          deliveries: [
            { channel: "hook", status: "delivered", attempts: 1, error: null },
            { channel: "ops-slack", status: "failed", attempts: 1, error: "OPSLEDGER_CHANNEL_OPS_SLACK_URL is not set", deliveredAt: null },
          ],
        },
      ],
    });
    expect(JSON.stringify(body)).not.toContain("secret-path-token");
  });

  test.each([
    ["/api/notifications/history?page=0", "page must be at least 1"],
    ["/api/notifications/history?pageSize=x", "pageSize must be a whole number"],
    ["/api/notifications/history?colour=red", "colour"],
  ])("%s is a 400 naming the problem", async (url, message) => {
    const res = await t.app.request(url);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain(message);
  });

  test("a rule filter lists only that rule's notifications", async () => {
    const res = await t.app.request("/api/notifications/history?rule=ops");
    expect(await res.json()).toMatchObject({ total: 0, items: [] });
  });
});
