import { sql } from "kysely";
import type { Db } from "../connection.ts";
import { dialectOf } from "../dialect.ts";

/**
 * A token that changes whenever the database's data may have changed, or null when there is no
 * cheap one. SQLite: `PRAGMA data_version` (moves when another connection commits) with
 * `total_changes()` (rows this connection inserted, updated or deleted, upserts included), so a
 * write from any process changes the token. Postgres: null — no counter covers every writer
 * without a full-table look, so callers do not memoise there.
 */
export async function getDataVersion(db: Db): Promise<string | null> {
  if (dialectOf(db) !== "sqlite") return null;
  const { rows } = await sql<{ version: number; changes: number }>`select data_version as version, total_changes() as changes from pragma_data_version`.execute(db);
  const row = rows[0];
  return row === undefined ? null : `${row.version}:${row.changes}`;
}
