// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * rollup_ci_workflow_day (issue 11): the columns of rollup_ci_workflow_week per repo, UTC day
 * (day_start: 00:00 UTC) and workflow. A window's edge part-week read every run of it from facts
 * (at the demo's scale 50, a default range's two edge weeks were 12,000 runs of one team's CI
 * endpoint); it reads its whole days' rows and only a part-day's facts, as the team rollups do.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_ci_workflow_day")
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("day_start", "bigint", (c) => c.notNull())
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
    .addPrimaryKeyConstraint("rollup_ci_workflow_day_pk", ["repo", "day_start", "workflow"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_ci_workflow_day").ifExists().execute();
}
