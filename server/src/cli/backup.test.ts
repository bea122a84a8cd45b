/**
 * The restore drill, as the README tells it: back up while an import runs (the real CLI, in
 * another process), restore into a fresh SQLite and a fresh Postgres database, `verify` passes,
 * and the restored database answers the org summary exactly as the original did at the backup.
 */
import { derivationSettings, inlineDeriver } from "../derive/deriver.ts";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backupDatabase, connect, restoreDatabase, verifyBackup } from "@opsledger/db";
import { childEnv, DIALECTS, createTestDatabase, type TestDatabase } from "@opsledger/db/testing";
import { createApp } from "../app.ts";
import { defaultConfig } from "../config/schema.ts";
import { loadDemo } from "../demo/index.ts";
import { readEnvironment } from "../env.ts";
import { TEST_NOW, TEST_NOW_ISO } from "../testing/clock.ts";

const BIN = path.resolve(import.meta.dirname, "../../../bin/opsledger.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-drill-"));
const SUMMARY = "/api/org/summary?from=2026-08-01&to=2026-11-17";

/** A big batch for the payments team: production deployments that move its figures. */
function importFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const at = new Date(Date.parse("2026-08-03T00:00:00Z") + i * 600_000).toISOString();
    lines.push(JSON.stringify({ kind: "deployment", source: "drill", id: `drill-${i}`, repo: "acme/payments-api", environment: "production", status: "success", finished_at: at, sha: `d${i}`, commits: [`d${i}`] }));
  }
  const file = path.join(tmp, "import.ndjson");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const summaryOf = async (db: TestDatabase["db"]) => {
  // The facts as the records say: anything still queued (the import was mid-way) is derived first.
  const deriver = inlineDeriver(db, derivationSettings(defaultConfig()));
  await deriver.ensure();
  const app = createApp({ db, config: defaultConfig(), env: readEnvironment({}), webDist: null, now: () => TEST_NOW, deriver });
  const res = await app.request(SUMMARY);
  expect(res.status).toBe(200);
  return (await res.json()) as unknown;
};

describe("backup during an import, restore into both databases, verify", { timeout: 240_000 }, () => {
  let source: TestDatabase;
  let backup: string;
  let imported: boolean;
  let before: unknown;
  let after: unknown;

  beforeAll(async () => {
    source = await createTestDatabase("sqlite");
    await loadDemo(source.db, { scale: 1, seed: 1, now: TEST_NOW });
    before = await summaryOf(source.db);
    const file = importFile();
    // The import runs in another process, writing its batch in one transaction, while this one backs up.
    const child = spawn(process.execPath, [BIN, "import", file], { cwd: tmp, env: childEnv({ DATABASE_URL: source.url, OPSLEDGER_NOW: TEST_NOW_ISO }) });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    backup = path.join(tmp, "during-import.ndjson.gz");
    const connection = connect(source.url);
    try {
      await backupDatabase(connection.db, backup, { now: TEST_NOW });
    } finally {
      await connection.close();
    }
    expect(await exited).toBe(0);
    after = await summaryOf(source.db);
    const drill = await verifyBackup(null, backup);
    expect(drill.fileOk).toBe(true);
    const rows = drill.tables.find((t) => t.table === "deployments")?.expected?.rows ?? 0;
    const demoRows = Number((await source.db.selectFrom("deployments").select((eb) => eb.fn.countAll<number>().as("n")).where("source", "!=", "drill").executeTakeFirstOrThrow()).n);
    // The import's batch is in the backup whole or not at all.
    expect([demoRows, demoRows + 10_000]).toContain(rows);
    imported = rows === demoRows + 10_000;
  });
  afterAll(async () => {
    await source.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("the import changed the org summary (so answering identically means something)", () => {
    expect(after).not.toEqual(before);
  });

  test.each(DIALECTS)("restored into a fresh %s database: verify passes and the org summary is the one at the backup", async (dialect) => {
    const target = await createTestDatabase(dialect, { migrate: false });
    try {
      const restore = spawnSync(process.execPath, [BIN, "restore", backup], { encoding: "utf8", cwd: tmp, env: childEnv({ DATABASE_URL: target.url }) });
      expect(restore.stderr + restore.stdout).toContain("every table matches the manifest");
      expect(restore.status).toBe(0);
      const verify = spawnSync(process.execPath, [BIN, "verify", backup], { encoding: "utf8", cwd: tmp, env: childEnv({ DATABASE_URL: target.url }) });
      expect(verify.stdout).toContain("the database matches");
      expect(verify.status).toBe(0);
      expect(await summaryOf(target.db)).toEqual(imported ? after : before);
      // A second restore into the now full database is refused, and changes nothing.
      const again = spawnSync(process.execPath, [BIN, "restore", backup], { encoding: "utf8", cwd: tmp, env: childEnv({ DATABASE_URL: target.url }) });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("the database is not empty");
    } finally {
      await target.close();
    }
  });

  test("`backup` never overwrites a file", () => {
    const res = spawnSync(process.execPath, [BIN, "backup", backup], { encoding: "utf8", cwd: tmp, env: childEnv({ DATABASE_URL: source.url }) });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("exists: give a new file name");
  });
});
