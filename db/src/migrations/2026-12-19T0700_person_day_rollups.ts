// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { CreateTableBuilder, Kysely } from "kysely";

/*
 * rollup_person_day (issue 11): the person rollups of rollup_person_week again, per UTC day
 * (day_start: 00:00 UTC). A window's edge part-week of a team's members is their whole days plus
 * at most one part-day: it reads these rows instead of every ledger item, interruption, shift,
 * email page and acknowledgement of the part-week (at a quarter's org summary, those reads were
 * the largest edge cost left). Same columns as the weekly table; a day without anything has no row.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Builder = CreateTableBuilder<string, string>;
const count = (t: Builder, ...names: string[]): Builder => names.reduce((b, n) => b.addColumn(n, "integer", (c) => c.notNull().defaultTo(0)), t);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_person_day")
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("day_start", "bigint", (c) => c.notNull())
    .$call((t) => count(t, "on_call", "business", "off_hours", "sleep", "merged", "zone_unknown", "emails", "acks_orphan", "acks_negative"))
    .addColumn("engaged_minutes", "double precision", (c) => c.notNull().defaultTo(0))
    .$call((t) =>
      ["alerts", "incidents", "pipeline", "deployments", "ops_changes", "changes"].reduce(
        (b, category) =>
          b.addColumn(`${category}_minutes`, "double precision", (c) => c.notNull().defaultTo(0)).addColumn(`${category}_count`, "integer", (c) => c.notNull().defaultTo(0)),
        t,
      ),
    )
    .addPrimaryKeyConstraint("rollup_person_day_pk", ["person", "day_start"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_person_day").ifExists().execute();
}
