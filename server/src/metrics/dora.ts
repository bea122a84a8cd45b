/** DORA five keys (DESIGN.md "What each number means"). */
import type { Change, Deployment, Incident } from "@opsledger/db";
import { Notes, plural } from "./notes.ts";
import type { MetricSettings } from "./settings.ts";
import {
  DAY,
  HOUR,
  WEEK,
  calendarMonths,
  inWindow,
  isNegative,
  isoWeeks,
  lastAtOrBefore,
  median,
  percentile,
  spanMinutes,
  utcDate,
} from "./stats.ts";
import type {
  ChangeLeadTime,
  ClassifiedDeployment,
  DoraInput,
  DoraResult,
  FailureCause,
  FailureReason,
  LeadTimePart,
  ReworkReason,
  Tier,
  Window,
} from "./types.ts";

const byDeployedAt = (a: Deployment, b: Deployment): number =>
  a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Production deployments that can ship changes, per repo, in deployment order. Rollbacks are left
 * out: they re-deploy code that was already shipped, so they must not claim a change by time.
 */
function shippingDeploymentsByRepo(deployments: Deployment[], settings: MetricSettings): Map<string, Deployment[]> {
  const byRepo = new Map<string, Deployment[]>();
  for (const d of deployments) {
    if (d.rollback || !settings.isProduction(d)) continue;
    const list = byRepo.get(d.repo);
    if (list) list.push(d);
    else byRepo.set(d.repo, [d]);
  }
  for (const list of byRepo.values()) list.sort(byDeployedAt);
  return byRepo;
}

interface RepoIndex {
  deployments: Deployment[];
  /** sha → index of the earliest deployment whose commit list contains it. */
  firstBySha: Map<string, number>;
  /** i → index of the first deployment at or after i without a commit list (deployments.length when none). */
  nextWithoutCommits: number[];
}

function indexRepo(deployments: Deployment[]): RepoIndex {
  const firstBySha = new Map<string, number>();
  deployments.forEach((d, i) => {
    for (const sha of d.commits ?? []) if (!firstBySha.has(sha)) firstBySha.set(sha, i);
  });
  const nextWithoutCommits = new Array<number>(deployments.length + 1).fill(deployments.length);
  for (let i = deployments.length - 1; i >= 0; i--) {
    nextWithoutCommits[i] = deployments[i]?.commits === null ? i : (nextWithoutCommits[i + 1] ?? deployments.length);
  }
  return { deployments, firstBySha, nextWithoutCommits };
}

/**
 * Walking the repo's production deployments in order, the first one that shipped the change:
 * one whose commit list holds the merge sha or one of the change's shas (a squash merge is found
 * by its merge sha), or — when a deployment at or after the merge has no commit list, so it may
 * have shipped it — that one, attributed by time. A deployment whose commit list lacks the change
 * proves it did not ship it and is passed over.
 */
function attributeOne(change: Change, repo: RepoIndex | undefined): { deployment: Deployment; attribution: "commits" | "time" } | null {
  if (!repo) return null;
  let byCommits = repo.firstBySha.get(change.mergeSha) ?? Number.POSITIVE_INFINITY;
  for (const sha of change.commits) {
    const i = repo.firstBySha.get(sha);
    if (i !== undefined && i < byCommits) byCommits = i;
  }
  const firstAfterMerge = lastAtOrBefore(repo.deployments, change.mergedAt - 1, (d) => d.finishedAt) + 1;
  const byTime = repo.nextWithoutCommits[firstAfterMerge] ?? repo.deployments.length;
  if (byCommits <= byTime) {
    const d = repo.deployments[byCommits];
    return d ? { deployment: d, attribution: "commits" } : null;
  }
  const d = repo.deployments[byTime];
  return d ? { deployment: d, attribution: "time" } : null;
}

/**
 * Each change with its attributed production deployment and lead-time parts (minutes).
 * Bot changes (when settings.excludeBots) and drafts are still attributed, but marked `excluded`.
 */
