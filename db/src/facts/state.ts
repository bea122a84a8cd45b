/**
 * The deriver's own state: named values (the settings fingerprint facts were derived with) and
 * the lock that lets one deriver at a time change facts.
 */
import { CompiledQuery, sql } from "kysely";
import type { Db } from "../connection.ts";
import { dialectOf } from "../dialect.ts";
import { upsertRows } from "../writes/upsert.ts";

export async function getDeriveState(db: Db, name: string): Promise<string | null> {
  const row = await db.selectFrom("derive_state").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value ?? null;
}

export async function setDeriveState(db: Db, name: string, value: string): Promise<void> {
  await upsertRows(db, "derive_state", ["name"], [{ name, value }]);
}

/** An arbitrary, fixed key for Postgres' transaction-level advisory lock. */
const DERIVER_LOCK = 727_301_116;

/**
 * Take the deriver's lock for the rest of the transaction: Postgres by an advisory lock, SQLite
 * by writing first (the write lock is taken at once, so a second deriver waits instead of failing
 * to upgrade its read later).
 */
export async function lockDeriver(trx: Db): Promise<void> {
  if (dialectOf(trx) === "postgres") {
    await trx.executeQuery(CompiledQuery.raw("select pg_advisory_xact_lock($1)", [DERIVER_LOCK]));
    return;
  }
  await sql`insert into derive_state (name, value) values ('lock', '') on conflict (name) do update set value = ''`.execute(trx);
}
