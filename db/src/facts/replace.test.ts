/**
 * Replacing the facts of many records at once (a large import, `opsledger demo --scale 2`): the
 * statements that delete the old facts match an OR of (source, id) pairs, which SQLite refuses
 * past an expression depth of 1000, so they go in parts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../testing.ts";
import { replaceChangeFacts } from "./changes.ts";
import { replaceDeployFacts } from "./deploys.ts";
import { replaceIncidentFacts } from "./incidents.ts";
import type { SourcedKey } from "./keys.ts";

const MANY: SourcedKey[] = Array.from({ length: 2500 }, (_, i) => ({ source: "ingest", id: `r${i}` }));

describe.each(DIALECTS)("replacing the facts of 2,500 records on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.close());

  test.each([
    ["deployments", (db: TestDatabase["db"]) => replaceDeployFacts(db, MANY, [])],
    ["changes", (db: TestDatabase["db"]) => replaceChangeFacts(db, MANY, [])],
    ["incidents", (db: TestDatabase["db"]) => replaceIncidentFacts(db, MANY, [])],
  ])("%s", async (_kind, replace) => {
    await expect(replace(database.db)).resolves.toBeUndefined();
  });
});
