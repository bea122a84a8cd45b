// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { CreateTableBuilder, Kysely } from "kysely";

/*
 * rollup_team_ledger_week and rollup_team_ledger_day (issue 11): a team's ops-work ledger per ISO
 * week and per UTC day, its members' rollup_person_week / rollup_person_day rows summed (minutes
 * and counts per category, author minutes on changes) with how many members had anything in it,
 * and each member's minutes by category (JSON, for the per-person rows and the names a signal
 * gives). The ops work of a window (the org summary, the report, the signals, the ops-work
 * endpoint) reads a row per week instead of a row per member and week: at a quarter's org
 * summary, those reads were most of its time. A period without anything has no row.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Builder = CreateTableBuilder<string, string>;

const ledgerColumns = (t: Builder): Builder =>
  ["alerts", "incidents", "pipeline", "deployments", "ops_changes", "changes"]
    .reduce((b, category) => b.addColumn(`${category}_minutes`, "double precision", (c) => c.notNull().defaultTo(0)).addColumn(`${category}_count`, "integer", (c) => c.notNull().defaultTo(0)), t)
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(0))
    // Each member's minutes by category, JSON: [[person, alerts, incidents, pipeline, deployments, ops_changes], …].
    .addColumn("people", "text", (c) => c.notNull().defaultTo("[]"));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_team_ledger_week")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("week_start", "bigint", (c) => c.notNull())
    .$call(ledgerColumns)
    .addPrimaryKeyConstraint("rollup_team_ledger_week_pk", ["team_id", "week_start"])
    .execute();
  await db.schema
    .createTable("rollup_team_ledger_day")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("day_start", "bigint", (c) => c.notNull())
    .$call(ledgerColumns)
    .addPrimaryKeyConstraint("rollup_team_ledger_day_pk", ["team_id", "day_start"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_team_ledger_day").ifExists().execute();
  await db.schema.dropTable("rollup_team_ledger_week").ifExists().execute();
}
