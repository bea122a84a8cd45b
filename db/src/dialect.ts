/**
 * Every difference between SQLite and Postgres lives here: how to connect, how numbers come
 * back, and how big a single multi-row statement may be. Queries elsewhere are portable Kysely.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { Database } from "./schema.ts";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseLocation {
  dialect: DialectName;
  /** File path for SQLite, connection string for Postgres. */
  target: string;
}

export const DEFAULT_DATABASE_URL = "sqlite:./data/opsledger.db";

/** Parse `DATABASE_URL`: `postgres://…` / `postgresql://…`, or `sqlite:PATH`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgres", target: url };
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length);
    if (file === "") throw new Error(`DATABASE_URL "${url}" names no SQLite file: use sqlite:PATH`);
    return { dialect: "sqlite", target: file };
  }
  throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got "${redactUrl(url)}")`);
}

/** A URL safe to print: the password, if any, replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

export function createKysely(location: DatabaseLocation): Kysely<Database> {
  if (location.dialect === "sqlite") {
    if (location.target !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(location.target)), { recursive: true });
    const database = new SQLite(location.target);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 5000");
    return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  const pool = new pg.Pool({
    connectionString: location.target,
    max: 10,
    // Epoch milliseconds and COUNT(*) come back as int8; they fit a JS number exactly.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === PG_INT8 || oid === PG_NUMERIC
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can be closed by the server (restart, failover, an admin
  // terminating it); pg then emits "error" on the pool, which would crash the process unheard.
  // The pool replaces the connection on the next query, so a log line is the right response.
  pool.on("error", (error) => console.error(`postgres: an idle connection was closed: ${error.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Bound parameters one statement may carry: SQLite's limit is 32,766 and Postgres' 65,535;
 * staying well under both keeps multi-row inserts portable.
 */
export const MAX_PARAMS_PER_STATEMENT = 30_000;
