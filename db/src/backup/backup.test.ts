/**
 * Backup, restore and verify on both databases and across them: a SQLite backup restores into
 * Postgres and back, row for row (text with quotes, accents and emoji, nulls, large instants); a
 * restore refuses a database that is not empty and a damaged file, and writes nothing then.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS, createTestDatabase, type TestDatabase } from "../testing.ts";
import type { NormalizedRecord } from "../model.ts";
import { writeRecords } from "../writes/writeRecords.ts";
import { applicationTables } from "../dialect.ts";
import { backupDatabase } from "./backup.ts";
import { restoreDatabase } from "./restore.ts";
import { verifyBackup } from "./verify.ts";
import { countRows, tableSummary } from "./tables.ts";

const HOUR = 3_600_000;
const records: NormalizedRecord[] = [
  { kind: "team", id: "core", source: "ingest", name: "Core — Zürich 🚀", members: ["ana"], repos: ["acme/api"], services: ["api"], repoServices: { "acme/api": ["api"] }, compliance: ["SOC 2"] },
  { kind: "person", id: "ana", source: "ingest", name: "Ana O'Neil \"the\" \\ admin", email: null, timezone: "Europe/Berlin", github: "ana", pagerduty: null },
  { kind: "deployment", source: "ingest", id: "d1", repo: "acme/api", environment: "production", status: "success", startedAt: null, finishedAt: 1_795_000_000_000, sha: "abc", commits: ["abc"], rollback: false, url: null, creator: null, trigger: null },
  { kind: "deployment", source: "ingest", id: "d2", repo: "acme/api", environment: "production", status: "success", startedAt: 9 * HOUR, finishedAt: 10 * HOUR, sha: "def", commits: null, rollback: true, url: "https://x.example/d2", creator: "ana", trigger: "manual" },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-backup-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = () => path.join(tmp, `b${++n}.ndjson.gz`);

async function summaries(t: TestDatabase): Promise<Record<string, { rows: number; checksum: string }>> {
  const out: Record<string, { rows: number; checksum: string }> = {};
  for (const table of await applicationTables(t.db)) out[table.name] = await tableSummary(t.db, table.name, table.columns);
  return out;
}

describe.each(DIALECTS)("a backup of %s", (from) => {
  let source: TestDatabase;
  let backup: string;
  beforeAll(async () => {
    source = await createTestDatabase(from);
    await writeRecords(source.db, records);
    backup = file();
    await backupDatabase(source.db, backup, { now: Date.parse("2026-11-18T10:00:00Z") });
  });
  afterAll(async () => source.close());

  test("matches its manifest and the database it was taken of", async () => {
    const result = await verifyBackup(source.db, backup);
    expect(result.fileOk).toBe(true);
    expect(result.databaseOk).toBe(true);
    expect(result.tables.find((t) => t.table === "deployments")?.expected?.rows).toBe(2);
    expect(result.header).toMatchObject({ opsledger: "backup", version: 1, dialect: from, createdAt: "2026-11-18T10:00:00.000Z" });
  });

  test("a write after the backup shows in verify as the table that differs", async () => {
    const later = await createTestDatabase(from);
    try {
      await writeRecords(later.db, records);
      await writeRecords(later.db, [{ kind: "person", id: "bo", source: "ingest", name: "Bo", email: null, timezone: "UTC", github: null, pagerduty: null }]);
      const result = await verifyBackup(later.db, backup);
      expect(result.fileOk).toBe(true);
      expect(result.databaseOk).toBe(false);
      expect(result.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(expect.arrayContaining(["people"]));
    } finally {
      await later.close();
    }
  });

  test.each(DIALECTS)("restores into an empty %s database, row for row", async (to) => {
    const target = await createTestDatabase(to, { migrate: false });
    try {
      const result = await restoreDatabase(target.db, backup);
      expect(result.migratedAfter).toEqual([]);
      expect((await verifyBackup(target.db, backup)).databaseOk).toBe(true);
      expect(await summaries(target)).toEqual(await summaries(source));
      expect(await target.db.selectFrom("people").select("name").execute()).toEqual([{ name: "Ana O'Neil \"the\" \\ admin" }]);
    } finally {
      await target.close();
    }
  });

  test("refuses a database that is not empty, and changes nothing in it", async () => {
    const target = await createTestDatabase(from);
    try {
      await writeRecords(target.db, records.slice(1, 2));
      await expect(restoreDatabase(target.db, backup)).rejects.toThrow(/not empty: .*people \(1 rows\)/);
      expect(await countRows(target.db, "people")).toBe(1);
      expect(await countRows(target.db, "deployments")).toBe(0);
    } finally {
      await target.close();
    }
  });

  test("a damaged file restores nothing", async () => {
    const lines = gunzipSync(fs.readFileSync(backup)).toString("utf8").split("\n");
    const at = lines.findIndex((l) => l.includes('"abc"'));
    lines[at] = (lines[at] ?? "").replace('"abc"', '"abd"');
    const damaged = file();
    fs.writeFileSync(damaged, gzipSync(lines.join("\n")));
    expect((await verifyBackup(null, damaged)).fileOk).toBe(false);
    const target = await createTestDatabase(from);
    try {
      await expect(restoreDatabase(target.db, damaged)).rejects.toThrow(/does not match its own manifest.*nothing was restored/);
      for (const table of await applicationTables(target.db)) expect({ table: table.name, rows: await countRows(target.db, table.name) }).toEqual({ table: table.name, rows: 0 });
    } finally {
      await target.close();
    }
  });

  test("a cut-short file and a file that is not a backup are refused by name", async () => {
    const whole = gunzipSync(fs.readFileSync(backup)).toString("utf8").split("\n");
    const cut = file();
    fs.writeFileSync(cut, gzipSync(whole.slice(0, 5).join("\n")));
    await expect(verifyBackup(null, cut)).rejects.toThrow(/no manifest: the backup was cut short/);
    const notGzip = file();
    fs.writeFileSync(notGzip, "hello");
    await expect(verifyBackup(null, notGzip)).rejects.toThrow(/not a gzip file/);
  });

  test("a backup from a newer version (unknown migrations) is refused", async () => {
    const lines = gunzipSync(fs.readFileSync(backup)).toString("utf8").split("\n");
    const header = JSON.parse(lines[0] ?? "{}") as { migrations: string[] };
    header.migrations.push("2099-01-01T0000_from_the_future");
    lines[0] = JSON.stringify(header);
    const newer = file();
    fs.writeFileSync(newer, gzipSync(lines.join("\n")));
    const target = await createTestDatabase(from, { migrate: false });
    try {
      await expect(restoreDatabase(target.db, newer)).rejects.toThrow(/made by a newer opsledger.*2099-01-01T0000_from_the_future/);
    } finally {
      await target.close();
    }
  });

  test("never overwrites: the partial file is removed when the backup fails", async () => {
    const existing = file();
    fs.writeFileSync(`${existing}.partial`, "in the way");
    await expect(backupDatabase(source.db, existing, { now: 0 })).rejects.toThrow();
    expect(fs.existsSync(existing)).toBe(false);
  });
});
