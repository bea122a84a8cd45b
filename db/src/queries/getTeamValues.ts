import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/**
 * The values whose medians and percentiles do not compose over weeks, for a window: one narrow
 * column each, read through the (repo|team|service, time) indexes — lead-time parts of the
 * counted changes deployed in it, recovery minutes of the failed deployments in it, time to
 * restore and to acknowledge of the incidents created in it.
 */
export async function getTeamValues(
  db: Db,
  team: { id: string; repos: readonly string[]; services: readonly string[] },
  from: EpochMs,
  to: EpochMs,
): Promise<{
  lead: { total: number | null; coding: number | null; pickup: number | null; review: number | null; deploy: number | null }[];
  recovery: number[];
  incidents: { restore: number | null; ack: number | null }[];
}> {
  const [lead, recovery, incidents] = await Promise.all([
    inChunks(team.repos, (repos) =>
      db
        .selectFrom("fact_changes")
        .select(["total_minutes as total", "coding_minutes as coding", "pickup_minutes as pickup", "review_minutes as review", "deploy_minutes as deploy"])
        .where("repo", "in", repos)
        .where("deployed_at", ">=", from)
        .where("deployed_at", "<", to)
        .where("excluded", "is", null)
        .execute(),
    ),
    db
      .selectFrom("fact_team_deploys")
      .select("recovery_minutes")
      .where("team_id", "=", team.id)
      .where("deployed_at", ">=", from)
      .where("deployed_at", "<", to)
      .where("failed", "=", 1)
      .where("recovery_minutes", "is not", null)
      .execute(),
    inChunks(team.services, (services) =>
      db.selectFrom("fact_incidents").select(["restore_minutes as restore", "ack_minutes as ack"]).where("service", "in", services).where("created_at", ">=", from).where("created_at", "<", to).execute(),
    ),
  ]);
  return { lead, recovery: recovery.map((r) => r.recovery_minutes ?? 0), incidents };
}
