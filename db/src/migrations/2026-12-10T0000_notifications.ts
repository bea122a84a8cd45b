// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * Threshold notifications (issue 15): the state of each (rule, scope), a log of evaluation runs,
 * the notifications decided on and one delivery row per channel. A notification and its delivery
 * rows are written in the transaction that moves the state, so a crash between deciding and
 * sending loses nothing (the pending rows are sent by the next run) and a state moved once is
 * never announced twice (`dedupe_key` is unique).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_states")
    .addColumn("rule_id", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("streak", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("value", "double precision")
    .addColumn("count", "integer")
    .addColumn("threshold", "double precision")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("since", "bigint", (c) => c.notNull())
    .addColumn("last_evaluated_at", "bigint", (c) => c.notNull())
    .addColumn("last_notified_at", "bigint")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("notification_states_pk", ["rule_id", "scope"])
    .execute();

  await db.schema
    .createTable("notification_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .addColumn("scopes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fired", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("resolved", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reminded", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("notification_runs_started").on("notification_runs").column("started_at").execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("rule_id", "text")
    .addColumn("scope", "text")
    .addColumn("team_id", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_created").on("notifications").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("notifications_rule").on("notifications").columns(["rule_id", "scope", "created_at"]).execute();

  await db.schema
    .createTable("notification_deliveries")
    .addColumn("notification_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("claimed_at", "bigint")
    .addColumn("delivered_at", "bigint")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_deliveries_pk", ["notification_id", "channel"])
    .execute();
  await db.schema.createIndex("notification_deliveries_status").on("notification_deliveries").columns(["status", "updated_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_deliveries").ifExists().execute();
  await db.schema.dropTable("notifications").ifExists().execute();
  await db.schema.dropTable("notification_runs").ifExists().execute();
  await db.schema.dropTable("notification_states").ifExists().execute();
}
