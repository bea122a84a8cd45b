// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * repo_practices (issue 16, the maturity scorecard): what a repository's default branch showed on
 * one UTC day — paths of interest at HEAD, policy and cost tools in its workflows, what branch
 * protection requires. One row per (source, repo, day), so the scorecard's history reads each
 * quarter's snapshot. Lists are JSON text and "not readable" is NULL, on both dialects.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("repo_practices")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("observed_on", "text", (c) => c.notNull())
    .addColumn("observed_at", "bigint", (c) => c.notNull())
    .addColumn("paths", "text")
    .addColumn("workflow_tools", "text")
    .addColumn("required_status_checks", "integer")
    .addColumn("required_approving_reviews", "integer")
    .addColumn("is_template", "integer")
    .addPrimaryKeyConstraint("repo_practices_pk", ["source", "repo", "observed_on"])
    .execute();
  await db.schema.createIndex("repo_practices_repo_time").on("repo_practices").columns(["repo", "observed_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("repo_practices").ifExists().execute();
}
