// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("committers")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("login", "text", (c) => c.notNull())
    .addColumn("first_commit_at", "bigint", (c) => c.notNull())
    .addColumn("last_commit_at", "bigint", (c) => c.notNull())
    .addColumn("commits", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("committers_pk", ["source", "repo", "login"])
    .execute();
  await db.schema.createIndex("committers_repo_time").on("committers").columns(["repo", "last_commit_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("committers").ifExists().execute();
}
