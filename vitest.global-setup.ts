/**
 * Runs once before the test workers: decides whether the Postgres half of the database tests can
 * run. Locally, an absent server drops it with a one-line notice; under CI (CI=true) it is an
 * error, because CI must exercise both dialects.
 */
import pg from "pg";
import { DEFAULT_TEST_DATABASE_URL } from "./db/src/testing.ts";

export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = `Postgres at ${url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@")} is not reachable (${(error as Error).message})`;
    if (process.env.CI) throw new Error(`${reason}; CI runs every database test on Postgres too`);
    console.warn(`notice: ${reason}: skipping the Postgres half of the database tests (set TEST_DATABASE_URL)`);
    process.env.OPSLEDGER_POSTGRES_UNAVAILABLE = "1";
  } finally {
    await client.end().catch(() => undefined);
  }
}
