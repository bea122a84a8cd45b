/** Reading and writing any application table by name: the backup's view of the database. */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { checkValue, TableChecksum, type TableSummary, type Value } from "./format.ts";

type AnyRow = Record<string, unknown>;
/** The backup reads and writes tables it knows only by name (the lead's facts tables included). */
type Untyped = Kysely<Record<string, AnyRow>>;
const untyped = (db: Kysely<Database> | Transaction<Database>): Untyped => db as unknown as Untyped;

/** Rows at a time from a cursor (Postgres) or an iterating statement (SQLite). */
const STREAM_CHUNK = 1000;

export async function* tableRows(db: Kysely<Database> | Transaction<Database>, table: string, columns: readonly string[]): AsyncGenerator<Value[]> {
  const query = untyped(db).selectFrom(table).select(columns.map((c) => sql.ref<unknown>(c).as(c)));
  for await (const row of query.stream(STREAM_CHUNK)) {
    const r = row as AnyRow;
    yield columns.map((c) => checkValue(table, c, r[c]));
  }
}

export async function tableSummary(db: Kysely<Database> | Transaction<Database>, table: string, columns: readonly string[]): Promise<TableSummary> {
  const checksum = new TableChecksum(columns);
  for await (const values of tableRows(db, table, columns)) checksum.add(values);
  return checksum.summary();
}

export async function countRows(db: Kysely<Database> | Transaction<Database>, table: string): Promise<number> {
  const row = await untyped(db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Both databases take 30,000 bound values in one statement comfortably (dialect.ts, MAX_PARAMS_PER_STATEMENT). */
const MAX_VALUES_PER_INSERT = 30_000;

export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(MAX_VALUES_PER_INSERT / Math.max(1, columns))));
}

export async function insertRows(trx: Transaction<Database>, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<void> {
  if (rows.length === 0) return;
  const objects = rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
  await untyped(trx).insertInto(table).values(objects).execute();
}

/** The migrations applied to a database, in the order they ran. */
export async function appliedMigrations(db: Kysely<Database> | Transaction<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(db);
  return rows.map((r) => r.name);
}