export function attributeChanges(changes: Change[], deployments: Deployment[], settings: MetricSettings): ChangeLeadTime[] {
  const repos = new Map<string, RepoIndex>();
  for (const [repo, list] of shippingDeploymentsByRepo(deployments, settings)) repos.set(repo, indexRepo(list));
  return changes.map((change) => {
    const hit = attributeOne(change, repos.get(change.repo));
    const deployedAt = hit ? hit.deployment.finishedAt : null;
    const start = change.firstCommitAt ?? change.createdAt;
    // Checked in place rather than through a list of spans: this runs for every change of a team.
    const negativeSpans: LeadTimePart[] = [];
    if (isNegative(change.firstCommitAt, change.createdAt)) negativeSpans.push("coding");
    if (isNegative(change.createdAt, change.firstReviewAt)) negativeSpans.push("pickup");
    if (isNegative(change.firstReviewAt, change.mergedAt)) negativeSpans.push("review");
    if (isNegative(change.mergedAt, deployedAt)) negativeSpans.push("deploy");
    if (isNegative(start, deployedAt)) negativeSpans.push("total");
    return {
      change,
      excluded: settings.excludeBots && change.bot ? "bot" : change.draft ? "draft" : null,
      deploymentId: hit ? hit.deployment.id : null,
      deployedAt,
      attribution: hit ? hit.attribution : null,
      codingMinutes: spanMinutes(change.firstCommitAt, change.createdAt),
      pickupMinutes: spanMinutes(change.createdAt, change.firstReviewAt),
      reviewMinutes: spanMinutes(change.firstReviewAt, change.mergedAt),
      deployMinutes: spanMinutes(change.mergedAt, deployedAt),
      totalMinutes: spanMinutes(start, deployedAt),
      negativeSpans,
    };
  });
}

const matchesRework = (change: Change, settings: MetricSettings): boolean =>
  settings.reworkPatterns.some(
    (p) => change.labels.some((l) => p.test(l)) || (change.title !== null && p.test(change.title)),
  );

export interface Classification {
  deployments: ClassifiedDeployment[];
  changes: ChangeLeadTime[];
  teamIncidents: Incident[];
}

interface KeptClassification {
  changes: Change[];
  incidents: Incident[];
  repos: string[];
  services: string[];
  /** The repo → services mapping, serialised (it is small, and compared only on a cache hit). */
  repoServices: string;
  settings: MetricSettings;
  result: Classification;
}

/**
 * The last classification of each deployments array. A window's delivery rows are fetched once
 * and shared, never mutated, by DORA, four weekly series and the drill-down
 * (services/rowMemo.ts), so the same arrays with the same team and settings classify the same;
 * callers treat the result as read-only too. Keyed weakly: it goes when the rows go.
 */
const kept = new WeakMap<Deployment[], KeptClassification>();

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Deployments and changes classified once, for callers that bucket them (weekly series, drill-down). */
export function classify(input: DoraInput, settings: MetricSettings): Classification {
  const k = kept.get(input.deployments);
  if (
    k !== undefined &&
    k.changes === input.changes &&
    k.incidents === input.incidents &&
    k.settings === settings &&
    sameList(k.repos, input.team.repos) &&
    sameList(k.services, input.team.services) &&
    k.repoServices === JSON.stringify(input.team.repoServices ?? {})
  ) {
    return k.result;
  }
  const result = classifyRows(input, settings);
  kept.set(input.deployments, {
    changes: input.changes,
    incidents: input.incidents,
    repos: [...input.team.repos],
    services: [...input.team.services],
    repoServices: JSON.stringify(input.team.repoServices ?? {}),
    settings,
    result,
  });
  return result;
}

/**
 * Per service of the team, the production deployments (in order) that run it: those of repos
 * mapped to it, and those of every repo without a mapping (which runs every service of the team).
 * The failure window charges an incident on a service only to the latest of these before it.
 */
function deploymentsByService(prod: Deployment[], services: ReadonlySet<string>, repoServices: Readonly<Record<string, readonly string[]>>): Map<string, Deployment[]> {
  const byService = new Map<string, Deployment[]>();
  if (Object.keys(repoServices).length === 0) {
    for (const service of services) byService.set(service, prod);
    return byService;
  }
  for (const service of services) byService.set(service, []);
  for (const d of prod) {
    for (const service of Object.hasOwn(repoServices, d.repo) ? (repoServices[d.repo] ?? []) : services) byService.get(service)?.push(d);
  }
  return byService;
}

