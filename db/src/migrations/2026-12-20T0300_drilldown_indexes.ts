// Frozen: never edit a migration that has shipped; add a new one. Imports no app code.
import { PostgresAdapter, sql, type Kysely } from "kysely";

/*
 * Indexes for the drill-downs (issue 11): a page of records is the newest facts first, ordered by
 * time and then by id (by code unit), and its total counts the same facts. Each "newest" index
 * holds the facts in exactly that order with the columns that pick a team's facts, so the first
 * pages of a team that holds many of the newest facts are read by walking it and stopping after
 * the page, with no sort. A count, and a small team's page, read a (member, time) index: narrow
 * ones, because a count reads every entry of the team's range (fact_ci_runs_stats holds the same
 * rows, but its entries are three times as wide). On Postgres the ids are in the "C" collation, the one the queries
 * order by (`byCodeUnit`): an index in another collation would not give that order.
 * A change is listed at the time it was deployed, or merged when nothing deployed it.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const INDEXES: readonly [name: string, table: string, columns: readonly string[]][] = [
  ["fact_team_deploys_newest", "fact_team_deploys", ["team_id", "deployed_at desc", "id:text", "source:text", "failed", "rework", "repo"]],
  ["fact_changes_newest", "fact_changes", ['coalesce("deployed_at", "merged_at") desc', "id:text", "source:text", "repo"]],
  ["fact_changes_repo_landed", "fact_changes", ["repo", 'coalesce("deployed_at", "merged_at")']],
  ["fact_incidents_newest", "fact_incidents", ["created_at desc", "id:text", "source:text", "service"]],
  ["fact_alerts_newest", "fact_alerts", ["created_at desc", "id:text", "source:text", "service"]],
  ["fact_interruptions_newest", "fact_interruptions", ["at desc", "page_id:text", "source:text", "person"]],
  ["fact_ci_runs_newest", "fact_ci_runs", ["started_at desc", "id:text", "source:text", "repo"]],
  ["fact_ci_runs_repo_time", "fact_ci_runs", ["repo", "started_at"]],
  ["fact_ledger_newest", "fact_ledger", ["at desc", "record_id:text", "person:text", "category:text", "record_kind:text", "record_source:text"]],
  ["fact_ledger_person_items", "fact_ledger", ["person", "at", "category", "record_id", "record_kind", "record_source"]],
];

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // "name desc" and expressions as written; "name:text" is a text column in the order byCodeUnit gives.
  const column = (c: string): string => {
    if (c.includes("(")) return c;
    const [name = c, rest] = c.split(/[: ]/);
    if (c.endsWith(":text")) return postgres ? `"${name}" collate "C"` : `"${name}"`;
    return rest === "desc" ? `"${name}" desc` : `"${name}"`;
  };
  for (const [name, table, columns] of INDEXES) await sql.raw(`create index "${name}" on "${table}" (${columns.map(column).join(", ")})`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).ifExists().execute();
}
