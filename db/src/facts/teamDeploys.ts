/** The deriver's reads and writes of a team's classified deployments (`fact_team_deploys`, `fact_deploy_links`). */
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { TeamDeployFact } from "./model.ts";
import { teamDeployFactToRow } from "./rows.ts";

/**
 * Replace a team's deployment facts deployed in [from, to] with `facts`, and the incident links
 * of those deployments (each fact's charged incidents and `fixes`: incident ids naming it as fix).
 */
export async function replaceTeamDeployFacts(db: Db, teamId: string, from: EpochMs, to: EpochMs, facts: readonly TeamDeployFact[], fixes: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const old = await db.selectFrom("fact_team_deploys").select(["source", "id"]).where("team_id", "=", teamId).where("deployed_at", ">=", from).where("deployed_at", "<=", to).execute();
  for (const part of chunk(old.map((o) => o.id), 1000)) {
    await db.deleteFrom("fact_deploy_links").where("team_id", "=", teamId).where("deploy_id", "in", part).execute();
  }
  await db.deleteFrom("fact_team_deploys").where("team_id", "=", teamId).where("deployed_at", ">=", from).where("deployed_at", "<=", to).execute();
  await upsertRows(db, "fact_team_deploys", ["team_id", "source", "id"], facts.map(teamDeployFactToRow));
  const links = facts.flatMap((f) => {
    const ids = new Set<string>([...f.failures.flatMap((c) => (c.reason === "rollback" ? [] : [c.incidentId])), ...(fixes.get(f.id) ?? [])]);
    return [...ids].map((incident_id) => ({ team_id: teamId, deploy_source: f.source, deploy_id: f.id, incident_id }));
  });
  await upsertRows(db, "fact_deploy_links", ["team_id", "deploy_source", "deploy_id", "incident_id"], links);
}

/** Where incidents are linked now: the team deployments charged with them (or fixed by them), with when they were deployed. */
export async function getDeployLinksOfIncidents(db: Db, incidentIds: readonly string[]): Promise<{ teamId: string; deployedAt: EpochMs }[]> {
  const rows = await inChunks(incidentIds, (ids) =>
    db
      .selectFrom("fact_deploy_links as l")
      .innerJoin("fact_team_deploys as d", (j) => j.onRef("d.team_id", "=", "l.team_id").onRef("d.source", "=", "l.deploy_source").onRef("d.id", "=", "l.deploy_id"))
      .select(["l.team_id as team", "d.deployed_at as at"])
      .where("l.incident_id", "in", ids)
      .execute(),
  );
  return rows.map((r) => ({ teamId: r.team, deployedAt: r.at }));
}

export async function deleteTeamFacts(db: Db, teamId: string): Promise<void> {
  await db.deleteFrom("fact_deploy_links").where("team_id", "=", teamId).execute();
  await db.deleteFrom("fact_team_deploys").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_week").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_week_values").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_day").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_day_values").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_ledger_week").where("team_id", "=", teamId).execute();
  await db.deleteFrom("rollup_team_ledger_day").where("team_id", "=", teamId).execute();
}

/** Teams that have facts but no longer exist (their rows go). */
export async function getTeamsWithFacts(db: Db): Promise<string[]> {
  const [a, b, c] = await Promise.all([
    db.selectFrom("fact_team_deploys").select("team_id").distinct().execute(),
    db.selectFrom("rollup_team_week").select("team_id").distinct().execute(),
    db.selectFrom("rollup_team_ledger_week").select("team_id").distinct().execute(),
  ]);
  return [...new Set([...a, ...b, ...c].map((r) => r.team_id))];
}
