/**
 * The deriver reads changes with their changed files: the ledger's ops fraction (DESIGN "Ops
 * work": "the share of its changed files that match the ops patterns") is computed from them, so
 * a read that dropped them would count no change as ops work unless a label said so.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../testing.ts";
import type { Change, NormalizedRecord } from "../model.ts";
import { writeRecords } from "../writes/writeRecords.ts";
import { getChangesByKeys, getChangesOfRepo } from "./changes.ts";

const AT = Date.parse("2026-03-02T10:00:00Z");

const change = (id: string, files: string[] | null, repo = "acme/api"): NormalizedRecord => ({
  kind: "change",
  source: "ingest",
  id,
  repo,
  number: Number(id.replace(/\D/g, "")),
  author: "ana",
  bot: false,
  draft: false,
  createdAt: AT - 3_600_000,
  firstCommitAt: null,
  firstReviewAt: null,
  mergedAt: AT,
  mergeSha: `m-${id}`,
  commits: [`c-${id}`],
  labels: [],
  title: null,
  additions: null,
  deletions: null,
  url: null,
  files,
  changedFiles: files === null ? null : files.length,
});

const records: NormalizedRecord[] = [
  change("c1", ["src/app.ts", "Dockerfile", ".github/workflows/ci.yml"]),
  change("c2", null),
  change("c3", []),
  change("c4", ["modules/vpc/main.tf"], "acme/infra"),
];

const filesOf = (changes: readonly Change[]): Record<string, string[] | null> => Object.fromEntries(changes.map((c) => [c.id, c.files]).sort());

describe.each(DIALECTS)("the deriver's change reads on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await writeRecords(database.db, records);
  });
  afterAll(async () => database.close());

  const expected = { c1: [".github/workflows/ci.yml", "Dockerfile", "src/app.ts"], c2: null, c3: [] };

  test.each([
    ["getChangesOfRepo", (db: TestDatabase["db"]) => getChangesOfRepo(db, "acme/api")],
    ["getChangesByKeys", (db: TestDatabase["db"]) => getChangesByKeys(db, ["c1", "c2", "c3"].map((id) => ({ source: "ingest", id })))],
  ])("%s returns each change's files: listed, unknown (null) or none", async (_name, read) => {
    expect(filesOf(await read(database.db))).toEqual(expected);
  });
});
