// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * Two indexes that later ones begin with (issue 11): fact_changes_deployment is the prefix of
 * fact_changes_deployment_repo_merged (2026-12-20T0200), fact_ledger_person_time of
 * fact_ledger_person_items (2026-12-20T0300). Every query that used one uses the longer one the
 * same way; the deriver rewrites these tables, and each index is one more to maintain per row.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  for (const index of ["fact_changes_deployment", "fact_ledger_person_time"]) await db.schema.dropIndex(index).ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("fact_changes_deployment").on("fact_changes").column("deployment_id").execute();
  await db.schema.createIndex("fact_ledger_person_time").on("fact_ledger").columns(["person", "at"]).execute();
}
