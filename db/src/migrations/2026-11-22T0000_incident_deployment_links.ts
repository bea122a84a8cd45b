// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * Team delivery reads find the incidents that name one of the team's deployments as their cause
 * or their fix, on any service; without these indexes each read scanned every incident.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("incidents_deployment").on("incidents").column("deployment_id").execute();
  await db.schema.createIndex("incidents_fix_deployment").on("incidents").column("fix_deployment_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("incidents_fix_deployment").ifExists().execute();
  await db.schema.dropIndex("incidents_deployment").ifExists().execute();
}
