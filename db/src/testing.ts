/**
 * Test databases: every suite gets its own, freshly migrated, on each dialect — a SQLite file in
 * a temp folder, or a new Postgres database on the server `TEST_DATABASE_URL` names (default
 * postgres://postgres@127.0.0.1:5432/test). Shared seed data across suites is what makes CI flaky.
 *
 * Without a reachable Postgres a local run drops that dialect (vitest.global-setup.ts prints a
 * one-line notice and sets OPSLEDGER_POSTGRES_UNAVAILABLE); under CI it is a failure instead.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { connect, migrateToLatest, type Db } from "./connection.ts";
import type { DialectName } from "./dialect.ts";

export type { DialectName };

/** False only on a local run whose global setup found no Postgres to test against. */
export const POSTGRES_AVAILABLE = process.env.OPSLEDGER_POSTGRES_UNAVAILABLE !== "1";

export const DIALECTS: readonly DialectName[] = POSTGRES_AVAILABLE ? ["sqlite", "postgres"] : ["sqlite"];

export interface TestDatabase {
  db: Db;
  dialect: DialectName;
  /** A DATABASE_URL for the same database, for code that opens its own connection (the CLI). */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
/** The server (and a database on it to connect to) where each suite creates its own database. */
const adminUrl = (): string => process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `opsledger_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-"));
    url = `sqlite:${path.join(dir, `${name}.db`)}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(adminUrl());
    target.pathname = `/${name}`;
    url = target.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      // pg's Pool.end() resolves before its connections have finished closing; dropping with
      // FORCE at that moment kills them mid-goodbye and they raise an error nobody listens to.
      // Wait (briefly) for the sessions to go, and only force what is left after that.
      for (let attempt = 0; attempt < 50; attempt++) {
        const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
        if ((rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const connection = connect(url);
  if (options.migrate !== false) await migrateToLatest(connection.db);
  return {
    db: connection.db,
    dialect,
    url,
    close: async () => {
      await connection.close();
      await drop();
    },
  };
}

/**
 * The environment for a process a test spawns (the CLI, a collector child): PATH, the variables
 * that fake this process's clock when a run sets one (scripts/test-clocks.sh preloads libfaketime
 * through LD_PRELOAD and FAKETIME), then the test's own. The child must see the instant its test
 * sees; nothing else of this process's environment (a developer's DATABASE_URL, tokens) goes in.
 * Here because every package's tests spawn through it and all of them may import db.
 */
export function childEnv(vars: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const clock = Object.entries(process.env).filter(([name]) => name === "LD_PRELOAD" || name.startsWith("FAKETIME"));
  return { PATH: process.env.PATH, ...Object.fromEntries(clock), ...vars };
}
