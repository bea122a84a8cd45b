/**
 * Records and classifications to facts (docs/decisions/0012): the rows the read model stores, one
 * per classified thing, made by the same functions the figures are defined with. Pure.
 */
import type { ChangeFact, DeployFact, Deployment, Incident, IncidentFact, TeamDeployFact } from "@opsledger/db";
import { environmentKey } from "@opsledger/db/environment";
import type { MetricSettings } from "./settings.ts";
import { spanMinutes } from "./stats.ts";
import type { ChangeLeadTime, ClassifiedDeployment } from "./types.ts";

/** The production deployment fact of a deployment record; null when it is not a production deployment. */
export function deployFact(d: Deployment, settings: MetricSettings): DeployFact | null {
  if (!settings.isProduction(d)) return null;
  return {
    source: d.source,
    id: d.id,
    repo: d.repo,
    environment: environmentKey(d.environment),
    sha: d.sha,
    deployedAt: d.finishedAt,
    rollback: d.rollback,
    hasCommitList: d.commits !== null,
    creator: d.creator,
    trigger: d.trigger,
  };
}

/**
 * A production deployment as the DORA functions take it, from its fact: what attribution and
 * classification read (time, repo, rollback, whether it listed its commits) and nothing else.
 * `commits`: the shas of its list the caller needs (empty when it has a list), null when it has none.
 */
export function deploymentOfFact(f: DeployFact, commits: string[] | null): Deployment {
  return {
    source: f.source,
    id: f.id,
    repo: f.repo,
    environment: f.environment,
    status: "success",
    startedAt: null,
    finishedAt: f.deployedAt,
    sha: f.sha,
    commits: f.hasCommitList ? (commits ?? []) : null,
    rollback: f.rollback,
    url: null,
    creator: f.creator,
    trigger: f.trigger,
  };
}

/** The fact of one attributed change; `opsFraction` from the ledger's ops patterns. */
export function changeFact(c: ChangeLeadTime, startedAt: number, fix: boolean, opsFraction: number, deploymentSource: string | null): ChangeFact {
  return {
    source: c.change.source,
    id: c.change.id,
    repo: c.change.repo,
    author: c.change.author,
    mergedAt: c.change.mergedAt,
    startedAt,
    excluded: c.excluded,
    fix,
    opsFraction,
    deploymentSource: c.deploymentId === null ? null : deploymentSource,
    deploymentId: c.deploymentId,
    deployedAt: c.deployedAt,
    attribution: c.attribution,
    codingMinutes: c.codingMinutes,
    pickupMinutes: c.pickupMinutes,
    reviewMinutes: c.reviewMinutes,
    deployMinutes: c.deployMinutes,
    totalMinutes: c.totalMinutes,
    negative: c.negativeSpans.length > 0,
  };
}

export const teamDeployFact = (teamId: string, d: ClassifiedDeployment): TeamDeployFact => ({
  teamId,
  source: d.deployment.source,
  id: d.deployment.id,
  repo: d.deployment.repo,
  deployedAt: d.deployedAt,
  failed: d.failed,
  failures: d.failures,
  rolledBackBy: d.rolledBackBy,
  recoveryMinutes: d.recoveryMinutes,
  recoveryNote: d.recoveryNote,
  rework: d.rework,
  reworkBecause: d.reworkBecause,
  changeIds: d.changeIds,
});

/**
 * An incident's fact. First acknowledgement: the earlier of the incident's own acknowledgement
 * time and the first acknowledgement row of anyone (`firstAckRow`).
 */
export function incidentFact(i: Incident, firstAckRow: number | null): IncidentFact {
  const firstAckAt = i.acknowledgedAt === null ? firstAckRow : firstAckRow === null ? i.acknowledgedAt : Math.min(firstAckRow, i.acknowledgedAt);
  const restoreMinutes = spanMinutes(i.createdAt, i.resolvedAt);
  const ackMinutes = spanMinutes(i.createdAt, firstAckAt);
  return {
    source: i.source,
    id: i.id,
    service: i.service,
    createdAt: i.createdAt,
    resolvedAt: i.resolvedAt,
    firstAckAt,
    restoreMinutes,
    ackMinutes,
    negative: (i.resolvedAt !== null && restoreMinutes === null) || (firstAckAt !== null && ackMinutes === null),
  };
}
