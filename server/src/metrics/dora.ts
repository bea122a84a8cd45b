/** DORA five keys (DESIGN.md "What each number means"). */
import type { Change, ChangeFact, Deployment, Incident, IncidentFact, TeamDeployFact, TeamWeek } from "@opsledger/db";
import { changeFact, incidentFact, teamDeployFact } from "./facts.ts";
import { daysIn, popcount, sumWeeks, weeksOfWindow } from "./weeks.ts";
import { Notes, plural } from "./notes.ts";
import type { MetricSettings, TierMinimums } from "./settings.ts";
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
  medianOf,
  ordered,
  percentileOf,
  spanMinutes,
  utcDate,
  type Ordered,
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
  TeamScope,
  Tier,
  Window,
} from "./types.ts";

const byDeployedAt = (a: Deployment, b: Deployment): number =>
  a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Production deployments that can ship changes, per repo, in deployment order. Rollbacks are left
 * out: they re-deploy code that was already shipped, so they must not claim a change by time.
 */
export function shippingDeploymentsByRepo(deployments: readonly Deployment[], settings: MetricSettings): Map<string, Deployment[]> {
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
export function attributeChanges(changes: readonly Change[], deployments: readonly Deployment[], settings: MetricSettings): ChangeLeadTime[] {
  return attributeToShipping(changes, shippingDeploymentsByRepo(deployments, settings), settings);
}

/**
 * Start of work on a change: the earlier of its first commit and its creation. A change cannot be
 * opened before its first commit exists, so a later first commit is rewritten history (a rebase
 * or an amended commit) and creation is the better start. Creation alone when the first commit
 * is unknown.
 */
export const workStartedAt = (change: Pick<Change, "firstCommitAt" | "createdAt">): number =>
  change.firstCommitAt === null ? change.createdAt : Math.min(change.firstCommitAt, change.createdAt);

/**
 * `attributeChanges` on production deployments already picked: per repo, the shipping ones in
 * deployment order (`shippingDeploymentsByRepo`). The deriver passes the commit lists only as far
 * as the changes at hand need them (their own shas), which attributes them the same.
 */
export function attributeToShipping(changes: readonly Change[], shipping: ReadonlyMap<string, Deployment[]>, settings: MetricSettings): ChangeLeadTime[] {
  const repos = new Map<string, RepoIndex>();
  for (const [repo, list] of shipping) repos.set(repo, indexRepo(list));
  return changes.map((change) => {
    const hit = attributeOne(change, repos.get(change.repo));
    const deployedAt = hit ? hit.deployment.finishedAt : null;
    const start = workStartedAt(change);
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

export const matchesRework = (change: Pick<Change, "labels" | "title">, settings: MetricSettings): boolean =>
  settings.reworkPatterns.some(
    (p) => change.labels.some((l) => p.test(l)) || (change.title !== null && p.test(change.title)),
  );

export interface Classification {
  deployments: ClassifiedDeployment[];
  changes: ChangeLeadTime[];
  teamIncidents: Incident[];
}

/** A change as the deployment classification sees it: which deployment shipped it, and whether it is a fix. */
export interface ShippedChange {
  deploymentId: string;
  changeId: string;
  /** Marked as a fix for production (rework patterns on labels or title). */
  fix: boolean;
}

/** Deployments and changes classified once, for callers that bucket them (weekly series, drill-down). */
export function classify(input: DoraInput, settings: MetricSettings): Classification {
  const repos = new Set(input.team.repos);
  const teamDeployments = input.deployments.filter((d) => repos.has(d.repo));
  const changes = attributeChanges(
    input.changes.filter((c) => repos.has(c.repo)),
    teamDeployments,
    settings,
  );
  const prod = teamDeployments.filter((d) => settings.isProduction(d)).sort(byDeployedAt);
  const shipped = changes.flatMap((c): ShippedChange[] => (c.deploymentId === null ? [] : [{ deploymentId: c.deploymentId, changeId: c.change.id, fix: matchesRework(c.change, settings) }]));
  const services = new Set(input.team.services);
  return {
    deployments: classifyProduction(prod, input.incidents, shipped, input.team, settings),
    changes,
    teamIncidents: input.incidents.filter((i) => services.has(i.service)),
  };
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

/**
 * The failure and rework classification of a team's production deployments (DESIGN "Change
 * failure rate", "Failed deployment recovery time", "Rework rate"). `prod`: production
 * deployments of the team's repos, rollbacks included, in deployment order; `incidents`: the
 * team's incidents and those naming any of them; `shipped`: which deployment shipped which change.
 *
 * A deployment's classification reads: incidents naming it (as cause or fix), incidents on the
 * services it runs opened within the failure window after it, the deployments in between, and the
 * next production deployment of its repo. The deriver passes exactly those for a span of time.
 */
export function classifyProduction(
  prod: readonly Deployment[],
  incidents: readonly Incident[],
  shipped: readonly ShippedChange[],
  team: TeamScope,
  settings: MetricSettings,
): ClassifiedDeployment[] {
  const services = new Set(team.services);
  const changeIds = new Map<string, string[]>();
  const fixChange = new Set<string>();
  for (const c of shipped) {
    const ids = changeIds.get(c.deploymentId);
    if (ids) ids.push(c.changeId);
    else changeIds.set(c.deploymentId, [c.changeId]);
    if (c.fix) fixChange.add(c.deploymentId);
  }

  const sortedProd = [...prod].sort(byDeployedAt);
  const prodIds = new Set(sortedProd.map((d) => d.id));
  const repoServices = team.repoServices ?? {};
  const byService = deploymentsByService(sortedProd, services, repoServices);
  const charged = new Map<string, { incident: Incident; cause: FailureCause }[]>();
  const charge = (deploymentId: string, incident: Incident, cause: FailureCause): void => {
    const list = charged.get(deploymentId) ?? [];
    list.push({ incident, cause });
    charged.set(deploymentId, list);
  };
  const failureWindow = settings.failureWindowHours * HOUR;
  const byCreation = [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const incident of byCreation) {
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

  const fixedBy = new Set(incidents.flatMap((i) => (i.fixDeploymentId === null ? [] : [i.fixDeploymentId])));
  const rolledBackBy = new Map<string, string>();
  const nextInRepo = new Map<string, Deployment>();
  const lastInRepo = new Map<string, Deployment>();
  for (const d of sortedProd) {
    const previous = lastInRepo.get(d.repo);
    if (previous) {
      nextInRepo.set(previous.id, d);
      if (d.rollback && !rolledBackBy.has(previous.id)) rolledBackBy.set(previous.id, d.id);
    }
    lastInRepo.set(d.repo, d);
  }

  return sortedProd.map((d): ClassifiedDeployment => {
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
      // In id order, so the same changes give the same list whatever order they were read in.
      changeIds: (changeIds.get(d.id) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  });
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

/** The values whose medians and percentiles do not compose over weeks: read whole for a window. */
export interface DoraValues {
  /** Lead-time parts (minutes) of the counted changes deployed in the window. */
  lead: { total: Ordered; coding: Ordered; pickup: Ordered; review: Ordered; deploy: Ordered };
  /** Recovery minutes of the failed deployments in the window. */
  recovery: Ordered;
  /** Time to restore (minutes) of the team's incidents created in the window. */
  restore: Ordered;
}

/** The facts DORA reads, from rows: classification, change attribution and incidents, as the deriver makes them. */
export function doraFacts(input: DoraInput, settings: MetricSettings): { deploys: TeamDeployFact[]; changes: ChangeFact[]; incidents: IncidentFact[] } {
  const { deployments, changes, teamIncidents } = classify(input, settings);
  const sources = new Map(input.deployments.map((d) => [d.id, d.source]));
  return {
    deploys: deployments.map((d) => teamDeployFact(input.team.id, d)),
    changes: changes.map((c) =>
      changeFact(c, workStartedAt(c.change), matchesRework(c.change, settings), 0, c.deploymentId === null ? null : (sources.get(c.deploymentId) ?? null)),
    ),
    incidents: teamIncidents.map((i) => incidentFact(i, null)),
  };
}

/**
 * DORA for a window: deployment frequency (per week), lead time (minutes), change failure rate
 * (fraction), failed deployment recovery time (minutes), time to restore (minutes), rework rate
 * (fraction), each with the count behind it and DORA 2023 tiers; null where there is no data.
 */
export function computeDora(input: DoraInput, window: Window, settings: MetricSettings): DoraResult {
  const facts = doraFacts(input, settings);
  const inWin = (t: number | null): t is number => t !== null && inWindow(t, window);
  const weeks = weeksOfWindow(window, {
    deploys: facts.deploys,
    changesDeployed: facts.changes.filter((c) => c.deploymentId !== null),
    changesNeverDeployed: facts.changes.filter((c) => c.deploymentId === null),
    ciRuns: [],
    incidents: facts.incidents,
    alerts: [],
  });
  const counted = facts.changes.filter((c) => c.excluded === null && inWin(c.deployedAt));
  return doraFromWeeks(
    weeks,
    {
      lead: {
        total: ordered(counted.map((c) => c.totalMinutes)),
        coding: ordered(counted.map((c) => c.codingMinutes)),
        pickup: ordered(counted.map((c) => c.pickupMinutes)),
        review: ordered(counted.map((c) => c.reviewMinutes)),
        deploy: ordered(counted.map((c) => c.deployMinutes)),
      },
      recovery: ordered(facts.deploys.filter((d) => d.failed && inWindow(d.deployedAt, window)).map((d) => d.recoveryMinutes)),
      restore: ordered(facts.incidents.filter((i) => inWindow(i.createdAt, window)).map((i) => i.restoreMinutes)),
    },
    window,
    settings.minimumCounts,
  );
}

/** A tier only on enough evidence: fewer records than the minimum give no tier (evidence or silence). */
export const tierWithEvidence = (tier: Tier, count: number, minimum: number): Tier => (count >= minimum ? tier : null);

/**
 * DORA of a window from its weeks (clipped to it, empty ones included) and the values of its
 * medians: what both the read model and `computeDora` call, so the figures have one definition.
 */
export function doraFromWeeks(weeks: readonly TeamWeek[], values: DoraValues, window: Window, minimums: TierMinimums): DoraResult {
  const notes = new Notes();
  const total = sumWeeks(weeks, (w) => w.deployments);
  const failed = sumWeeks(weeks, (w) => w.failed);

  // Deployment frequency: deploy days per ISO week and per calendar month (empty periods count as 0).
  const windowWeeks = (window.to - window.from) / WEEK;
  const perWeek = total > 0 && windowWeeks > 0 ? total / windowWeeks : null;
  const deployDaysPerWeekMedian = total > 0 ? median(weeks.map((w) => popcount(w.deployDays))) : null;
  const deployDaysPerMonthMedian =
    total > 0 ? median(calendarMonths(window).map((m) => weeks.reduce((n, w) => n + daysIn(w, monthStart(m.from), monthStart(m.from + 32 * DAY)), 0))) : null;

  const { lead } = values;
  const leadMedian = medianOf(lead.total);
  notes.add("bot_changes_excluded", sumWeeks(weeks, (w) => w.leadBot), "bot changes deployed in the window are left out of lead time");
  notes.add("draft_changes_excluded", sumWeeks(weeks, (w) => w.leadDraft), "changes still flagged as draft when merged are left out of lead time");
  notes.add(
    "attributed_by_time",
    sumWeeks(weeks, (w) => w.leadByTime),
    "changes attributed to the first production deployment after their merge, which had no commit list",
  );
  const neverDeployed = sumWeeks(weeks, (w) => w.neverDeployed);
  notes.add(
    "changes_never_deployed",
    neverDeployed,
    `${plural(neverDeployed, "change")} merged in the window with no production deployment shipping it yet; left out of lead time`,
  );
  notes.add("negative_span_clock_skew", sumWeeks(weeks, (w) => w.leadNegative), "changes with a negative lead-time span (clock skew); that part is left empty, not 0");
  notes.add(
    "failed_deployments_unrecovered",
    sumWeeks(weeks, (w) => w.unrecovered),
    "failed deployments whose incident is not resolved yet; left out of recovery time",
  );
  notes.add(
    "negative_span_clock_skew",
    sumWeeks(weeks, (w) => w.recoveryNegative),
    "failed deployments recovered before they finished (clock skew); left out of recovery time",
  );
  notes.add("incidents_unresolved", sumWeeks(weeks, (w) => w.unresolved), "incidents created in the window and not resolved; left out of time to restore");
  notes.add(
    "negative_span_clock_skew",
    sumWeeks(weeks, (w) => w.incidentNegative),
    "incidents resolved before they were created (clock skew); left out of time to restore",
  );

  const rate = total > 0 ? failed / total : null;
  const recoveryMedian = medianOf(values.recovery);
  const reworked = sumWeeks(weeks, (w) => w.reworked);
  return {
    deploymentFrequency: {
      perWeek,
      deployDaysPerWeekMedian,
      deployDaysPerMonthMedian,
      count: total,
      tier: tierWithEvidence(deploymentFrequencyTier(deployDaysPerWeekMedian, deployDaysPerMonthMedian), total, minimums.deploymentFrequency),
      minimum: minimums.deploymentFrequency,
    },
    leadTime: {
      medianMinutes: leadMedian,
      p90Minutes: percentileOf(lead.total, 90),
      count: lead.total.length,
      breakdown: {
        codingMinutes: medianOf(lead.coding),
        pickupMinutes: medianOf(lead.pickup),
        reviewMinutes: medianOf(lead.review),
        deployMinutes: medianOf(lead.deploy),
      },
      tier: tierWithEvidence(leadTimeTier(leadMedian), lead.total.length, minimums.leadTime),
      minimum: minimums.leadTime,
    },
    changeFailureRate: { rate, failed, total, tier: tierWithEvidence(changeFailureTier(rate), total, minimums.changeFailureRate), minimum: minimums.changeFailureRate },
    recoveryTime: {
      medianMinutes: recoveryMedian,
      count: values.recovery.length,
      tier: tierWithEvidence(recoveryTimeTier(recoveryMedian), values.recovery.length, minimums.recoveryTime),
      minimum: minimums.recoveryTime,
    },
    timeToRestore: { medianMinutes: medianOf(values.restore), count: values.restore.length },
    reworkRate: { rate: total > 0 ? reworked / total : null, reworked, total },
    notes: notes.list,
  };
}

/** UTC midnight of the first day of the month containing an instant. */
const monthStart = (instant: number): number => {
  const d = new Date(instant);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

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
