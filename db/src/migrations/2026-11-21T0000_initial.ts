// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import type { Kysely } from "kysely";

// Table and column shapes are written once here on Kysely<any>: migrations must keep working
// after the app's schema types move on.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("teams")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("compliance", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createTable("team_members")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("person_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "person_id"])
    .execute();
  await db.schema.createIndex("team_members_person").on("team_members").column("person_id").execute();
  await db.schema
    .createTable("team_repos")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_repos_pk", ["team_id", "repo"])
    .execute();
  await db.schema
    .createTable("team_services")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_services_pk", ["team_id", "service"])
    .execute();
  await db.schema
    .createTable("people")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("github", "text")
    .addColumn("pagerduty", "text")
    .execute();

  await db.schema
    .createTable("deployments")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("environment", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint")
    .addColumn("finished_at", "bigint", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addColumn("has_commit_list", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rollback", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("deployments_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("deployments_repo_time").on("deployments").columns(["repo", "finished_at"]).execute();
  await db.schema
    .createTable("deployment_commits")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("deployment_id", "text", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("deployment_commits_pk", ["source", "deployment_id", "sha"])
    .execute();
  await db.schema.createIndex("deployment_commits_sha").on("deployment_commits").column("sha").execute();

  await db.schema
    .createTable("changes")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("bot", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("draft", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("first_commit_at", "bigint")
    .addColumn("first_review_at", "bigint")
    .addColumn("merged_at", "bigint", (c) => c.notNull())
    .addColumn("merge_sha", "text", (c) => c.notNull())
    .addColumn("labels", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("title", "text")
    .addColumn("additions", "integer")
    .addColumn("deletions", "integer")
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("changes_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("changes_repo_time").on("changes").columns(["repo", "merged_at"]).execute();
  await db.schema.createIndex("changes_merge_sha").on("changes").column("merge_sha").execute();
  await db.schema
    .createTable("change_commits")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("change_id", "text", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("change_commits_pk", ["source", "change_id", "sha"])
    .execute();
  await db.schema.createIndex("change_commits_sha").on("change_commits").column("sha").execute();

  await db.schema
    .createTable("ci_runs")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("workflow", "text", (c) => c.notNull())
    .addColumn("branch", "text", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("queued_at", "bigint")
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint", (c) => c.notNull())
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("ci_runs_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("ci_runs_repo_time").on("ci_runs").columns(["repo", "started_at"]).execute();

  await db.schema
    .createTable("incidents")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("urgency", "text", (c) => c.notNull())
    .addColumn("priority", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("acknowledged_at", "bigint")
    .addColumn("resolved_at", "bigint")
    .addColumn("deployment_id", "text")
    .addColumn("fix_deployment_id", "text")
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("incidents_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("incidents_service_time").on("incidents").columns(["service", "created_at"]).execute();

  await db.schema
    .createTable("alerts")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("incident_id", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("acknowledged_at", "bigint")
    .addColumn("resolved_at", "bigint")
    .addColumn("resolved_by", "text")
    .addColumn("noise", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("alerts_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("alerts_service_time").on("alerts").columns(["service", "created_at"]).execute();

  await db.schema
    .createTable("pages")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("pages_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("pages_person_time").on("pages").columns(["person", "at"]).execute();

  await db.schema
    .createTable("oncall_shifts")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("start_at", "bigint", (c) => c.notNull())
    .addColumn("end_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("oncall_shifts_pk", ["source", "person", "schedule", "level", "start_at"])
    .execute();
  await db.schema.createIndex("oncall_shifts_person_time").on("oncall_shifts").columns(["person", "start_at"]).execute();

  await db.schema
    .createTable("acknowledgements")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("acknowledgements_pk", ["source", "incident_id", "person", "at"])
    .execute();
  await db.schema.createIndex("acknowledgements_person_time").on("acknowledgements").columns(["person", "at"]).execute();

  await db.schema
    .createTable("sync_state")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("stream", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("cursor", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("sync_state_pk", ["source", "stream", "scope"])
    .execute();
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("delivery_id", "text", (c) => c.notNull())
    .addColumn("received_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("webhook_deliveries_pk", ["source", "delivery_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "webhook_deliveries",
    "sync_state",
    "acknowledgements",
    "oncall_shifts",
    "pages",
    "alerts",
    "incidents",
    "ci_runs",
    "change_commits",
    "changes",
    "deployment_commits",
    "deployments",
    "people",
    "team_services",
    "team_repos",
    "team_members",
    "teams",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
