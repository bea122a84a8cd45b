/** The deriver's reads and writes of production deployment facts (`fact_deploys`). */
import type { Db } from "../connection.ts";
import type { Deployment, EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { deploymentFromRow } from "../rows.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { DeployFact } from "./model.ts";
import { OR_KEYS_PER_STATEMENT, byKeys, type SourcedKey } from "./keys.ts";
import { deployFactFromRow, deployFactToRow } from "./rows.ts";

/** Deployment records by key, without their commit lists (facts need only whether they have one). */
export async function getDeploymentsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<Deployment[]> {
  const rows = await byKeys(keys, (ids) => db.selectFrom("deployments").selectAll().where("id", "in", ids).execute());
  return rows.map((r) => deploymentFromRow(r, []));
}

export async function getDeploymentsOfRepo(db: Db, repo: string): Promise<Deployment[]> {
  const rows = await db.selectFrom("deployments").selectAll().where("repo", "=", repo).execute();
  return rows.map((r) => deploymentFromRow(r, []));
}

export async function getDeployFactsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<DeployFact[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("fact_deploys").selectAll().where("id", "in", ids).execute())).map(deployFactFromRow);
}

/** Production deployment facts by id alone (incidents name deployments without a source). */
export async function getDeployFactsByIds(db: Db, ids: readonly string[]): Promise<DeployFact[]> {
  return (await inChunks(ids, (chunk) => db.selectFrom("fact_deploys").selectAll().where("id", "in", chunk).execute())).map(deployFactFromRow);
}

/** Replace the facts of these deployments: delete what was there, insert what they are now. */
export async function replaceDeployFacts(db: Db, keys: readonly SourcedKey[], facts: readonly DeployFact[]): Promise<void> {
  for (const part of chunk(keys, OR_KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom("fact_deploys")
      .where((eb) => eb.or(part.map((k) => eb.and([eb("source", "=", k.source), eb("id", "=", k.id)]))))
      .execute();
  }
  await upsertRows(db, "fact_deploys", ["source", "id"], facts.map(deployFactToRow));
}

export async function replaceDeployFactsOfRepo(db: Db, repo: string, facts: readonly DeployFact[]): Promise<void> {
  await db.deleteFrom("fact_deploys").where("repo", "=", repo).execute();
  await upsertRows(db, "fact_deploys", ["source", "id"], facts.map(deployFactToRow));
}

/** Every production deployment of a repo, in deployment order. */
export async function getRepoDeployFacts(db: Db, repo: string): Promise<DeployFact[]> {
  const rows = await db.selectFrom("fact_deploys").selectAll().where("repo", "=", repo).orderBy("deployed_at").execute();
  return rows.map(deployFactFromRow).sort((a, b) => a.deployedAt - b.deployedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Production deployments of some repos with deployed_at in [from, to). */
export async function getDeployFactsBetween(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<DeployFact[]> {
  const rows = await inChunks(repos, (chunk) => db.selectFrom("fact_deploys").selectAll().where("repo", "in", chunk).where("deployed_at", ">=", from).where("deployed_at", "<", to).execute());
  return rows.map(deployFactFromRow);
}

/**
 * How many production deployments of some repos went where in [from, to), and how many of them at
 * or after `recentFrom`: the signals' figures without the deployments' ids (the org summary and
 * the report show figures, not the records behind them). Counted in SQL through an index.
 */
export async function getDeployPlaceCounts(
  db: Db,
  repos: readonly string[],
  from: EpochMs,
  to: EpochMs,
  recentFrom: EpochMs,
): Promise<{ repo: string; environment: string; count: number; recent: number }[]> {
  const rows = await inChunks(repos, (chunk) =>
    db
      .selectFrom("fact_deploys")
      .select((eb) => ["repo", "environment", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>(eb.case().when("deployed_at", ">=", recentFrom).then(1).else(0).end()).as("recent")])
      .where("repo", "in", chunk)
      .where("deployed_at", ">=", from)
      .where("deployed_at", "<", to)
      .groupBy(["repo", "environment"])
      .execute(),
  );
  return rows.map((r) => ({ repo: r.repo, environment: r.environment, count: Number(r.n), recent: Number(r.recent) }));
}

/** What the signals read of the production deployments of some repos in [from, to): which, where and when, not whole facts. */
export async function getDeployPlacesBetween(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<Pick<DeployFact, "id" | "repo" | "environment" | "deployedAt">[]> {
  const rows = await inChunks(repos, (chunk) =>
    db.selectFrom("fact_deploys").select(["id", "repo", "environment", "deployed_at"]).where("repo", "in", chunk).where("deployed_at", ">=", from).where("deployed_at", "<", to).execute(),
  );
  return rows.map((r) => ({ id: r.id, repo: r.repo, environment: r.environment, deployedAt: Number(r.deployed_at) }));
}

/** The first production deployment of a repo at or after `at`, if any. */
export async function getFirstDeployFactFrom(db: Db, repo: string, at: EpochMs): Promise<DeployFact | null> {
  const row = await db.selectFrom("fact_deploys").selectAll().where("repo", "=", repo).where("deployed_at", ">=", at).orderBy("deployed_at").orderBy("id").limit(1).executeTakeFirst();
  return row === undefined ? null : deployFactFromRow(row);
}

/** When the latest production deployment of a repo before `at` was; null when none. */
export async function getPreviousDeployTime(db: Db, repo: string, at: EpochMs, onlyShippingWithoutList = false): Promise<EpochMs | null> {
  let query = db.selectFrom("fact_deploys").select((eb) => eb.fn.max<number>("deployed_at").as("t")).where("repo", "=", repo).where("deployed_at", "<", at);
  if (onlyShippingWithoutList) query = query.where("rollback", "=", 0).where("has_commit_list", "=", 0);
  const row = await query.executeTakeFirst();
  return row?.t === null || row?.t === undefined ? null : Number(row.t);
}

/** The shas listed by some deployments. */
export async function getDeploymentCommitShas(db: Db, keys: readonly SourcedKey[]): Promise<string[]> {
  const rows = await byKeys(
    keys.map((k) => k),
    (ids) => db.selectFrom("deployment_commits").select(["source", "deployment_id as id", "sha"]).where("deployment_id", "in", ids).execute(),
  );
  return [...new Set(rows.map((r) => r.sha))];
}

/** Which deployments (source, id) list which of these shas. */
export async function getDeploymentCommitsForShas(db: Db, shas: readonly string[]): Promise<{ source: string; deploymentId: string; sha: string }[]> {
  const rows = await inChunks(shas, (chunk) => db.selectFrom("deployment_commits").select(["source", "deployment_id", "sha"]).where("sha", "in", chunk).execute());
  return rows.map((r) => ({ source: r.source, deploymentId: r.deployment_id, sha: r.sha }));
}

/** The commit lists of a repo's production deployments. */
export async function getDeploymentCommitsOfRepo(db: Db, repo: string): Promise<{ source: string; deploymentId: string; sha: string }[]> {
  const rows = await db
    .selectFrom("deployment_commits as dc")
    .innerJoin("fact_deploys as d", (j) => j.onRef("d.source", "=", "dc.source").onRef("d.id", "=", "dc.deployment_id"))
    .select(["dc.source as source", "dc.deployment_id as deployment_id", "dc.sha as sha"])
    .where("d.repo", "=", repo)
    .execute();
  return rows.map((r) => ({ source: r.source, deploymentId: r.deployment_id, sha: r.sha }));
}
