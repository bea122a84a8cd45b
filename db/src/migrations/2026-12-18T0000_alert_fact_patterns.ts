// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * What the sprint review's per-key patterns read from an alert's fact (issue 13): how it ended
 * (resolved_at, resolved_by: person, system or timeout) for "resolved on its own", and the minutes
 * since the previous alert of its key fired (within the 24 h a repeat is judged over) for
 * "flapping". Existing rows get their values when the facts are derived again: the derivation
 * fingerprint changed with this field list (server/src/metrics/settings.ts).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("fact_alerts").addColumn("resolved_at", "bigint").execute();
  await db.schema.alterTable("fact_alerts").addColumn("resolved_by", "text").execute();
  await db.schema.alterTable("fact_alerts").addColumn("previous_gap_minutes", "double precision").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("fact_alerts").dropColumn("previous_gap_minutes").execute();
  await db.schema.alterTable("fact_alerts").dropColumn("resolved_by").execute();
  await db.schema.alterTable("fact_alerts").dropColumn("resolved_at").execute();
}
