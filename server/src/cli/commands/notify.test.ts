import { spawnSync } from "node:child_process";
import { derivationSettings, inlineDeriver } from "../../derive/deriver.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { connect, getNotificationStates, writeRecords, type Connection } from "@opsledger/db";
import { childEnv, createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { configSchema, type Config } from "../../config/schema.ts";
import { readEnvironment } from "../../env.ts";
import { startWebhookReceiver } from "../../testing/receivers.ts";
import type { CliContext } from "../context.ts";
import { notifyDigest, notifyEvaluate, notifyTest } from "./notify.ts";

/** This suite's own clock, not the shared test clock: the digest it prints names the week before it. */
const TEST_NOW_ISO = "2026-11-18T10:00:00Z";

const SECRET = "whsec_cli";
const BIN = path.resolve(import.meta.dirname, "../../../../bin/opsledger.js");

const config: Config = configSchema.parse({
  teams: [{ id: "core", name: "Core", repos: ["acme/api"], compliance: ["SOC 2"] }],
  notifications: {
    channels: [{ name: "hook", type: "webhook" }],
    defaultChannels: ["hook"],
    rules: [{ id: "compliance", signal: "compliance" }, { id: "ci", figure: "ci-failure-rate", comparison: ">", threshold: 0.5 }],
    digests: [{ kind: "weekly", channels: ["hook"] }],
    delivery: { retries: 0, minBackoffMs: 10, maxBackoffMs: 20, timeoutMs: 5000 },
  },
});

describe.each(DIALECTS)("opsledger notify on %s", (dialect) => {
  let database: TestDatabase;
  let connection: Connection;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let printed: string[];
  let logs: string[];

  beforeAll(async () => {
    hook = await startWebhookReceiver(SECRET);
  });
  afterAll(async () => hook.close());
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    connection = connect(database.url);
    await writeRecords(connection.db, [
      { kind: "team", id: "core", source: "config", name: "Core", members: [], repos: ["acme/api"], services: [], repoServices: {}, compliance: ["SOC 2"] },
      // One production deployment in the 90 days before now: a team without any record has no verdict, declared targets included.
      { kind: "deployment", source: "ingest", id: "d1", repo: "acme/api", environment: "production", status: "success", startedAt: null, finishedAt: Date.parse("2026-11-10T10:00:00Z"), sha: "abc", commits: null, rollback: false, url: null, creator: null, trigger: null },
    ]);
    await inlineDeriver(connection.db, derivationSettings(config)).drain();
    printed = [];
    logs = [];
    hook.accepted.length = 0;
  });
  afterEach(async () => {
    await connection.close();
    await database.close();
  });

  const ctx = (env: Record<string, string> = { OPSLEDGER_CHANNEL_HOOK_URL: hook.url, OPSLEDGER_CHANNEL_HOOK_SECRET: SECRET }): CliContext => ({
    env: readEnvironment({ ...env, OPSLEDGER_NOW: TEST_NOW_ISO }),
    config,
    connection,
    log: (line) => logs.push(line),
    deriver: inlineDeriver(connection.db, derivationSettings(config)),
  });
  const print = (line: string) => printed.push(line);

  test("notify test sends a sample on the channel and says it arrived", async () => {
    expect(await notifyTest(ctx(), { channel: "hook" }, { print })).toBe(0);
    expect(printed).toEqual(["hook: delivered after 1 attempt — [test] opsledger can reach the channel hook"]);
    expect(hook.accepted).toHaveLength(1);
    expect(hook.accepted[0]?.headers["x-opsledger-event"]).toBe("test");
  });

  test("notify test on a channel that is not set up, or not configured, fails with the reason", async () => {
    expect(await notifyTest(ctx({}), { channel: "hook" }, { print })).toBe(1);
    expect(printed).toEqual(["hook: failed after 1 attempt (OPSLEDGER_CHANNEL_HOOK_URL is not set) — [test] opsledger can reach the channel hook"]);
    expect(await notifyTest(ctx(), { channel: "slack" }, { print })).toBe(1);
    expect(logs).toEqual(['no channel "slack" in notifications.channels (configured: hook)']);
  });

  test("notify evaluate --dry-run shows what would fire and why, and records nothing; without it, it fires once", async () => {
    expect(await notifyEvaluate(ctx(), { dryRun: true }, { print })).toBe(0);
    expect(printed).toEqual([
      `dry run: nothing recorded or sent; rules evaluated as of ${TEST_NOW_ISO.replace("Z", ".000Z")}`,
      "compliance:",
      "  Core: new → FIRING (would send firing) — compliance signal firing (1): compliance targets declared in the configuration: SOC 2",
      "ci:",
      "  Core: new → ok — no CI failure rate over the last 4 weeks: no data",
    ]);
    expect(await getNotificationStates(connection.db)).toEqual([]);
    printed = [];
    expect(await notifyEvaluate(ctx(), {}, { print })).toBe(0);
    expect(printed.slice(-2)).toEqual(["deliveries:", "  hook: delivered after 1 attempt — [firing] Core: compliance signal (1)"]);
    printed = [];
    await notifyEvaluate(ctx(), {}, { print });
    expect(printed[2]).toBe("  Core: FIRING — compliance signal firing (1): compliance targets declared in the configuration: SOC 2");
    expect(hook.accepted).toHaveLength(1);
  });

  test("notify digest --dry-run prints the digest; an unknown digest is named", async () => {
    expect(await notifyDigest(ctx(), { digest: "weekly", dryRun: true }, { print })).toBe(0);
    expect(printed.join("\n")).toMatch(/^Core weekly digest: Nov 9 – Nov 15\n/);
    expect(hook.accepted).toHaveLength(0);
    expect(await notifyDigest(ctx(), { digest: "monthly" }, { print })).toBe(1);
    expect(logs).toEqual(['no digest "monthly" in notifications.digests (configured: weekly)']);
  });
});

describe("the binary", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-notify-"));
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: "utf8", env: childEnv({ DATABASE_URL: `sqlite:${path.join(tmp, "x.db")}`, OPSLEDGER_NOW: TEST_NOW_ISO }) });

  test("notify evaluate --dry-run runs the shipped default rules; worker refuses SQLite with the reason", () => {
    const evaluate = run(["notify", "evaluate", "--dry-run"]);
    expect(evaluate.status).toBe(0);
    expect(evaluate.stdout).toContain("no rule has a scope to evaluate (no teams yet?)");
    const worker = run(["worker"]);
    expect(worker.status).toBe(1);
    expect(worker.stderr).toContain("opsledger worker needs DATABASE_URL=postgres://…: with SQLite, `opsledger serve` runs the jobs itself");
  });
});
