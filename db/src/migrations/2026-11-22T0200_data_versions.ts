// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * A counter per record kind, moved by every write of that kind in the same transaction, so a
 * reader (any process, SQLite or Postgres) can tell in one small query whether rows it read
 * earlier may have changed, and a write of pages does not throw away memoised deployments.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("data_versions")
    .addColumn("kind", "text", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_versions").ifExists().execute();
}