function classifyRows(input: DoraInput, settings: MetricSettings): Classification {
  const repos = new Set(input.team.repos);
  const services = new Set(input.team.services);
  const teamDeployments = input.deployments.filter((d) => repos.has(d.repo));
  const prod = teamDeployments.filter((d) => settings.isProduction(d)).sort(byDeployedAt);
  const changes = attributeChanges(
    input.changes.filter((c) => repos.has(c.repo)),
    teamDeployments,
    settings,
  );

  const changeIds = new Map<string, string[]>();
  const fixChange = new Set<string>();
  for (const c of changes) {
    if (c.deploymentId === null) continue;
    const ids = changeIds.get(c.deploymentId) ?? [];
    ids.push(c.change.id);
    changeIds.set(c.deploymentId, ids);
    // One fix change marks the deployment; its other changes need no pattern test.
    if (!fixChange.has(c.deploymentId) && matchesRework(c.change, settings)) fixChange.add(c.deploymentId);
  }

  const prodIds = new Set(prod.map((d) => d.id));
  const repoServices = input.team.repoServices ?? {};
  const byService = deploymentsByService(prod, services, repoServices);
  const charged = new Map<string, { incident: Incident; cause: FailureCause }[]>();
  const charge = (deploymentId: string, incident: Incident, cause: FailureCause): void => {
    const list = charged.get(deploymentId) ?? [];
    list.push({ incident, cause });
    charged.set(deploymentId, list);
  };
  const failureWindow = settings.failureWindowHours * HOUR;
  const incidents = [...input.incidents].sort((a, b) => a.createdAt - b.createdAt);
  for (const incident of incidents) {
    if (incident.deploymentId !== null) {
      // Named: charged there, and never to a deployment by time (even one of another team).
      if (prodIds.has(incident.deploymentId)) charge(incident.deploymentId, incident, { reason: "incident", incidentId: incident.id, service: incident.service });
      continue;
    }
    const candidates = byService.get(incident.service);
    if (candidates === undefined) continue;
    // The latest deployment running the incident's service at or before it: a later one "came first".
    const d = candidates[lastAtOrBefore(candidates, incident.createdAt, (c) => c.finishedAt)];
    if (d && incident.createdAt - d.finishedAt < failureWindow) {
      charge(d.id, incident, {
        reason: "incident_window",
        incidentId: incident.id,
        service: incident.service,
        minutesAfter: (incident.createdAt - d.finishedAt) / 60_000,
        scope: Object.hasOwn(repoServices, d.repo) ? "repo_services" : "team_services",
      });
    }
  }

  const fixedBy = new Set(input.incidents.flatMap((i) => (i.fixDeploymentId === null ? [] : [i.fixDeploymentId])));
  const rolledBackBy = new Map<string, string>();
  const nextInRepo = new Map<string, Deployment>();
  const lastInRepo = new Map<string, Deployment>();
  for (const d of prod) {
    const previous = lastInRepo.get(d.repo);
    if (previous) {
      nextInRepo.set(previous.id, d);
      if (d.rollback && !rolledBackBy.has(previous.id)) rolledBackBy.set(previous.id, d.id);
    }
    lastInRepo.set(d.repo, d);
  }

  const classified = prod.map((d): ClassifiedDeployment => {
    const hits = charged.get(d.id) ?? [];
    const rollback = rolledBackBy.get(d.id) ?? null;
    const failedBecause: FailureReason[] = [];
    for (const reason of ["incident", "rollback", "incident_window"] as const) {
      if (reason === "rollback" ? rollback !== null : hits.some((h) => h.cause.reason === reason)) failedBecause.push(reason);
    }
    const failures: FailureCause[] = hits.map((h) => h.cause);
    if (rollback !== null) failures.push({ reason: "rollback", rolledBackBy: rollback });
    const failed = failedBecause.length > 0;

    let recoveryMinutes: number | null = null;
    let recoveryNote: ClassifiedDeployment["recoveryNote"] = null;
    if (failed) {
      let recoveredAt: number | null = null;
      if (hits.length > 0) {
        const resolved = hits.flatMap((h) => (h.incident.resolvedAt === null ? [] : [h.incident.resolvedAt]));
        recoveredAt = resolved.length > 0 ? Math.min(...resolved) : null;
      } else {
        recoveredAt = nextInRepo.get(d.id)?.finishedAt ?? null;
      }
      recoveryMinutes = spanMinutes(d.finishedAt, recoveredAt);
      if (recoveryMinutes === null) recoveryNote = recoveredAt === null ? "unrecovered" : "negative_span";
    }

    const reworkBecause: ReworkReason[] = [];
    if (d.rollback) reworkBecause.push("rollback");
    if (fixChange.has(d.id)) reworkBecause.push("fix_change");
    if (fixedBy.has(d.id)) reworkBecause.push("incident_fix");

    return {
      deployment: d,
      deployedAt: d.finishedAt,
      failed,
      failedBecause,
      incidentIds: hits.map((h) => h.incident.id),
      failures,
      rolledBackBy: rollback,
      recoveryMinutes,
      recoveryNote,
      rework: reworkBecause.length > 0,
      reworkBecause,
      changeIds: changeIds.get(d.id) ?? [],
    };
  });

  return {
    deployments: classified,
    changes,
    teamIncidents: input.incidents.filter((i) => services.has(i.service)),
  };
}

