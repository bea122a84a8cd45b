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
   * Which of each change's own commits to fetch (default true: all of them). `"deployed"`: only
   * the shas that also appear in the commit list of one of the returned deployments — all that
   * lead-time attribution can use (it looks a change's shas up in those lists), read without
   * the biggest table's other rows. `false`: none; callers that
   * only look at who merged what (the team-size signal) get changes with `commits: []`.
   */
  changeCommits?: boolean | "deployed";
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
    inChunks(options.changeCommits === false || options.changeCommits === "deployed" ? [] : team.repos, (chunk) =>
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
  const changeCommits = groupShas(options.changeCommits === "deployed" ? await deployedChangeCommits(db, changeRows, deploymentCommitRows) : changeCommitRows);
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

/**
 * The commits of `changes` whose sha is in one of the deployment commit lists: looked up by sha
 * (an index probe per listed sha), so the changes' other commits are never read. Planners join
 * the two commit tables in the wrong order when asked in one statement (SQLite pairs every change
 * with every deployment), so the shas go as chunked IN-lists and the owners are checked here.
 */
async function deployedChangeCommits(
  db: Db,
  changes: readonly { source: string; id: string }[],
  deploymentCommits: readonly { sha: string }[],
): Promise<{ source: string; owner: string; sha: string }[]> {
  if (changes.length === 0) return [];
  const rows = await inChunks(
    deploymentCommits.map((r) => r.sha),
    (chunk) => db.selectFrom("change_commits").select(["source", "change_id as owner", "sha"]).where("sha", "in", chunk).execute(),
  );
  const owners = new Map<string, Set<string>>();
  for (const c of changes) {
    const ids = owners.get(c.source);
    if (ids) ids.add(c.id);
    else owners.set(c.source, new Set([c.id]));
  }
  return rows.filter((r) => owners.get(r.source)?.has(r.owner) === true);
}
