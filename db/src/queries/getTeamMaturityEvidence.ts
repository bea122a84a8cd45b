import type { Db } from "../connection.ts";
import type { DeploymentTrigger, EpochMs, MaturityDeclaration, RepoPractice, Team } from "../model.ts";
import { maturityDeclarationFromRow, repoPracticeFromRow } from "../rows.ts";
import { byTime, inChunks } from "./readHelpers.ts";

/** A successful deployment as the maturity checks read it (any environment: staging shows parity). */
export interface MaturityDeployRow {
  source: string;
  id: string;
  repo: string;
  environment: string;
  sha: string;
  finishedAt: EpochMs;
  rollback: boolean;
  trigger: DeploymentTrigger | null;
  creator: string | null;
  hasCommitList: boolean;
  url: string | null;
}

export interface TeamMaturityEvidence {
  /** The newest observation of each team repo at or before `to`; repos never observed are absent. */
  practices: RepoPractice[];
  /** Successful deployments of the team's repos finished in [from, to). */
  deploys: MaturityDeployRow[];
  /** Changes merged into the team's repos in [from, to). */
  changes: { repo: string; number: number; bot: boolean; mergedAt: EpochMs; firstReviewAt: EpochMs | null; url: string | null }[];
  /** Incidents on the team's services opened in [from, to). */
  incidents: { id: string; service: string; url: string | null }[];
  /** Alerts on the team's services created in [from, to). */
  alerts: number;
  /** Any incident or alert is stored for the team's services, at any time: a paging source feeds them. */
  pagingRecords: boolean;
  /** The team's declarations made before `to`, oldest first. */
  declarations: MaturityDeclaration[];
}

/** Everything the maturity scorecard reads of one team over [from, to). */
export async function getTeamMaturityEvidence(db: Db, team: Pick<Team, "id" | "repos" | "services">, window: { from: EpochMs; to: EpochMs }): Promise<TeamMaturityEvidence> {
  const { from, to } = window;
  const [practiceRows, deployRows, changeRows, incidentRows, alertRows, anyIncident, anyAlert, declarationRows] = await Promise.all([
    inChunks(team.repos, (repos) => db.selectFrom("repo_practices").selectAll().where("repo", "in", repos).where("observed_at", "<", to).execute()),
    inChunks(team.repos, (repos) =>
      db
        .selectFrom("deployments")
        .select(["source", "id", "repo", "environment", "sha", "finished_at", "rollback", "trigger", "creator", "has_commit_list", "url"])
        .where("repo", "in", repos)
        .where("status", "=", "success")
        .where("finished_at", ">=", from)
        .where("finished_at", "<", to)
        .execute(),
    ),
    inChunks(team.repos, (repos) =>
      db
        .selectFrom("changes")
        .select(["repo", "number", "bot", "merged_at", "first_review_at", "url"])
        .where("repo", "in", repos)
        .where("merged_at", ">=", from)
        .where("merged_at", "<", to)
        .execute(),
    ),
    inChunks(team.services, (services) => db.selectFrom("incidents").select(["id", "service", "url", "created_at"]).where("service", "in", services).where("created_at", ">=", from).where("created_at", "<", to).execute()),
    inChunks(team.services, (services) =>
      db
        .selectFrom("alerts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("service", "in", services)
        .where("created_at", ">=", from)
        .where("created_at", "<", to)
        .execute(),
    ),
    inChunks(team.services, (services) => db.selectFrom("incidents").select("id").where("service", "in", services).limit(1).execute()),
    inChunks(team.services, (services) => db.selectFrom("alerts").select("id").where("service", "in", services).limit(1).execute()),
    db.selectFrom("maturity_declarations").selectAll().where("team_id", "=", team.id).where("at", "<", to).execute(),
  ]);
  const newest = new Map<string, RepoPractice>();
  for (const p of practiceRows.map(repoPracticeFromRow).sort(byTime((x) => x.observedAt, (x) => x.source, (x) => x.repo))) newest.set(p.repo, p);
  return {
    practices: team.repos.flatMap((repo) => newest.get(repo) ?? []),
    deploys: deployRows
      .map((r): MaturityDeployRow => ({
        source: r.source,
        id: r.id,
        repo: r.repo,
        environment: r.environment,
        sha: r.sha,
        finishedAt: r.finished_at,
        rollback: r.rollback === 1,
        trigger: r.trigger === "manual" || r.trigger === "automatic" ? r.trigger : null,
        creator: r.creator,
        hasCommitList: r.has_commit_list === 1,
        url: r.url,
      }))
      .sort(byTime((d) => d.finishedAt, (d) => d.source, (d) => d.id)),
    changes: changeRows
      .map((r) => ({ repo: r.repo, number: r.number, bot: r.bot === 1, mergedAt: r.merged_at, firstReviewAt: r.first_review_at, url: r.url }))
      .sort(byTime((c) => c.mergedAt, (c) => c.repo, (c) => String(c.number))),
    incidents: incidentRows.sort(byTime((i) => i.created_at, (i) => i.id)).map((i) => ({ id: i.id, service: i.service, url: i.url })),
    alerts: alertRows.reduce((sum, r) => sum + Number(r.n), 0),
    pagingRecords: anyIncident.length > 0 || anyAlert.length > 0,
    declarations: declarationRows.map(maturityDeclarationFromRow).sort(byTime((d) => d.at, (d) => d.source, (d) => d.practice)),
  };
}
