// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * rollup_alert_key_week and rollup_alert_key_day (issue 11): per service, ISO week (or UTC day)
 * and alert key, how many alerts were created and how many were noise, and what a noisy key's
 * suggestion reads of them: acknowledged and self-cleared counts, the period's last alert (its
 * service names the key), and sorted values (base64 of little-endian float64s, as
 * rollup_team_week_values) of the re-fire gaps, the self-cleared alerts' minutes open and the
 * creation times. The alert quality endpoint ranks keys, tells new from recurring ones and
 * suggests from these rows instead of reading every alert of the window and of the 90 days
 * before it. Per service, not per team: a team's keys are its services' rows. The `_counts` index
 * covers the counts, so ranking every key of a window does not read the value columns; the
 * deriver replaces a key's rows over a span through the `_key` index.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, period] of [
    ["rollup_alert_key_week", "week_start"],
    ["rollup_alert_key_day", "day_start"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("service", "text", (c) => c.notNull())
      .addColumn(period, "bigint", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("alerts", "integer", (c) => c.notNull())
      .addColumn("noise", "integer", (c) => c.notNull())
      .addColumn("acknowledged", "integer", (c) => c.notNull())
      .addColumn("self_cleared", "integer", (c) => c.notNull())
      .addColumn("last_at", "bigint", (c) => c.notNull())
      .addColumn("last_id", "text", (c) => c.notNull())
      .addColumn("refire_gaps", "text", (c) => c.notNull())
      .addColumn("self_cleared_open", "text", (c) => c.notNull())
      .addColumn("times", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ["service", period, "key"])
      .execute();
    await db.schema.createIndex(`${table}_counts`).on(table).columns(["service", period, "key", "alerts", "noise"]).execute();
    await db.schema.createIndex(`${table}_key`).on(table).columns(["key", period]).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_alert_key_day").execute();
  await db.schema.dropTable("rollup_alert_key_week").execute();
}
