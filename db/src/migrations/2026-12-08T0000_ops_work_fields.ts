// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * What the ops-work ledger needs from the collectors: who started a deployment and how (by hand or
 * by a pipeline), who started each CI attempt (a re-run's re-runner), and a change's changed
 * files (the paths, as a child table replaced like change_commits, and the count the source
 * reports, which may exceed the paths read when paging stopped at its budget). Integer columns
 * stay int4: validation holds every integer to that range (docs/decisions/0006).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deployments").addColumn("creator", "text").execute();
  await db.schema.alterTable("deployments").addColumn("trigger", "text").execute();
  await db.schema.alterTable("ci_runs").addColumn("triggered_by", "text").execute();
  await db.schema.alterTable("changes").addColumn("changed_files", "integer").execute();
  await db.schema.alterTable("changes").addColumn("has_file_list", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("change_files")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("change_id", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("change_files_pk", ["source", "change_id", "path"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("change_files").ifExists().execute();
  await db.schema.alterTable("changes").dropColumn("has_file_list").execute();
  await db.schema.alterTable("changes").dropColumn("changed_files").execute();
  await db.schema.alterTable("ci_runs").dropColumn("triggered_by").execute();
  await db.schema.alterTable("deployments").dropColumn("trigger").execute();
  await db.schema.alterTable("deployments").dropColumn("creator").execute();
}
