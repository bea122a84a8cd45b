/**
 * Idempotent upserts of normalized records by their natural key (DESIGN.md "Storage"):
 * writing the same batch twice leaves the same rows. A batch is written in one transaction,
 * so it lands whole or not at all.
 */
import type { Insertable, Transaction } from "kysely";
import type { Db } from "../connection.ts";
import { deleteChildrenQuery, upsertQueries } from "../dialect.ts";
import { bumpDataVersions } from "../queries/dataVersions.ts";
import type { NormalizedRecord, RecordKind } from "../model.ts";
import {
  acknowledgementToRow,
  alertToRow,
  changeToRow,
  ciRunToRow,
  committerToRow,
  deploymentToRow,
  incidentToRow,
  pageToRow,
  personToRow,
  shiftToRow,
} from "../rows.ts";
import type { Database } from "../schema.ts";

type Table = keyof Database;
type Column<T extends Table> = keyof Database[T] & string;
type Executor = Db | Transaction<Database>;

export type WriteCounts = Partial<Record<RecordKind, number>>;

/** Write a batch of records in one transaction; returns how many records of each kind it held. */
export async function writeRecords(db: Db, records: readonly NormalizedRecord[]): Promise<WriteCounts> {
  if (records.length === 0) return {};
  return db.transaction().execute((trx) => writeRecordsIn(trx, records));
}

/** The same as `writeRecords`, inside a transaction the caller owns (collectors: rows + cursor together). */
export async function writeRecordsIn(trx: Executor, records: readonly NormalizedRecord[]): Promise<WriteCounts> {
  const byKind = groupByKind(records);
  const counts: WriteCounts = {};
  for (const [kind, list] of byKind) counts[kind] = list.length;

  const teams = pick(byKind, "team");
  await upsertRows(
    trx,
    "teams",
    ["id"],
    teams.map((t) => ({ id: t.id, source: t.source, name: t.name, compliance: JSON.stringify(t.compliance) })),
  );
  const teamIds = teams.map((t) => t.id);
  await replaceChildren(trx, "team_members", "team_id", teamIds, teams.flatMap((t) => t.members.map((person_id) => ({ team_id: t.id, person_id }))));
  await replaceChildren(trx, "team_repos", "team_id", teamIds, teams.flatMap((t) => t.repos.map((repo) => ({ team_id: t.id, repo }))));
  await replaceChildren(trx, "team_services", "team_id", teamIds, teams.flatMap((t) => t.services.map((service) => ({ team_id: t.id, service }))));
  await replaceChildren(
    trx,
    "team_repo_services",
    "team_id",
    teamIds,
    teams.flatMap((t) => Object.entries(t.repoServices).flatMap(([repo, services]) => services.map((service) => ({ team_id: t.id, repo, service })))),
  );

  await upsertRows(trx, "people", ["id"], pick(byKind, "person").map(personToRow));

  const deployments = pick(byKind, "deployment");
  await upsertRows(trx, "deployments", ["source", "id"], deployments.map(deploymentToRow));
  await replaceSourcedChildren(
    trx,
    "deployment_commits",
    "deployment_id",
    deployments,
    deployments.flatMap((d) => (d.commits ?? []).map((sha) => ({ source: d.source, deployment_id: d.id, sha }))),
    "sha",
  );

  const changes = pick(byKind, "change");
  await upsertRows(trx, "changes", ["source", "id"], changes.map(changeToRow));
  await replaceSourcedChildren(
    trx,
    "change_commits",
    "change_id",
    changes,
    changes.flatMap((c) => c.commits.map((sha) => ({ source: c.source, change_id: c.id, sha }))),
    "sha",
  );
  await replaceSourcedChildren(
    trx,
    "change_files",
    "change_id",
    changes,
    changes.flatMap((c) => (c.files ?? []).map((path) => ({ source: c.source, change_id: c.id, path }))),
    "path",
  );

  await upsertRows(trx, "ci_runs", ["source", "id"], pick(byKind, "ci_run").map(ciRunToRow));
  await upsertRows(trx, "incidents", ["source", "id"], pick(byKind, "incident").map(incidentToRow));
  await upsertRows(trx, "alerts", ["source", "id"], pick(byKind, "alert").map(alertToRow));
  await upsertRows(trx, "pages", ["source", "id"], pick(byKind, "page").map(pageToRow));
  await upsertRows(trx, "oncall_shifts", ["source", "person", "schedule", "level", "start_at"], pick(byKind, "oncall_shift").map(shiftToRow));
  await upsertRows(trx, "acknowledgements", ["source", "incident_id", "person", "at"], pick(byKind, "acknowledgement").map(acknowledgementToRow));
  await upsertRows(trx, "committers", ["source", "repo", "login"], pick(byKind, "committer").map(committerToRow));
  await bumpDataVersions(trx, [...byKind.keys()]);
  return counts;
}

type RecordOf<K extends RecordKind> = Extract<NormalizedRecord, { kind: K }>;

function groupByKind(records: readonly NormalizedRecord[]): Map<RecordKind, NormalizedRecord[]> {
  const groups = new Map<RecordKind, NormalizedRecord[]>();
  for (const record of records) {
    const list = groups.get(record.kind);
    if (list) list.push(record);
    else groups.set(record.kind, [record]);
  }
  return groups;
}

function pick<K extends RecordKind>(groups: Map<RecordKind, NormalizedRecord[]>, kind: K): RecordOf<K>[] {
  return (groups.get(kind) ?? []) as RecordOf<K>[];
}

function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Multi-row upsert. Rows repeating a key within the batch collapse to the last one first:
 * Postgres refuses to update the same row twice in one statement.
 */
async function upsertRows<T extends Table>(
  trx: Executor,
  table: T,
  keys: Column<T>[],
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const byKey = new Map<string, Insertable<Database[T]>>();
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    byKey.set(keys.length === 1 ? String(values[keys[0] as string]) : keys.map((k) => String(values[k])).join("\u0000"), row);
  }
  const unique = byKey.size === rows.length ? rows : [...byKey.values()];
  for (const query of upsertQueries(trx, table, keys, unique as Record<string, unknown>[])) await trx.executeQuery(query);
}

/** Replace the child rows of the given parents (team lists keyed by team id alone). */
async function replaceChildren<T extends "team_members" | "team_repos" | "team_services" | "team_repo_services">(
  trx: Executor,
  table: T,
  parentColumn: "team_id",
  parentIds: string[],
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (const ids of chunk([...new Set(parentIds)], 1000)) {
    // The team tables share the team_id column; Kysely cannot see that through the union.
    await trx.deleteFrom(table as "team_members").where(parentColumn, "in", ids).execute();
  }
  await upsertRows(trx, table, Object.keys(rows[0] ?? {}) as Column<T>[], rows);
}

/** Replace the child rows (shipped commits, change commits, changed files) of parents keyed by (source, id). */
async function replaceSourcedChildren<T extends "deployment_commits" | "change_commits" | "change_files">(
  trx: Executor,
  table: T,
  parentColumn: Column<T>,
  parents: { source: string; id: string }[],
  rows: Insertable<Database[T]>[],
  valueColumn: Column<T>,
): Promise<void> {
  const idsBySource = new Map<string, string[]>();
  for (const p of parents) {
    const ids = idsBySource.get(p.source);
    if (ids) ids.push(p.id);
    else idsBySource.set(p.source, [p.id]);
  }
  for (const [source, ids] of idsBySource) {
    await trx.executeQuery(deleteChildrenQuery(trx, table, parentColumn, source, [...new Set(ids)]));
  }
  await upsertRows(trx, table, ["source", parentColumn, valueColumn], rows);
}
