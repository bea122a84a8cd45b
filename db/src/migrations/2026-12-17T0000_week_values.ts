// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * rollup_team_week_values (issue 11): per team, ISO week and measure (lead time and its parts,
 * recovery, restore, CI duration and queue), the week's values sorted ascending — the one
 * ingredient of a window's medians and percentiles that does not add up week by week. A window
 * reads its whole weeks' rows instead of every fact in it. `sorted` is the values as
 * little-endian float64s in base64: text, so a backup carries it like any other column.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_team_week_values")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("week_start", "bigint", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sorted", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_team_week_values_pk", ["team_id", "week_start", "measure"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_team_week_values").ifExists().execute();
}