/**
 * Each production deployment of the team's repos (every one given, not only the window's), in
 * deployment order, with its failure (incidents charged, rollback) and rework classification.
 */
export function classifyDeployments(input: DoraInput, settings: MetricSettings): ClassifiedDeployment[] {
  return classify(input, settings).deployments;
}

/** Each change of the team's repos with its attributed production deployment and lead-time parts (classify's changes). */
export function classifyChanges(input: DoraInput, settings: MetricSettings): ChangeLeadTime[] {
  return classify(input, settings).changes;
}

/** Distinct UTC days with a deployment, per period; the median over periods (empty ones count as 0). */
function medianDeployDays(instants: number[], periods: { from: number; to: number }[]): number | null {
  return median(periods.map((p) => new Set(instants.filter((t) => t >= p.from && t < p.to).map(utcDate)).size));
}

/**
 * DORA for a window: deployment frequency (per week), lead time (minutes), change failure rate
 * (fraction), failed deployment recovery time (minutes), time to restore (minutes), rework rate
 * (fraction), each with the count behind it and DORA 2023 tiers; null where there is no data.
 */
export function computeDora(input: DoraInput, window: Window, settings: MetricSettings): DoraResult {
  const notes = new Notes();
  const { deployments, changes, teamIncidents } = classify(input, settings);
  const inWin = deployments.filter((d) => inWindow(d.deployedAt, window));
  const total = inWin.length;

  // Deployment frequency.
  const instants = inWin.map((d) => d.deployedAt);
  const weeks = (window.to - window.from) / WEEK;
  const perWeek = total > 0 && weeks > 0 ? total / weeks : null;
  const deployDaysPerWeekMedian = total > 0 ? medianDeployDays(instants, isoWeeks(window)) : null;
  const deployDaysPerMonthMedian = total > 0 ? medianDeployDays(instants, calendarMonths(window)) : null;

  // Lead time: changes whose attributed deployment is in the window.
  const deployedInWin = changes.filter((c) => c.deployedAt !== null && inWindow(c.deployedAt, window));
  const counted = deployedInWin.filter((c) => c.excluded === null);
  const totals = counted.flatMap((c) => (c.totalMinutes === null ? [] : [c.totalMinutes]));
  const part = (pick: (c: ChangeLeadTime) => number | null): number | null =>
    median(counted.flatMap((c) => {
      const v = pick(c);
      return v === null ? [] : [v];
    }));
  const leadMedian = median(totals);
  notes.add(
    "bot_changes_excluded",
    deployedInWin.filter((c) => c.excluded === "bot").length,
    "bot changes deployed in the window are left out of lead time",
  );
  notes.add(
    "draft_changes_excluded",
    deployedInWin.filter((c) => c.excluded === "draft").length,
    "changes still flagged as draft when merged are left out of lead time",
  );
  notes.add(
    "attributed_by_time",
    counted.filter((c) => c.attribution === "time").length,
    "changes attributed to the first production deployment after their merge, which had no commit list",
  );
  const neverDeployed = changes.filter((c) => c.excluded === null && c.deploymentId === null && inWindow(c.change.mergedAt, window));
  notes.add(
    "changes_never_deployed",
    neverDeployed.length,
    `${plural(neverDeployed.length, "change")} merged in the window with no production deployment shipping it yet; left out of lead time`,
  );
  notes.add(
    "negative_span_clock_skew",
    counted.filter((c) => c.negativeSpans.length > 0).length,
    "changes with a negative lead-time span (clock skew); that part is left empty, not 0",
  );

  // Change failure and recovery.
  const failedInWin = inWin.filter((d) => d.failed);
  const recoveries = failedInWin.flatMap((d) => (d.recoveryMinutes === null ? [] : [d.recoveryMinutes]));
  notes.add(
    "failed_deployments_unrecovered",
    failedInWin.filter((d) => d.recoveryNote === "unrecovered").length,
    "failed deployments whose incident is not resolved yet; left out of recovery time",
  );
  notes.add(
    "negative_span_clock_skew",
    failedInWin.filter((d) => d.recoveryNote === "negative_span").length,
    "failed deployments recovered before they finished (clock skew); left out of recovery time",
  );
  const recoveryMedian = median(recoveries);
  const rate = total > 0 ? failedInWin.length / total : null;

  // Time to restore: every team incident created in the window.
  const created = teamIncidents.filter((i) => inWindow(i.createdAt, window));
  const restore = created.flatMap((i) => {
    const m = spanMinutes(i.createdAt, i.resolvedAt);
    return m === null ? [] : [m];
  });
  notes.add(
    "incidents_unresolved",
    created.filter((i) => i.resolvedAt === null).length,
    "incidents created in the window and not resolved; left out of time to restore",
  );
  notes.add(
    "negative_span_clock_skew",
    created.filter((i) => isNegative(i.createdAt, i.resolvedAt)).length,
    "incidents resolved before they were created (clock skew); left out of time to restore",
  );

  const reworked = inWin.filter((d) => d.rework).length;
  return {
    deploymentFrequency: {
      perWeek,
      deployDaysPerWeekMedian,
      deployDaysPerMonthMedian,
      count: total,
      tier: deploymentFrequencyTier(deployDaysPerWeekMedian, deployDaysPerMonthMedian),
    },
    leadTime: {
      medianMinutes: leadMedian,
      p90Minutes: percentile(totals, 90),
      count: totals.length,
      breakdown: {
        codingMinutes: part((c) => c.codingMinutes),
        pickupMinutes: part((c) => c.pickupMinutes),
        reviewMinutes: part((c) => c.reviewMinutes),
        deployMinutes: part((c) => c.deployMinutes),
      },
      tier: leadTimeTier(leadMedian),
    },
    changeFailureRate: { rate, failed: failedInWin.length, total, tier: changeFailureTier(rate) },
    recoveryTime: { medianMinutes: recoveryMedian, count: recoveries.length, tier: recoveryTimeTier(recoveryMedian) },
    timeToRestore: { medianMinutes: median(restore), count: restore.length },
    reworkRate: { rate: total > 0 ? reworked / total : null, reworked, total },
    notes: notes.list,
  };
}

