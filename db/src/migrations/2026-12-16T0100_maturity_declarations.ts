// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * maturity_declarations (issue 16): dated declarations a team makes for the maturity scorecard —
 * a backup restore test, a rollback drill — from the config or the ingest API. The key is the
 * whole declaration, so each test is a row of its own and the scorecard's history sees the ones
 * made before each quarter's end.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("maturity_declarations")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("practice", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("maturity_declarations_pk", ["source", "team_id", "practice", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("maturity_declarations").ifExists().execute();
}
