// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import { sql, type Kysely, type SqlBool } from "kysely";

/*
 * The maturity scorecard's evidence read from one narrow index (issue 11). Counting a window's
 * production deployments joined fact_deploys (for its columns) to fact_deploy_flags row by row and
 * materialised the window for each of its statements: at `--scale 50` most of `/maturity`'s time.
 * fact_deploy_flags now carries what the scorecard asks of each deployment (when, rollback, how it
 * started, by whom, untraced) next to its flags, and one index on the repo and time holds every
 * column the counts and the examples' order read, so a window is one range scan of that index.
 * The table is derived: it is made again (FACTS_VERSION) rather than altered in place.
 *
 * changes: the review evidence counts each repo's merged changes and the unreviewed ones among
 * them; an index holding author, bot and first_review_at after (repo, merged_at) answers that, and
 * the signals' authors of the same 90 days, without reading the rows (it takes the place of the
 * authors' index, its prefix), and a partial index of the unreviewed human changes finds each
 * repo's first.
 *
 * fact_changes: a window's edge reads the changes merged in a part-day that no deployment shipped
 * (`deployment_id is null`, repo in the team's, merged_at in the part-day). Without statistics
 * SQLite took the equality on fact_changes_deployment and walked every undeployed change of the
 * history (6–10 ms at `--scale 50`, growing with history); with deployment_id, repo and merged_at
 * in one index the same condition is one seek per repo.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
/** fact_deploy_flags's key and repo, the same before and after. */
const flagsTable = (db: Kysely<any>) =>
  db.schema
    .createTable("fact_deploy_flags")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull());

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("fact_deploy_flags").execute();
  await flagsTable(db)
    .addColumn("deployed_at", "bigint", (c) => c.notNull())
    .addColumn("rollback", "integer", (c) => c.notNull())
    .addColumn("trigger", "text")
    .addColumn("creator", "text")
    .addColumn("untraced", "integer", (c) => c.notNull())
    .addColumn("staged_at", "bigint")
    .addColumn("redeploy_since", "bigint")
    .addPrimaryKeyConstraint("fact_deploy_flags_pk", ["source", "id"])
    .execute();
  await db.schema
    .createIndex("fact_deploy_flags_window")
    .on("fact_deploy_flags")
    .columns(["repo", "deployed_at", "rollback", "trigger", "untraced", "staged_at", "redeploy_since", "creator", "source", "id"])
    .execute();
  await db.schema.createIndex("changes_repo_merged_reviews").on("changes").columns(["repo", "merged_at", "author", "bot", "first_review_at"]).execute();
  // Its prefix is the authors' covering index (2026-12-20T0050, where present): one index to maintain, not two.
  await db.schema.dropIndex("changes_repo_merged_authors").ifExists().execute();
  await db.schema
    .createIndex("changes_repo_unreviewed")
    .on("changes")
    .columns(["repo", "merged_at", "number"])
    .where(sql.raw<SqlBool>("bot = 0 and first_review_at is null"))
    .execute();
  await db.schema.createIndex("fact_changes_deployment_repo_merged").on("fact_changes").columns(["deployment_id", "repo", "merged_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("fact_changes_deployment_repo_merged").execute();
  await db.schema.dropIndex("changes_repo_unreviewed").execute();
  await db.schema.createIndex("changes_repo_merged_authors").ifNotExists().on("changes").columns(["repo", "merged_at", "author", "bot"]).execute();
  await db.schema.dropIndex("changes_repo_merged_reviews").execute();
  await db.schema.dropTable("fact_deploy_flags").execute();
  await flagsTable(db).addColumn("staged_at", "bigint").addColumn("redeploy_since", "bigint").addPrimaryKeyConstraint("fact_deploy_flags_pk", ["source", "id"]).execute();
  await db.schema.createIndex("fact_deploy_flags_repo").on("fact_deploy_flags").column("repo").execute();
}
