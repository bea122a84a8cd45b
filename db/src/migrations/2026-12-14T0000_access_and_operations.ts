// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * API tokens and collector runs (issue 14).
 * - api_tokens: one row per token; only an HMAC-SHA256 of the secret part is kept
 *   (docs/decisions/0007), with the id of the key that made it, so a changed server secret is
 *   told apart from a wrong token. Revoked tokens stay, marked, so `token list` shows history.
 * - collector_runs: one row per collector run, whichever process ran it, so /metrics can count
 *   runs and records written across the CLI, a scheduler and several API replicas.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .execute();
  await db.schema
    .createTable("collector_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("records_written", "bigint", (c) => c.notNull())
    .addColumn("rate_limit_waits", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("collector_runs_source").on("collector_runs").columns(["source", "finished_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("collector_runs").ifExists().execute();
  await db.schema.dropTable("api_tokens").ifExists().execute();
}
