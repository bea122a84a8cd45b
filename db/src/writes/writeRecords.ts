/**
 * Idempotent upserts of normalized records by their natural key (DESIGN.md "Storage"):
 * writing the same batch twice leaves the same rows. A batch is written in one transaction,
 * so it lands whole or not at all, together with the queue rows that tell the deriver which
 * keys it touched (queries/deriveQueue.ts). Teams and people are queued only when they changed:
 * the configuration writes them at every start, and a team's facts are derived from scratch.
 */
import type { Insertable, Transaction } from "kysely";
import type { Db } from "../connection.ts";
import { deleteChildrenQuery } from "../dialect.ts";
import { chunk, upsertRows, type Column } from "./upsert.ts";
import { enqueueTouched, touchedKey } from "../queries/deriveQueue.ts";
import { getTeams } from "../queries/getTeams.ts";
import { COMPARE_UP_TO, unchangedRecords } from "./unchanged.ts";
import { inChunks } from "../queries/readHelpers.ts";
import type { NormalizedRecord, RecordKind } from "../model.ts";
import {
  acknowledgementToRow,
  alertToRow,
  changeToRow,
  ciRunToRow,
  committerToRow,
  repoPracticeToRow,
  maturityDeclarationToRow,
  deploymentToRow,
  incidentToRow,
  pageToRow,
  personToRow,
  shiftToRow,
} from "../rows.ts";
import type { Database } from "../schema.ts";

type Executor = Db | Transaction<Database>;

/**
 * The natural key each record table upserts on (its primary key): the one statement of it for
 * every writer of these tables, and for the benchmark's bare-driver floor (bench/support).
 */
export const RECORD_KEYS = {
  people: ["id"],
  deployments: ["source", "id"],
  changes: ["source", "id"],
  ci_runs: ["source", "id"],
  incidents: ["source", "id"],
  alerts: ["source", "id"],
  pages: ["source", "id"],
  oncall_shifts: ["source", "person", "schedule", "level", "start_at"],
  acknowledgements: ["source", "incident_id", "person", "at"],
  committers: ["source", "repo", "login"],
  repo_practices: ["source", "repo", "observed_on"],
  maturity_declarations: ["source", "team_id", "practice", "at"],
} as const satisfies { [T in keyof Database]?: readonly (keyof Database[T] & string)[] };

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
  const changedTeams = await changedTeamsOf(trx, teams);
  const changedPeople = await changedPeopleOf(trx, pick(byKind, "person"));
  // Read before the upserts overwrite them: what a small batch leaves as it was needs no deriving.
  const unchanged = new Map<RecordKind, Set<NormalizedRecord>>();
  if (records.length <= COMPARE_UP_TO) for (const [kind, list] of byKind) unchanged.set(kind, await unchangedRecords(trx, kind, list));
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

  await upsertRows(trx, "people", RECORD_KEYS.people, pick(byKind, "person").map(personToRow));

  const deployments = pick(byKind, "deployment");
  await upsertRows(trx, "deployments", RECORD_KEYS.deployments, deployments.map(deploymentToRow));
  await replaceSourcedChildren(
    trx,
    "deployment_commits",
    "deployment_id",
    deployments,
    deployments.flatMap((d) => (d.commits ?? []).map((sha) => ({ source: d.source, deployment_id: d.id, sha }))),
    "sha",
  );

  const changes = pick(byKind, "change");
  await upsertRows(trx, "changes", RECORD_KEYS.changes, changes.map(changeToRow));
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

  await upsertRows(trx, "ci_runs", RECORD_KEYS.ci_runs, pick(byKind, "ci_run").map(ciRunToRow));
  await upsertRows(trx, "incidents", RECORD_KEYS.incidents, pick(byKind, "incident").map(incidentToRow));
  await upsertRows(trx, "alerts", RECORD_KEYS.alerts, pick(byKind, "alert").map(alertToRow));
  await upsertRows(trx, "pages", RECORD_KEYS.pages, pick(byKind, "page").map(pageToRow));
  await upsertRows(trx, "oncall_shifts", RECORD_KEYS.oncall_shifts, pick(byKind, "oncall_shift").map(shiftToRow));
  await upsertRows(trx, "acknowledgements", RECORD_KEYS.acknowledgements, pick(byKind, "acknowledgement").map(acknowledgementToRow));
  await upsertRows(trx, "committers", RECORD_KEYS.committers, pick(byKind, "committer").map(committerToRow));
  await upsertRows(trx, "repo_practices", RECORD_KEYS.repo_practices, pick(byKind, "repo_practice").map(repoPracticeToRow));
  await upsertRows(trx, "maturity_declarations", RECORD_KEYS.maturity_declarations, pick(byKind, "maturity_declaration").map(maturityDeclarationToRow));
  const now = Date.now();
  for (const [kind, list] of byKind) {
    const same = unchanged.get(kind);
    const touched = kind === "team" ? changedTeams : kind === "person" ? changedPeople : same === undefined ? list : list.filter((r) => !same.has(r));
    await enqueueTouched(trx, kind, touched.map(touchedKey), now);
  }
  return counts;
}

const canonicalTeam = (t: Pick<RecordOf<"team">, "name" | "members" | "repos" | "services" | "repoServices" | "compliance">): string =>
  JSON.stringify([
    t.name,
    [...new Set(t.members)].sort(),
    [...new Set(t.repos)].sort(),
    [...new Set(t.services)].sort(),
    Object.entries(t.repoServices)
      .map(([repo, services]) => [repo, [...new Set(services)].sort()] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    [...t.compliance].sort(),
  ]);

/** The teams of the batch that are new or differ from what is stored (the last of each id wins, as in the upsert). */
async function changedTeamsOf(trx: Executor, teams: RecordOf<"team">[]): Promise<RecordOf<"team">[]> {
  if (teams.length === 0) return [];
  const stored = new Map((await getTeams(trx)).map((t) => [t.id, canonicalTeam(t)]));
  const last = new Map(teams.map((t) => [t.id, t]));
  return [...last.values()].filter((t) => stored.get(t.id) !== canonicalTeam(t));
}

/** The people of the batch that are new or differ from what is stored. */
async function changedPeopleOf(trx: Executor, people: RecordOf<"person">[]): Promise<RecordOf<"person">[]> {
  if (people.length === 0) return [];
  const last = new Map(people.map((p) => [p.id, p]));
  const stored = new Map(
    (await inChunks([...last.keys()], (ids) => trx.selectFrom("people").selectAll().where("id", "in", ids).execute())).map((r) => [r.id, JSON.stringify(personToRow({ ...r }))]),
  );
  return [...last.values()].filter((p) => stored.get(p.id) !== JSON.stringify(personToRow(p)));
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
