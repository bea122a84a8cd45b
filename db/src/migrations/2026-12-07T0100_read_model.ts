// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from "kysely";

/*
 * The read model (docs/decisions/0012-read-model.md): facts derived from the records when they
 * are written, rollups per team and person and ISO week, and the durable queue that carries a
 * write's touched keys to the deriver. Records stay the source of truth; every table here can be
 * rebuilt from them (`opsledger rederive`).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Builder = CreateTableBuilder<string, string>;
const count = (t: Builder, ...names: string[]): Builder => names.reduce((b, n) => b.addColumn(n, "integer", (c) => c.notNull().defaultTo(0)), t);
const minutes = (t: Builder, ...names: string[]): Builder => names.reduce((b, n) => b.addColumn(n, "double precision"), t);

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("derive_queue")
    .addColumn("id", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("keys", "text", (c) => c.notNull())
    .addColumn("enqueued_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("derive_state")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("team_versions")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();

  // Which person a source login (a change author, a deployment creator, who re-ran a run) is.
  await db.schema
    .createTable("fact_identities")
    .addColumn("login", "text", (c) => c.primaryKey())
    .addColumn("person", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("fact_identities_person").on("fact_identities").column("person").execute();

  await db.schema
    .createTable("fact_deploys")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("environment", "text", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addColumn("deployed_at", "bigint", (c) => c.notNull())
    .addColumn("rollback", "integer", (c) => c.notNull())
    .addColumn("has_commit_list", "integer", (c) => c.notNull())
    .addColumn("creator", "text")
    .addColumn("trigger", "text")
    .addPrimaryKeyConstraint("fact_deploys_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("fact_deploys_repo_time").on("fact_deploys").columns(["repo", "deployed_at"]).execute();

  await db.schema
    .createTable("fact_changes")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("merged_at", "bigint", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("excluded", "text")
    .addColumn("fix", "integer", (c) => c.notNull())
    .addColumn("ops_fraction", "double precision", (c) => c.notNull())
    .addColumn("deployment_source", "text")
    .addColumn("deployment_id", "text")
    .addColumn("deployed_at", "bigint")
    .addColumn("attribution", "text")
    .$call((t) => minutes(t, "coding_minutes", "pickup_minutes", "review_minutes", "deploy_minutes", "total_minutes"))
    .addColumn("negative", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_changes_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("fact_changes_repo_deployed").on("fact_changes").columns(["repo", "deployed_at"]).execute();
  await db.schema.createIndex("fact_changes_repo_merged").on("fact_changes").columns(["repo", "merged_at"]).execute();
  await db.schema.createIndex("fact_changes_deployment").on("fact_changes").column("deployment_id").execute();
  await db.schema.createIndex("fact_changes_author").on("fact_changes").columns(["author", "started_at"]).execute();

  await db.schema
    .createTable("fact_team_deploys")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("deployed_at", "bigint", (c) => c.notNull())
    .addColumn("failed", "integer", (c) => c.notNull())
    .addColumn("failures", "text", (c) => c.notNull())
    .addColumn("rolled_back_by", "text")
    .addColumn("recovery_minutes", "double precision")
    .addColumn("recovery_note", "text")
    .addColumn("rework", "integer", (c) => c.notNull())
    .addColumn("rework_because", "text", (c) => c.notNull())
    .addColumn("change_ids", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_team_deploys_pk", ["team_id", "source", "id"])
    .execute();
  await db.schema.createIndex("fact_team_deploys_time").on("fact_team_deploys").columns(["team_id", "deployed_at"]).execute();
  await db.schema
    .createTable("fact_deploy_links")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("deploy_source", "text", (c) => c.notNull())
    .addColumn("deploy_id", "text", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_deploy_links_pk", ["team_id", "deploy_source", "deploy_id", "incident_id"])
    .execute();
  await db.schema.createIndex("fact_deploy_links_incident").on("fact_deploy_links").column("incident_id").execute();

  await db.schema
    .createTable("fact_incidents")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("resolved_at", "bigint")
    .addColumn("first_ack_at", "bigint")
    .$call((t) => minutes(t, "restore_minutes", "ack_minutes"))
    .addColumn("negative", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_incidents_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("fact_incidents_service_time").on("fact_incidents").columns(["service", "created_at"]).execute();

  await db.schema
    .createTable("fact_alerts")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("noise_reason", "text")
    .addColumn("acknowledged", "integer", (c) => c.notNull())
    .addColumn("fix_minutes", "double precision")
    .addPrimaryKeyConstraint("fact_alerts_pk", ["source", "id"])
    .execute();
  await db.schema.createIndex("fact_alerts_service_time").on("fact_alerts").columns(["service", "created_at"]).execute();
  await db.schema.createIndex("fact_alerts_key_time").on("fact_alerts").columns(["key", "created_at"]).execute();

  await db.schema
    .createTable("fact_ci_runs")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("workflow", "text", (c) => c.notNull())
    .addColumn("sha", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .$call((t) => minutes(t, "duration_minutes", "queue_minutes"))
    .addColumn("first_of_pair", "integer", (c) => c.notNull())
    .addColumn("pair_flaky", "integer", (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_ci_runs_pk", ["source", "id"])
    .execute();
  // Covering: CI health reads these columns of a window's runs without touching the table.
  await db.schema
    .createIndex("fact_ci_runs_stats")
    .on("fact_ci_runs")
    .columns(["repo", "started_at", "workflow", "status", "duration_minutes", "queue_minutes", "first_of_pair", "pair_flaky", "negative"])
    .execute();
  await db.schema.createIndex("fact_ci_runs_pair").on("fact_ci_runs").columns(["repo", "workflow", "sha"]).execute();

  await db.schema
    .createTable("fact_interruptions")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("page_id", "text", (c) => c.notNull())
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("band", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("zone_known", "integer", (c) => c.notNull())
    .addColumn("counted", "integer", (c) => c.notNull())
    .addColumn("merged", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_interruptions_pk", ["source", "page_id"])
    .execute();
  await db.schema.createIndex("fact_interruptions_person_time").on("fact_interruptions").columns(["person", "at"]).execute();

  // The ops-work ledger, one row per item: a category, the record behind it, when, and what it cost.
  await db.schema
    .createTable("fact_ledger")
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("record_kind", "text", (c) => c.notNull())
    .addColumn("record_source", "text", (c) => c.notNull())
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("minutes", "double precision", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("estimated", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("fact_ledger_pk", ["person", "category", "record_kind", "record_source", "record_id", "at"])
    .execute();
  await db.schema.createIndex("fact_ledger_person_time").on("fact_ledger").columns(["person", "at"]).execute();
  await db.schema.createIndex("fact_ledger_record").on("fact_ledger").columns(["record_kind", "record_id"]).execute();

  await db.schema
    .createTable("rollup_team_week")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("week_start", "bigint", (c) => c.notNull())
    .$call((t) => count(t, "deployments", "deploy_days", "failed", "reworked", "unrecovered", "recovery_negative", "recovery_n"))
    .$call((t) => minutes(t, "recovery_median"))
    .$call((t) => count(t, "lead_n", "coding_n", "pickup_n", "review_n", "deploy_n", "lead_by_time", "lead_bot", "lead_draft", "lead_negative", "never_deployed"))
    .$call((t) => minutes(t, "lead_median", "coding_median", "pickup_median", "review_median", "deploy_median"))
    .$call((t) => count(t, "ci_runs", "ci_success", "ci_failure", "ci_cancelled", "ci_skipped", "ci_duration_n", "ci_pairs", "ci_flaky", "ci_negative", "ci_queue_n"))
    .$call((t) => minutes(t, "ci_duration_median", "ci_queue_median"))
    .$call((t) => count(t, "incidents", "restore_n", "unresolved", "incident_negative", "ack_n"))
    .$call((t) => minutes(t, "restore_median", "ack_median"))
    .$call((t) => count(t, "alerts", "noise", "noise_marked", "noise_auto", "noise_repeat", "fix_n"))
    .$call((t) => minutes(t, "fix_median"))
    .addPrimaryKeyConstraint("rollup_team_week_pk", ["team_id", "week_start"])
    .execute();
  await db.schema
    .createTable("rollup_person_week")
    .addColumn("person", "text", (c) => c.notNull())
    .addColumn("week_start", "bigint", (c) => c.notNull())
    .$call((t) => count(t, "on_call", "business", "off_hours", "sleep", "merged", "zone_unknown", "emails", "acks_orphan", "acks_negative"))
    .addColumn("engaged_minutes", "double precision", (c) => c.notNull().defaultTo(0))
    .$call((t) =>
      ["alerts", "incidents", "pipeline", "deployments", "ops_changes", "changes"].reduce(
        (b, category) =>
          b.addColumn(`${category}_minutes`, "double precision", (c) => c.notNull().defaultTo(0)).addColumn(`${category}_count`, "integer", (c) => c.notNull().defaultTo(0)),
        t,
      ),
    )
    .addPrimaryKeyConstraint("rollup_person_week_pk", ["person", "week_start"])
    .execute();

  // Lookups the deriver makes on the records: runs of a sha (pipeline toil), acknowledgements of
  // an incident, incidents by id alone (pages and acknowledgements name incidents without a source).
  await db.schema.createIndex("ci_runs_sha").on("ci_runs").column("sha").execute();
  await db.schema.createIndex("acknowledgements_incident").on("acknowledgements").column("incident_id").execute();
  await db.schema.createIndex("incidents_id").on("incidents").column("id").execute();
  await db.schema.createIndex("pages_incident").on("pages").column("incident_id").execute();

  // The row memo it served is gone: reads are projections of facts now.
  await db.schema.dropTable("data_versions").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("data_versions").ifNotExists().addColumn("kind", "text", (c) => c.primaryKey()).addColumn("version", "bigint", (c) => c.notNull()).execute();
  for (const index of ["pages_incident", "incidents_id", "acknowledgements_incident", "ci_runs_sha"]) await db.schema.dropIndex(index).ifExists().execute();
  for (const table of [
    "rollup_person_week",
    "rollup_team_week",
    "fact_ledger",
    "fact_interruptions",
    "fact_ci_runs",
    "fact_alerts",
    "fact_incidents",
    "fact_deploy_links",
    "fact_team_deploys",
    "fact_changes",
    "fact_deploys",
    "team_versions",
    "fact_identities",
    "derive_state",
    "derive_queue",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
