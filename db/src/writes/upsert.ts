/**
 * Bulk upserts shared by the record writes and the deriver's fact writes: one statement per few
 * hundred rows (dialect.ts builds them), rows repeating a key collapsing to the last.
 */
import type { Insertable, Kysely } from "kysely";
import { upsertQueries } from "../dialect.ts";
import type { Database } from "../schema.ts";

type Table = keyof Database;
export type Column<T extends Table> = keyof Database[T] & string;

/**
 * Multi-row upsert conflicting on `keys`, replacing every other column. Rows repeating a key
 * within the call collapse to the last one first: Postgres refuses to update the same row twice in
 * one statement.
 */
export async function upsertRows<T extends Table>(db: Kysely<Database>, table: T, keys: readonly Column<T>[], rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const byKey = new Map<string, Insertable<Database[T]>>();
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    byKey.set(keys.length === 1 ? String(values[keys[0] as string]) : keys.map((k) => String(values[k])).join("\u0000"), row);
  }
  const unique = byKey.size === rows.length ? rows : [...byKey.values()];
  for (const query of upsertQueries(db, table, keys, unique as Record<string, unknown>[])) await db.executeQuery(query);
}

export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
