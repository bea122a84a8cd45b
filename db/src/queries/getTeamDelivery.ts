import type { Db } from "../connection.ts";
import type { Change, Deployment, Incident, Team } from "../model.ts";
import { changeFromRow, deploymentFromRow, incidentFromRow } from "../rows.ts";
import { byTime, groupShas, inChunks, sourceKey, type ActivityWindow } from "./readHelpers.ts";

export interface TeamDelivery {
  /** Deployments of the team's repos finished in [from − lookback, to + lookahead), any environment and status. */
  deployments: Deployment[];
  /** Changes of the team's repos merged in [from − lookback, to), with their commits. */
  changes: Change[];
  /**
   * Incidents of the team's services created in [from, to + lookahead), plus incidents on any
   * service that name one of `deployments` as their cause or their fix.
   */
  incidents: Incident[];
}

export interface TeamDeliveryOptions {
  /**
   * Fetch each change's own commit list (default true). Lead-time attribution needs it; callers
   * that only look at who merged what (the team-size signal) skip the biggest table, and get
   * changes with `commits: []`.
   */
  changeCommits?: boolean;
}

/** The rows DORA needs for one team (DESIGN.md "Lead time", "Change failure rate", "Rework rate"). */
export async function getTeamDelivery(
  db: Db,
  team: Pick<Team, "repos" | "services">,
  window: ActivityWindow,
  options: TeamDeliveryOptions = {},
): Promise<TeamDelivery> {
  const early = window.from - window.lookbackMs;
  const late = window.to + window.lookaheadMs;
  const [deploymentRows, changeRows, serviceIncidentRows] = await Promise.all([
    inChunks(team.repos, (chunk) =>
      db.selectFrom("deployments").selectAll().where("repo", "in", chunk).where("finished_at", ">=", early).where("finished_at", "<", late).execute(),
    ),
    inChunks(team.repos, (chunk) =>
      db.selectFrom("changes").selectAll().where("repo", "in", chunk).where("merged_at", ">=", early).where("merged_at", "<", window.to).execute(),
    ),
    inChunks(team.services, (chunk) =>
      db.selectFrom("incidents").selectAll().where("service", "in", chunk).where("created_at", ">=", window.from).where("created_at", "<", late).execute(),
    ),
  ]);
  // Commit rows are keyed (source, owner id, sha): naming the sources lets both dialects use
  // that primary key instead of scanning the whole table once per chunk.
  const deploymentSources = [...new Set(deploymentRows.map((d) => d.source))];
  const changeSources = [...new Set(changeRows.map((c) => c.source))];
  const [deploymentCommitRows, changeCommitRows, namingRows] = await Promise.all([
    inChunks(
      deploymentRows.map((d) => d.id),
      (chunk) =>
        db
          .selectFrom("deployment_commits")
          .select(["source", "deployment_id as owner", "sha"])
          .where("source", "in", deploymentSources)
          .where("deployment_id", "in", chunk)
          .execute(),
    ),
    inChunks(
      options.changeCommits === false ? [] : changeRows.map((c) => c.id),
      (chunk) =>
        db
          .selectFrom("change_commits")
          .select(["source", "change_id as owner", "sha"])
          .where("source", "in", changeSources)
          .where("change_id", "in", chunk)
          .execute(),
    ),
    // Incidents on any service naming one of these deployments as cause or fix: one statement
    // with the deployments as a subquery, rather than an IN-list per chunk of ids.
    inChunks(team.repos, (chunk) => {
      const teamDeploymentIds = db
        .selectFrom("deployments")
        .select("id")
        .where("repo", "in", chunk)
        .where("finished_at", ">=", early)
        .where("finished_at", "<", late);
      return db
        .selectFrom("incidents")
        .selectAll()
        .where((eb) => eb.or([eb("deployment_id", "in", teamDeploymentIds), eb("fix_deployment_id", "in", teamDeploymentIds)]))
        .execute();
    }),
  ]);
  const deploymentCommits = groupShas(deploymentCommitRows);
  const changeCommits = groupShas(changeCommitRows);
  const incidents = new Map<string, Incident>();
  for (const r of [...serviceIncidentRows, ...namingRows]) incidents.set(sourceKey(r.source, r.id), incidentFromRow(r));
  return {
    deployments: deploymentRows
      .map((r) => deploymentFromRow(r, deploymentCommits.get(sourceKey(r.source, r.id)) ?? []))
      .sort(byTime((d) => d.finishedAt, (d) => d.source, (d) => d.id)),
    changes: changeRows
      .map((r) => changeFromRow(r, changeCommits.get(sourceKey(r.source, r.id)) ?? []))
      .sort(byTime((c) => c.mergedAt, (c) => c.source, (c) => c.id)),
    incidents: [...incidents.values()].sort(byTime((i) => i.createdAt, (i) => i.source, (i) => i.id)),
  };
}
