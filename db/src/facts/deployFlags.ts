/** The deriver's reads and writes of what the maturity scorecard asks of each production deployment (`fact_deploy_flags`). */
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { upsertRows } from "../writes/upsert.ts";

/** Every successful deployment of a repo, any environment: the runs a staging pattern is matched against. */
export async function getSuccessfulRunsOfRepo(db: Db, repo: string): Promise<{ environment: string; sha: string; at: EpochMs }[]> {
  const rows = await db.selectFrom("deployments").select(["environment", "sha", "finished_at"]).where("repo", "=", repo).where("status", "=", "success").execute();
  return rows.map((r) => ({ environment: r.environment, sha: r.sha, at: Number(r.finished_at) }));
}

export interface DeployFlags {
  source: string;
  id: string;
  deployedAt: EpochMs;
  rollback: boolean;
  trigger: string | null;
  creator: string | null;
  untraced: boolean;
  stagedAt: EpochMs | null;
  redeploySince: EpochMs | null;
}

/** Replace a repo's flags whole: each deployment's depends on the repo's others. */
export async function replaceDeployFlagsOfRepo(db: Db, repo: string, flags: readonly DeployFlags[]): Promise<void> {
  await db.deleteFrom("fact_deploy_flags").where("repo", "=", repo).execute();
  await upsertRows(
    db,
    "fact_deploy_flags",
    ["source", "id"],
    flags.map((f) => ({
      source: f.source,
      id: f.id,
      repo,
      deployed_at: f.deployedAt,
      rollback: f.rollback ? 1 : 0,
      trigger: f.trigger,
      creator: f.creator,
      untraced: f.untraced ? 1 : 0,
      staged_at: f.stagedAt,
      redeploy_since: f.redeploySince,
    })),
  );
}
