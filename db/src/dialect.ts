/**
 * Every difference between SQLite and Postgres lives here: how to connect, how numbers come
 * back, and how big a single multi-row statement may be. Queries elsewhere are portable Kysely.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import Cursor from "pg-cursor";
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type RawBuilder, type SqliteDatabase, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseLocation {
  dialect: DialectName;
  /** File path for SQLite, connection string for Postgres. */
  target: string;
}

/** Which dialect an open Kysely instance speaks: the one test for it, so callers never probe adapters. */
export function dialectOf(db: Kysely<Database>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
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

/**
 * A URL safe to print: the password, if any, replaced. The user information runs to the *last*
 * `@` (a password may hold `@`, `/`, `:` or `?` unencoded, and everything up to that `@` is
 * masked); libpq's `password=` parameter is masked too.
 */
export function redactUrl(url: string): string {
  let out = url;
  const start = url.indexOf("//");
  const at = url.lastIndexOf("@");
  if (start !== -1 && at > start) {
    const userinfo = url.slice(start + 2, at);
    const colon = userinfo.indexOf(":");
    if (colon !== -1) out = `${url.slice(0, start + 2)}${userinfo.slice(0, colon)}:***${url.slice(at)}`;
  }
  return out.replace(/([?&]password=)[^&#]*/gi, "$1***");
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/** How long a SQLite write waits for another connection's write lock (better-sqlite3 waits synchronously: the thread sleeps). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Run `body` on one connection that does not wait for another connection's write lock: on SQLite
 * busy_timeout is 0 while it runs, so a write that finds the lock taken (an import in another
 * process) fails at once with SQLITE_BUSY (see `isLockBusy`) instead of sleeping the calling
 * thread for up to five seconds. Postgres waits without blocking the thread: body runs as is.
 */
export async function withoutLockWait<T>(db: Kysely<Database>, body: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db) === "postgres") return body(db);
  return db.connection().execute(async (conn) => {
    await sql`PRAGMA busy_timeout = 0`.execute(conn);
    try {
      return await body(conn);
    } finally {
      await sql.raw(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`).execute(conn);
    }
  });
}

/** The error `withoutLockWait` gives when another connection held the write lock. */
export const isLockBusy = (error: unknown): boolean => error instanceof Error && "code" in error && error.code === "SQLITE_BUSY";

export interface ConnectionOptions {
  /**
   * SQLite's page cache for this connection, in MB (default 64, for bulk writes). Reads find
   * their pages in the OS's file cache as well, so a connection that only reads can keep a
   * small one: the server's read threads each held up to 64 MB more for little gain. Postgres: ignored.
   */
  pageCacheMb?: number;
}

export function createKysely(location: DatabaseLocation, options: ConnectionOptions = {}): Kysely<Database> {
  if (location.dialect === "sqlite") {
    if (location.target !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(location.target)), { recursive: true });
    const database = new SQLite(location.target);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // The default page cache is 2 MB; bulk upserts touch many index pages per batch, and each
    // eviction is a round trip through the OS. 64 MB (negative = KiB) keeps a large org's hot
    // index pages resident; temporary b-trees (sorts, ON CONFLICT bookkeeping) stay in memory.
    // A bulk batch dirties thousands of index pages; at the default checkpoint threshold (1,000
    // pages) nearly every commit ran a checkpoint and its fsync. 64 MB of WAL between checkpoints.
    database.pragma(`cache_size = -${Math.round((options.pageCacheMb ?? 64) * 1024)}`);
    database.pragma("temp_store = MEMORY");
    database.pragma("wal_autocheckpoint = 16384");
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
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
  // The cursor lets a backup stream a table of any size (Kysely's `.stream()` needs it on Postgres).
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
}

/**
 * Run `body` in a read-only transaction that sees one consistent snapshot of every table while
 * other connections keep writing: Postgres' REPEATABLE READ; on SQLite (WAL) a deferred
 * transaction, whose snapshot is fixed by its first read and held until it ends.
 */
export function inSnapshot<T>(db: Kysely<Database>, body: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db) === "postgres") return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(body);
  return db.transaction().execute(body);
}

/** Tables Kysely's migrator keeps for itself. */
export const MIGRATION_TABLES: readonly string[] = ["kysely_migration", "kysely_migration_lock"];

/** The application's tables (not the migrator's), with their columns, in name order. */
export async function applicationTables(db: Kysely<Database> | Transaction<Database>): Promise<{ name: string; columns: string[] }[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => (t.schema === undefined || t.schema === "public") && !t.isView && !MIGRATION_TABLES.includes(t.name))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Bound parameters one statement may carry: SQLite's limit is 32,766 and Postgres' 65,535;
 * staying well under both keeps multi-row inserts portable.
 */
export const MAX_PARAMS_PER_STATEMENT = 30_000;

/**
 * Kysely's SQLite driver prepares every statement it runs; preparing a multi-row insert parses
 * every placeholder again. The bulk upserts below reuse a handful of statement texts, so keep
 * the most recent prepared statements by text. One connection runs one statement at a time
 * (Kysely holds it for a whole stream), so a cached statement is never in use twice.
 */
function reusingStatements(database: SQLite.Database, size = 64): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached) return cached;
      const statement = database.prepare(text);
      if (cache.size >= size) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

type Row = Readonly<Record<string, unknown>>;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function conflictClause(columns: readonly string[], keys: readonly string[]): string {
  const updates = columns.filter((c) => !keys.includes(c));
  const target = `on conflict (${keys.map(quote).join(", ")})`;
  if (updates.length === 0) return `${target} do nothing`;
  return `${target} do update set ${updates.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(", ")}`;
}

/** Statement texts by (table, columns, keys, rows): built once, and (SQLite) prepared once. */
const sqliteTexts = new Map<string, string>();

function sqliteUpsertText(table: string, columns: readonly string[], keys: readonly string[], rowCount: number): string {
  const cacheKey = `${table}\u0000${columns.join(",")}\u0000${keys.join(",")}\u0000${rowCount}`;
  const cached = sqliteTexts.get(cacheKey);
  if (cached !== undefined) return cached;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const text = `insert into ${quote(table)} (${columns.map(quote).join(", ")}) values ${Array.from({ length: rowCount }, () => tuple).join(", ")} ${conflictClause(columns, keys)}`;
  sqliteTexts.set(cacheKey, text);
  return text;
}

/** Rows per Postgres statement: one JSON parameter carries them all, so this only bounds memory. */
const POSTGRES_ROWS_PER_STATEMENT = 10_000;

/**
 * The statements that upsert `rows` (all with the same columns, no key repeated) into `table`,
 * conflicting on `keys` and replacing every other column. Built as text rather than through
 * Kysely's builder, whose per-value compilation dominated bulk loads.
 * - SQLite: multi-row VALUES in power-of-two row counts (at most ~10 shapes per table), so the
 *   statement texts repeat and their prepared statements are reused.
 * - Postgres: the rows travel as one JSON parameter expanded by `json_populate_recordset`
 *   against the table's own row type: one small statement to parse, no per-value parameters.
 */
export function upsertQueries(db: Kysely<Database>, table: keyof Database & string, keys: readonly string[], rows: readonly Row[]): CompiledQuery[] {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = Object.keys(first);
  if (dialectOf(db) === "postgres") {
    const list = columns.map(quote).join(", ");
    const text = `insert into ${quote(table)} (${list}) select ${list} from json_populate_recordset(null::${quote(table)}, $1) ${conflictClause(columns, keys)}`;
    const queries: CompiledQuery[] = [];
    for (let i = 0; i < rows.length; i += POSTGRES_ROWS_PER_STATEMENT) {
      queries.push(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + POSTGRES_ROWS_PER_STATEMENT))]));
    }
    return queries;
  }
  let most = 1;
  while (most * 2 * columns.length <= MAX_PARAMS_PER_STATEMENT && most < SQLITE_MAX_ROWS_PER_STATEMENT) most *= 2;
  const queries: CompiledQuery[] = [];
  let at = 0;
  for (let size = most; size >= 1; size /= 2) {
    while (rows.length - at >= size) {
      const parameters: unknown[] = new Array(size * columns.length);
      let p = 0;
      for (let r = at; r < at + size; r++) {
        const row = rows[r] ?? first;
        for (const column of columns) parameters[p++] = row[column] ?? null;
      }
      queries.push(CompiledQuery.raw(sqliteUpsertText(table, columns, keys, size), parameters));
      at += size;
    }
  }
  return queries;
}

/**
 * The statement deleting the rows of `table` whose (`source`, `parentColumn`) is one of `ids`:
 * the ids travel as one parameter (a Postgres array, a JSON list SQLite expands with json_each),
 * so one statement serves any number of parents instead of chunks of a thousand placeholders.
 */
export function deleteChildrenQuery(db: Kysely<Database>, table: keyof Database & string, parentColumn: string, source: string, ids: readonly string[]): CompiledQuery {
  if (dialectOf(db) === "postgres") {
    return CompiledQuery.raw(`delete from ${quote(table)} where "source" = $1 and ${quote(parentColumn)} = any($2::text[])`, [source, ids]);
  }
  return CompiledQuery.raw(`delete from ${quote(table)} where "source" = ? and ${quote(parentColumn)} in (select value from json_each(?))`, [source, JSON.stringify(ids)]);
}

/** More rows per statement stop paying off in SQLite once the per-call overhead is amortised. */
const SQLITE_MAX_ROWS_PER_STATEMENT = 256;

/**
 * A text column ordered by code unit, as SQLite's default collation orders it: Postgres orders
 * text by the database's locale unless told "C", and a page of records must not depend on which
 * database holds them.
 */
export function byCodeUnit(db: Kysely<Database>, column: string): RawBuilder<string> {
  return dialectOf(db) === "postgres" ? sql<string>`${sql.ref(column)} collate "C"` : sql<string>`${sql.ref(column)}`;
}

/**
 * A column compared without letting SQLite drive the query from an index on it (its unary `+`),
 * so that it walks another index — the one in the order asked for — and stops early. Postgres
 * plans from its statistics, and has no unary `+` for text: the column as it is.
 */
export function notIndexed(db: Kysely<Database>, column: string): RawBuilder<string> {
  return dialectOf(db) === "postgres" ? sql<string>`${sql.ref(column)}` : sql<string>`+${sql.ref(column)}`;
}
