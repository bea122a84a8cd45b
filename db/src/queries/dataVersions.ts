import { CompiledQuery, type Kysely } from "kysely";
import type { Db } from "../connection.ts";
import { dialectOf } from "../dialect.ts";
import type { RecordKind } from "../model.ts";
import type { Database } from "../schema.ts";

/**
 * Move the counters of the kinds a write touched, inside the write's transaction: readers that
 * see the new rows also see the new counters. One statement; rows are locked in key order, so two
 * concurrent writers wait for each other rather than deadlock.
 */
export async function bumpDataVersions(trx: Kysely<Database>, kinds: readonly RecordKind[]): Promise<void> {
  const sorted = [...new Set(kinds)].sort();
  if (sorted.length === 0) return;
  // Both dialects take a multi-row VALUES upsert; only the placeholders differ.
  const postgres = dialectOf(trx) === "postgres";
  const values = sorted.map((_, i) => (postgres ? `($${i + 1}, 1)` : "(?, 1)")).join(", ");
  await trx.executeQuery(
    CompiledQuery.raw(`insert into data_versions (kind, version) values ${values} on conflict (kind) do update set version = data_versions.version + 1`, sorted),
  );
}

/**
 * A token naming the state of the given kinds: it changes whenever a row of one of them is
 * written, by this process or another. Memoised reads key on it (server/src/services/rowMemo.ts).
 */
export async function getDataVersions(db: Db, kinds: readonly RecordKind[]): Promise<string> {
  const sorted = [...new Set(kinds)].sort();
  const rows = await db.selectFrom("data_versions").select(["kind", "version"]).where("kind", "in", sorted).execute();
  const version = new Map(rows.map((r) => [r.kind, Number(r.version)]));
  return sorted.map((k) => `${k}:${version.get(k) ?? 0}`).join(",");
}
