// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

/*
 * Which of its services each of a team's repos deploys: change failure charges a deployment by
 * time only for incidents on those services. A repo with no rows keeps the team-wide rule.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("team_repo_services")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_repo_services_pk", ["team_id", "repo", "service"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("team_repo_services").ifExists().execute();
}
