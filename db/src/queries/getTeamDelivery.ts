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
  // Commit lists are read by joining their parent on its (source, id) key with the same repo
  // and time filter as the parent query: one indexed statement per chunk of repos, instead of
  // an IN-list of thousands of ids. Incidents naming a deployment (as cause or fix) are found
  // the same way, on any service.
  const [deploymentRows, changeRows, serviceIncidentRows, deploymentCommitRows, changeCommitRows, namingRows] = await Promise.all([
    inChunks(team.repos, (chunk) =>
      db.selectFrom("deployments").selectAll().where("repo", "in", chunk).where("finished_at", ">=", early).where("finished_at", "<", late).execute(),
    ),
    inChunks(team.repos, (chunk) =>
      db.selectFrom("changes").selectAll().where("repo", "in", chunk).where("merged_at", ">=", early).where("merged_at", "<", window.to).execute(),
    ),
    inChunks(team.services, (chunk) =>
      db.selectFrom("incidents").selectAll().where("service", "in", chunk).where("created_at", ">=", window.from).where("created_at", "<", late).execute(),
    ),
    inChunks(team.repos, (chunk) =>
      db
        .selectFrom("deployment_commits as dc")
        .innerJoin("deployments as d", (j) => j.onRef("d.source", "=", "dc.source").onRef("d.id", "=", "dc.deployment_id"))
        .select(["dc.source as source", "dc.deployment_id as owner", "dc.sha as sha"])
        .where("d.repo", "in", chunk)
        .where("d.finished_at", ">=", early)
        .where("d.finished_at", "<", late)
        .execute(),
    ),
    inChunks(options.changeCommits === false ? [] : team.repos, (chunk) =>
      db
        .selectFrom("change_commits as cc")
        .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "cc.source").onRef("c.id", "=", "cc.change_id"))
        .select(["cc.source as source", "cc.change_id as owner", "cc.sha as sha"])
        .where("c.repo", "in", chunk)
        .where("c.merged_at", ">=", early)
        .where("c.merged_at", "<", window.to)
        .execute(),
    ),
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
      .map((r) => deploymentFromRow(r, deploymentCommits(r.source, r.id) ?? []))
      .sort(byTime((d) => d.finishedAt, (d) => d.source, (d) => d.id)),
    changes: changeRows
      .map((r) => changeFromRow(r, changeCommits(r.source, r.id) ?? []))
      .sort(byTime((c) => c.mergedAt, (c) => c.source, (c) => c.id)),
    incidents: [...incidents.values()].sort(byTime((i) => i.createdAt, (i) => i.source, (i) => i.id)),
  };
}
