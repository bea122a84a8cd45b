/**
 * The durable queue between a write and the facts derived from it (docs/decisions/0012): every
 * write batch records, in its own transaction, the natural keys it touched; the deriver reads
 * them, brings the facts up to date, and deletes what it handled in the transaction that wrote
 * the facts. A crash on either side loses nothing: keys stay queued until their facts are written.
 */
import type { Kysely, Transaction } from "kysely";
import type { Db } from "../connection.ts";
import type { NormalizedRecord, RecordKind } from "../model.ts";
import type { Database } from "../schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

/** A natural key, as the list of its parts. */
export type TouchedKey = readonly string[];

/** `kind` of a queue row that asks for everything to be derived again (settings changed, `opsledger rederive`). */
export const REDERIVE_ALL = "*";

/**
 * The natural key of a record as the deriver looks it up. Shifts and acknowledgements carry what
 * the deriver needs (person and times) since their keys are their content.
 */
export function touchedKey(record: NormalizedRecord): TouchedKey {
  switch (record.kind) {
    case "team":
    case "person":
      return [record.id];
    case "oncall_shift":
      return [record.person, String(record.start), String(record.end)];
    case "acknowledgement":
      return [record.person, record.incidentId, String(record.at)];
    case "committer":
      return [record.source, record.repo, record.login];
    case "repo_practice":
      return [record.source, record.repo, record.observedOn];
    case "maturity_declaration":
      return [record.source, record.team, record.practice, String(record.at)];
    default:
      return [record.source, record.id];
  }
}

/** Queue the keys of a batch, one row per kind; nothing for an empty list. */
export async function enqueueTouched(trx: Executor, kind: RecordKind | typeof REDERIVE_ALL, keys: readonly TouchedKey[], now: number): Promise<void> {
  if (keys.length === 0 && kind !== REDERIVE_ALL) return;
  await trx.insertInto("derive_queue").values({ kind, keys: JSON.stringify(keys), enqueued_at: now }).execute();
}

export interface QueuedTouches {
  /** The highest queue id read: delete up to it once handled. */
  maxId: number;
  /** Rows read. */
  rows: number;
  /** Keys per kind, deduplicated. */
  keys: Map<string, TouchedKey[]>;
  /** A row asked to derive everything again. */
  all: boolean;
}

/** The oldest queued rows, at most `limit`, merged per kind; null when the queue is empty. */
export async function readQueue(db: Executor, limit: number): Promise<QueuedTouches | null> {
  const rows = await db.selectFrom("derive_queue").select(["id", "kind", "keys"]).orderBy("id").limit(limit).execute();
  if (rows.length === 0) return null;
  const seen = new Map<string, Map<string, TouchedKey>>();
  let all = false;
  let maxId = 0;
  for (const row of rows) {
    maxId = Math.max(maxId, Number(row.id));
    if (row.kind === REDERIVE_ALL) {
      all = true;
      continue;
    }
    let kind = seen.get(row.kind);
    if (!kind) {
      kind = new Map();
      seen.set(row.kind, kind);
    }
    for (const key of JSON.parse(row.keys) as string[][]) kind.set(key.join("\u0000"), key);
  }
  return { maxId, rows: rows.length, keys: new Map([...seen].map(([k, v]) => [k, [...v.values()]])), all };
}

/** Forget the rows up to `maxId`: their facts are written (call in the same transaction). */
export async function deleteQueued(trx: Executor, maxId: number): Promise<void> {
  await trx.deleteFrom("derive_queue").where("id", "<=", maxId).execute();
}

/** How many rows wait, and since when: for health, metrics and tests. */
export async function queueStatus(db: Db): Promise<{ pending: number; oldest: number | null }> {
  const row = await db.selectFrom("derive_queue").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min<number>("enqueued_at").as("oldest")]).executeTakeFirst();
  return { pending: Number(row?.n ?? 0), oldest: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
}
