/** The deriver's reads and writes of CI run facts (`fact_ci_runs`): runs are classified per (repo, workflow, sha) pair. */
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { CiRun } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { ciRunFromRow } from "../rows.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { CiRunFact } from "./model.ts";
import { OR_KEYS_PER_STATEMENT, byKeys, type SourcedKey } from "./keys.ts";
import { ciRunFactFromRow, ciRunFactToRow } from "./rows.ts";

export interface CiPair {
  repo: string;
  workflow: string;
  sha: string;
}

export async function getCiRunsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<CiRun[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("ci_runs").selectAll().where("id", "in", ids).execute())).map(ciRunFromRow);
}

export async function getCiFactsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<CiRunFact[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("fact_ci_runs").selectAll().where("id", "in", ids).execute())).map(ciRunFactFromRow);
}

const pairKey = (p: CiPair): string => `${p.repo}\u0000${p.workflow}\u0000${p.sha}`;

/** Every run of these pairs (found by sha, checked for repo and workflow here). */
export async function getRunsOfPairs(db: Db, pairs: readonly CiPair[]): Promise<CiRun[]> {
  const wanted = new Set(pairs.map(pairKey));
  const rows = await inChunks(
    pairs.map((p) => p.sha),
    (shas) => db.selectFrom("ci_runs").selectAll().where("sha", "in", shas).execute(),
  );
  return rows.filter((r) => wanted.has(pairKey(r))).map(ciRunFromRow);
}

export async function getRunsOfRepo(db: Db, repo: string): Promise<CiRun[]> {
  return (await db.selectFrom("ci_runs").selectAll().where("repo", "=", repo).execute()).map(ciRunFromRow);
}

/** Replace the facts of every run of these pairs. */
export async function replaceCiFactsOfPairs(db: Db, pairs: readonly CiPair[], facts: readonly CiRunFact[]): Promise<void> {
  const wanted = new Set(pairs.map(pairKey));
  const existing = await inChunks(
    pairs.map((p) => p.sha),
    (shas) => db.selectFrom("fact_ci_runs").select(["source", "id", "repo", "workflow", "sha"]).where("sha", "in", shas).execute(),
  );
  const stale = existing.filter((r) => wanted.has(pairKey(r)));
  for (const part of chunk(stale, OR_KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom("fact_ci_runs")
      .where((eb) => eb.or(part.map((k) => eb.and([eb("source", "=", k.source), eb("id", "=", k.id)]))))
      .execute();
  }
  await upsertRows(db, "fact_ci_runs", ["source", "id"], facts.map(ciRunFactToRow));
}

export async function replaceCiFactsOfRepo(db: Db, repo: string, facts: readonly CiRunFact[]): Promise<void> {
  await db.deleteFrom("fact_ci_runs").where("repo", "=", repo).execute();
  await upsertRows(db, "fact_ci_runs", ["source", "id"], facts.map(ciRunFactToRow));
}

/** A repo's run facts started in [from, to): what its CI workflow weeks are made of again. */
export async function getRepoCiFactsBetween(db: Db, repo: string, from: EpochMs, to: EpochMs): Promise<CiRunFact[]> {
  return (await db.selectFrom("fact_ci_runs").selectAll().where("repo", "=", repo).where("started_at", ">=", from).where("started_at", "<", to).execute()).map(ciRunFactFromRow);
}

/** Runs on any of these shas, or triggered by one of these logins. */
export async function getRunKeys(db: Db, filter: { shas?: readonly string[]; triggeredBy?: readonly string[] }): Promise<SourcedKey[]> {
  const [bySha, byActor] = await Promise.all([
    inChunks(filter.shas ?? [], (shas) => db.selectFrom("ci_runs").select(["source", "id"]).where("sha", "in", shas).execute()),
    inChunks(filter.triggeredBy ?? [], (logins) => db.selectFrom("ci_runs").select(["source", "id"]).where("triggered_by", "in", logins).execute()),
  ]);
  return [...bySha, ...byActor];
}