/** Elite ≥ 5 deploy days a week, high ≥ 1 a week, medium ≥ 1 a month, else low (median days). */
export const deploymentFrequencyTier = (deployDaysPerWeekMedian: number | null, deployDaysPerMonthMedian: number | null): Tier => {
  if (deployDaysPerWeekMedian === null) return null;
  if (deployDaysPerWeekMedian >= 5) return "elite";
  if (deployDaysPerWeekMedian >= 1) return "high";
  if (deployDaysPerMonthMedian !== null && deployDaysPerMonthMedian >= 1) return "medium";
  return "low";
};

/** Elite < 1 day, high < 7 days, medium < 30 days, else low (median minutes). */
export const leadTimeTier = (medianMinutes: number | null): Tier => {
  if (medianMinutes === null) return null;
  const ms = medianMinutes * 60_000;
  return ms < DAY ? "elite" : ms < 7 * DAY ? "high" : ms < 30 * DAY ? "medium" : "low";
};

/** Elite ≤ 5%, high ≤ 10%, medium ≤ 15%, else low. */
export const changeFailureTier = (rate: number | null): Tier => {
  if (rate === null) return null;
  return rate <= 0.05 ? "elite" : rate <= 0.1 ? "high" : rate <= 0.15 ? "medium" : "low";
};

/** Elite < 1 hour, high < 1 day, medium < 7 days, else low (median minutes). */
export const recoveryTimeTier = (medianMinutes: number | null): Tier => {
  if (medianMinutes === null) return null;
  const ms = medianMinutes * 60_000;
  return ms < HOUR ? "elite" : ms < DAY ? "high" : ms < 7 * DAY ? "medium" : "low";
};
