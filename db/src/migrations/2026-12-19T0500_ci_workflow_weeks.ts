// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * CI health per workflow over a window read from weeks, not from every run (issue 11): per repo,
 * ISO week and workflow, the counts by status, the (workflow, sha) pairs counted where their first
 * run is and the flaky ones, the runs with a negative span, and the week's durations and queue
 * times sorted (base64 of little-endian float64s, as rollup_team_week_values). Per repo, not per
 * team: a repo two teams share is derived once.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_ci_workflow_week")
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("week_start", "bigint", (c) => c.notNull())
    .addColumn("workflow", "text", (c) => c.notNull())
    .addColumn("success", "integer", (c) => c.notNull())
    .addColumn("failure", "integer", (c) => c.notNull())
    .addColumn("cancelled", "integer", (c) => c.notNull())
    .addColumn("skipped", "integer", (c) => c.notNull())
    .addColumn("pairs", "integer", (c) => c.notNull())
    .addColumn("flaky", "integer", (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addColumn("durations", "text", (c) => c.notNull())
    .addColumn("queues", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_ci_workflow_week_pk", ["repo", "week_start", "workflow"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_ci_workflow_week").execute();
}
