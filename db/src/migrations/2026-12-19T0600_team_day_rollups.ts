// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { CreateTableBuilder, Kysely } from "kysely";

/*
 * rollup_team_day and rollup_team_day_values (issue 11): the team rollups of
 * rollup_team_week and rollup_team_week_values again, per UTC day (day_start: 00:00 UTC). A
 * window's edge part-week is its whole days plus at most one part-day: it reads these rows instead
 * of every fact of the part-week (at a quarter's org summary, those fact reads were most of its
 * SQL time). Same columns and encoding as the weekly tables; a day without facts has no row.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Builder = CreateTableBuilder<string, string>;
const count = (t: Builder, ...names: string[]): Builder => names.reduce((b, n) => b.addColumn(n, "integer", (c) => c.notNull().defaultTo(0)), t);
const minutes = (t: Builder, ...names: string[]): Builder => names.reduce((b, n) => b.addColumn(n, "double precision"), t);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_team_day")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("day_start", "bigint", (c) => c.notNull())
    .$call((t) => count(t, "deployments", "deploy_days", "failed", "reworked", "unrecovered", "recovery_negative", "recovery_n"))
    .$call((t) => minutes(t, "recovery_median"))
    .$call((t) => count(t, "lead_n", "coding_n", "pickup_n", "review_n", "deploy_n", "lead_by_time", "lead_bot", "lead_draft", "lead_negative", "never_deployed"))
    .$call((t) => minutes(t, "lead_median", "coding_median", "pickup_median", "review_median", "deploy_median"))
    .$call((t) => count(t, "ci_runs", "ci_success", "ci_failure", "ci_cancelled", "ci_skipped", "ci_duration_n", "ci_pairs", "ci_flaky", "ci_negative", "ci_queue_n"))
    .$call((t) => minutes(t, "ci_duration_median", "ci_queue_median"))
    .$call((t) => count(t, "incidents", "restore_n", "unresolved", "incident_negative", "ack_n"))
    .$call((t) => minutes(t, "restore_median", "ack_median"))
    .$call((t) => count(t, "alerts", "noise", "noise_marked", "noise_auto", "noise_repeat", "fix_n"))
    .$call((t) => minutes(t, "fix_median"))
    .addPrimaryKeyConstraint("rollup_team_day_pk", ["team_id", "day_start"])
    .execute();
  await db.schema
    .createTable("rollup_team_day_values")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("day_start", "bigint", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sorted", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_team_day_values_pk", ["team_id", "day_start", "measure"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_team_day_values").ifExists().execute();
  await db.schema.dropTable("rollup_team_day").ifExists().execute();
}
