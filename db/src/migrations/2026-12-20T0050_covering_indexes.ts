// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * Covering indexes for the reads every team's signals and investment view make over 90 days or a
 * quarter (issue 11): who merged changes into each repo (`getChangeAuthors`), how many changes
 * merged and their ops fractions (`getChangeOpsFractions`), where production deployments went
 * (`getDeployPlacesBetween`). Each read had to visit the table row of every change or deployment
 * in the window for one or two columns; with these it reads the index alone. At the demo's
 * scale 50 the change authors' read was the org summary's slowest statement. Each replaces the
 * index that was its prefix (every query that used that one uses this one the same way), so a
 * write still maintains one index for them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("changes_repo_merged_authors").on("changes").columns(["repo", "merged_at", "author", "bot"]).execute();
  await db.schema.createIndex("fact_changes_repo_merged_ops").on("fact_changes").columns(["repo", "merged_at", "excluded", "ops_fraction"]).execute();
  await db.schema.createIndex("fact_deploys_repo_places").on("fact_deploys").columns(["repo", "deployed_at", "environment", "id"]).execute();
  for (const index of ["changes_repo_time", "fact_changes_repo_merged", "fact_deploys_repo_time"]) await db.schema.dropIndex(index).ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("changes_repo_time").on("changes").columns(["repo", "merged_at"]).execute();
  await db.schema.createIndex("fact_changes_repo_merged").on("fact_changes").columns(["repo", "merged_at"]).execute();
  await db.schema.createIndex("fact_deploys_repo_time").on("fact_deploys").columns(["repo", "deployed_at"]).execute();
  for (const index of ["fact_deploys_repo_places", "fact_changes_repo_merged_ops", "changes_repo_merged_authors"]) await db.schema.dropIndex(index).ifExists().execute();
}
