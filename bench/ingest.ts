/**
 * Ingest benchmark: load the demo org at `--scale 20` (env BENCH_INGEST_SCALE) through the
 * ingest path (generate → validate → writeRecords) into a fresh SQLite file and a fresh Postgres
 * database, and print records, seconds and rows/s for each. Targets: ≥ 50,000 rows/s into
 * SQLite, ≥ 20,000 rows/s into Postgres. Reports, never asserts.
 *
 * Usage: node --import tsx bench/ingest.ts
 *   BENCH_INGEST_SCALE=20              demo scale
 *   BENCH_INGEST_DIALECTS=sqlite,postgres  which dialects to run
 *   OPSLEDGER_TEST_POSTGRES_URL=…      the Postgres server to create the database on
 */
import { createTestDatabase, DIALECTS, type DialectName, type TestDatabase } from "@opsledger/db/testing";
import { loadDemo } from "../server/src/demo/index.ts";

const scale = Number(process.env.BENCH_INGEST_SCALE ?? 20);
const dialects = (process.env.BENCH_INGEST_DIALECTS?.split(",") ?? DIALECTS).filter((d): d is DialectName =>
  (DIALECTS as readonly string[]).includes(d),
);
const now = Date.UTC(2026, 10, 21);

for (const dialect of dialects) {
  let database: TestDatabase;
  try {
    database = await createTestDatabase(dialect);
  } catch (error) {
    console.log(`ingest ${dialect}: skipped, no database (${error instanceof Error ? error.message : String(error)})`);
    continue;
  }
  try {
    const started = performance.now();
    const { records } = await loadDemo(database.db, { scale, seed: 1, now });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `ingest ${dialect} (scale ${scale}): ${records.toLocaleString("en-US")} records in ${seconds.toFixed(2)} s = ${Math.round(records / seconds).toLocaleString("en-US")} rows/s`,
    );
  } finally {
    await database.close();
  }
}
