// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * What the maturity scorecard asks of each production deployment, answered when its repo's
 * deployments are derived (issue 11) instead of from every deployment of the 90 days on each read:
 * - staged_at: the latest successful staging run of the same repo and sha at or before it
 *   (environment parity: it went to staging first inside a window iff staged_at >= the window's start);
 * - redeploy_since: for a deployment that shipped a sha production ran before while another sha
 *   was running, when production last ran it (a rollback by redeploy inside a window iff it is
 *   >= the window's start).
 * Both depend on the repo's other deployments, so the deriver replaces a repo's rows whole.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("fact_deploy_flags")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("staged_at", "bigint")
    .addColumn("redeploy_since", "bigint")
    .addPrimaryKeyConstraint("fact_deploy_flags_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("fact_deploy_flags_repo").on("fact_deploy_flags").column("repo").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("fact_deploy_flags").execute();
}
