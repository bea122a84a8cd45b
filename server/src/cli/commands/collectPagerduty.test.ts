import { spawn } from "node:child_process";
import { derivationSettings, inlineDeriver } from "../../derive/deriver.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { connect, type Connection } from "@opsledger/db";
import { childEnv, createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { startFakePagerduty, type FakePagerduty, DAY, smallDataset, SMALL_WEEK_START, manualClock, TEST_TOKEN } from "@opsledger/collectors/testing/pagerduty";
import { smallDatasetConfig } from "../../testing/pagerdutyConfig.ts";
import { readEnvironment } from "../../env.ts";
import type { CliContext } from "../context.ts";
import { createProgress } from "../progress.ts";
import { collectPagerdutyCommand } from "./collectPagerduty.ts";

const config = smallDatasetConfig();

const BIN = path.resolve(import.meta.dirname, "../../../../bin/opsledger.js");

/** The real binary, asynchronously: the fake PagerDuty answers from this process. */
function runBinary(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), cwd: os.tmpdir() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const YAML = `
teams:
  - { id: payments, name: Payments, members: [alice, bob, dana], services: [payments-api, PWEB] }
people:
  - { id: alice, name: Alice, email: alice@example.com, timezone: Europe/Berlin }
  - { id: bob, name: Bob, email: bob@example.com, timezone: Europe/London }
  - { id: dana, name: Dana, email: dana@example.com, timezone: America/New_York }
sources:
  pagerduty:
    since: 2026-10-26
    users: { PBOB: bob }
    services: { PAPI: payments-api }
`;

describe.each(DIALECTS)("opsledger collect pagerduty on %s", (dialect) => {
  let database: TestDatabase;
  let connection: Connection;
  let fake: FakePagerduty;
  let logs: string[];
  let printed: string[];
  const clock = () => manualClock(SMALL_WEEK_START + 7 * DAY);

  const context = (env: Record<string, string>): CliContext => ({
    env: readEnvironment(env),
    config,
    connection,
    log: (line) => logs.push(line),
    deriver: inlineDeriver(connection.db, derivationSettings(config)),
  });
  const run = (env: Record<string, string>, options: { since?: string; dryRun?: boolean } = {}, c = clock()) =>
    collectPagerdutyCommand(context(env), options, {
      now: c.now,
      clientOptions: { now: c.now, sleep: c.sleep },
      progress: createProgress({ tty: false, log: (line) => logs.push(line) }),
      print: (line) => printed.push(line),
    });

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    connection = connect(database.url);
    fake = await startFakePagerduty({ token: TEST_TOKEN, data: smallDataset() });
    logs = [];
    printed = [];
  });
  afterEach(async () => {
    await fake.close();
    await connection.close();
    await database.close();
  });

  test("collects against PAGERDUTY_API_URL with PAGERDUTY_TOKEN, shows progress per stream and a summary", async () => {
    const env = { PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url };
    expect(await run(env)).toBe(0);
    expect(logs).toContain("incidents: 5 incidents, 6 alerts, 6 pages");
    expect(logs).toContain("oncalls: 3 shifts");
    expect(printed[0]).toMatch(/^pagerduty: done in \d+\.\d s$/);
    expect(printed[1]).toBe(
      "  records: users 4, people 1, services 2, teams 1, escalation_policies 1, schedules 1, incidents 5, log_entries 25, alerts 6, acknowledgements 3, pages 6, oncall_shifts 3",
    );
    expect(printed[2]).toBe("  requests: 17; 429s waited: 0");
    expect(printed.slice(3)).toEqual([
      "  PagerDuty users matching no configured person (kept as pagerduty:<id>; map them under sources.pagerduty.users):",
      "    PCAROL Carol Contractor <carol@contractor.example>",
    ]);
    expect([...logs, ...printed].join("\n")).not.toContain(TEST_TOKEN);
    const incidents = await connection.db.selectFrom("incidents").select("id").execute();
    expect(incidents).toHaveLength(5);
  });

  test("--dry-run writes nothing; a 429 is waited and counted in the summary", async () => {
    fake.inject({ path: "/incidents", kind: 429, times: 1, resetSeconds: 2 });
    expect(await run({ PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url }, { dryRun: true })).toBe(0);
    expect(printed[0]).toMatch(/\(dry run: nothing written\)$/);
    expect(printed[2]).toBe("  requests: 18; 429s waited: 1 (2.0 s)");
    expect(await connection.db.selectFrom("incidents").select("id").execute()).toEqual([]);
  });

  test("without PAGERDUTY_TOKEN, or with a bad --since, it says so and exits 1", async () => {
    expect(await run({ PAGERDUTY_API_URL: fake.url })).toBe(1);
    expect(logs.at(-1)).toMatch(/PAGERDUTY_TOKEN is not set/);
    expect(await run({ PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url }, { since: "last week" })).toBe(1);
    expect(logs.at(-1)).toMatch(/--since must be a date YYYY-MM-DD/);
    expect(fake.requests).toEqual([]);
  });

  test("an API failure is reported and exits 1", async () => {
    fake.inject({ path: "/oncalls", kind: 500 });
    const code = await run({ PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url });
    expect(code).toBe(1);
    expect(printed.at(-1)).toMatch(/^  error in oncalls: GET \/oncalls\?.*HTTP 500/);
  });

  test("the real binary: `opsledger collect pagerduty` writes the rows and prints the summary; a rerun adds nothing", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-pd-"));
    const configPath = path.join(dir, "opsledger.config.yaml");
    fs.writeFileSync(configPath, YAML);
    // The binary collects from the config's since to its now: pinned, as the in-process runs are, to the week after the dataset's.
    const at = new Date(clock().now()).toISOString();
    const env = { DATABASE_URL: database.url, OPSLEDGER_CONFIG: configPath, OPSLEDGER_NOW: at, PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url };
    try {
      const first = await runBinary(["collect", "pagerduty"], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain("records: users 4, people 1, services 2, teams 1, escalation_policies 1, schedules 1, incidents 5, log_entries 25, alerts 6, acknowledgements 3, pages 6, oncall_shifts 3\n");
      expect(first.stdout).toContain("PCAROL Carol Contractor");
      expect(first.stderr).toContain("incidents: 5 incidents, 6 alerts, 6 pages");
      expect(first.stdout + first.stderr).not.toContain(TEST_TOKEN);
      const again = await runBinary(["collect", "pagerduty"], env);
      expect(again.code, again.stderr).toBe(0);
      const count = async (table: "incidents" | "pages" | "alerts" | "acknowledgements") =>
        Number((await connection.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      expect([await count("incidents"), await count("alerts"), await count("pages"), await count("acknowledgements")]).toEqual([5, 6, 6, 3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
