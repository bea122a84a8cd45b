/**
 * Drill-down: the records behind a number, as the metric functions classified them, newest
 * first, paginated. Each item links to its source when the source gave a URL.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Db, Team } from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems, teamParams } from "../api/schemas/common.ts";
import { recordsQuery, recordsResponse } from "../api/schemas/records.ts";
import { rangeJson, resolveRange, type Range } from "../http/range.ts";
import {
  classifyChanges,
  ciRunDetails,
  classifyAlerts,
  classifyDeployments,
  interruptions,
  type Attribution,
  type Band,
  type FailureCause,
  type FailureReason,
  type MetricSettings,
  type NoiseReason,
  type ReworkReason,
  settingsFromConfig,
} from "../metrics/index.ts";
import { duration } from "../reports/format.ts";
import { fetchAlertRows, fetchCiRows, fetchDeliveryRows, fetchOncallRows } from "../services/teamMetrics.ts";
import { isoAt, isoOrNull, requireTeam } from "./metricsSupport.ts";

export const RECORD_METRICS = ["deployments", "changes", "failed-deployments", "incidents", "alerts", "pages", "ci-runs"] as const;
export type RecordMetric = (typeof RECORD_METRICS)[number];

export interface DeploymentItem {
  kind: "deployment";
  id: string;
  repo: string;
  environment: string;
  sha: string;
  deployedAt: string;
  rollback: boolean;
  failed: boolean;
  failedBecause: FailureReason[];
  /** Why it counts as failed: each cause (FailureCause) with a sentence saying it; empty when it did not fail. */
  failures: (FailureCause & { text: string })[];
  incidentIds: string[];
  rolledBackBy: string | null;
  recoveryMinutes: number | null;
  rework: boolean;
  reworkBecause: ReworkReason[];
  changeIds: string[];
  url: string | null;
}

export interface ChangeItem {
  kind: "change";
  id: string;
  repo: string;
  number: number;
  title: string | null;
  author: string;
  mergedAt: string;
  /** Why it is left out of lead time (bot, draft), or null. */
  excluded: "bot" | "draft" | null;
  deploymentId: string | null;
  deployedAt: string | null;
  attribution: Attribution | null;
  codingMinutes: number | null;
  pickupMinutes: number | null;
  reviewMinutes: number | null;
  deployMinutes: number | null;
  totalMinutes: number | null;
  url: string | null;
}

export interface IncidentItem {
  kind: "incident";
  id: string;
  service: string;
  title: string;
  urgency: "high" | "low";
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  deploymentId: string | null;
  fixDeploymentId: string | null;
  url: string | null;
}

export interface AlertItem {
  kind: "alert";
  id: string;
  service: string;
  key: string;
  incidentId: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: "person" | "system" | "timeout" | null;
  noise: boolean;
  noiseReason: NoiseReason | null;
  url: string | null;
}

export interface PageItem {
  kind: "page";
  id: string;
  person: string;
  /** The person's name; the id when there is no person record. */
  personName: string;
  incidentId: string;
  at: string;
  channel: "sms" | "phone" | "push" | "email";
  /** Counted as an interruption (not email, not folded into an earlier page within 60 s). */
  interruption: boolean;
  band: Band | null;
  /** Later pages within 60 s folded into this one. */
  merged: number;
  /** The incident's URL, when known. */
  url: string | null;
}

export interface CiRunItem {
  kind: "ci_run";
  id: string;
  repo: string;
  workflow: string;
  branch: string;
  sha: string;
  event: string;
  attempt: number;
  status: "success" | "failure" | "cancelled" | "skipped";
  startedAt: string;
  finishedAt: string;
  durationMinutes: number | null;
  queueMinutes: number | null;
  flaky: boolean;
  url: string | null;
}

export type RecordItem = DeploymentItem | ChangeItem | IncidentItem | AlertItem | PageItem | CiRunItem;

const inRange = (t: number, range: Range) => t >= range.from && t < range.to;

/** Newest first; the id breaks ties so pages are stable. */
const newestFirst = <T extends { id: string }>(at: (t: T) => number) => (a: T, b: T) =>
  at(b) - at(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** "45 min", "3 h 5 min". */
/** One sentence per cause, naming the rule that charged it (DESIGN "Change failure rate", DECISIONS.md). */
export function explainFailure(cause: FailureCause, repo: string, team: Pick<Team, "repoServices">): string {
  switch (cause.reason) {
    case "incident":
      return `incident ${cause.incidentId} (${cause.service}) names this deployment as its cause`;
    case "rollback":
      return `rolled back by ${cause.rolledBackBy}`;
    case "incident_window": {
      const runs =
        cause.scope === "repo_services"
          ? `${repo} deploys ${(team.repoServices[repo] ?? [cause.service]).join(", ")}`
          : `${repo} has no repo → service mapping, so it counts as deploying every service of the team`;
      return `incident ${cause.incidentId} on ${cause.service} opened ${duration(cause.minutesAfter)} after it, within the failure window; ${runs}, and no later deployment of ${cause.service} came first`;
    }
  }
}

async function deploymentItems(db: Db, team: Team, range: Range, settings: MetricSettings, onlyFailed: boolean): Promise<DeploymentItem[]> {
  return classifyDeployments(await fetchDeliveryRows(db, team, range, settings), settings)
    .filter((d) => inRange(d.deployedAt, range) && (!onlyFailed || d.failed))
    .map((d) => ({ ...d, at: d.deployedAt, id: d.deployment.id }))
    .sort(newestFirst((d) => d.at))
    .map(
      (d): DeploymentItem => ({
        kind: "deployment",
        id: d.deployment.id,
        repo: d.deployment.repo,
        environment: d.deployment.environment,
        sha: d.deployment.sha,
        deployedAt: isoAt(d.deployedAt),
        rollback: d.deployment.rollback,
        failed: d.failed,
        failedBecause: d.failedBecause,
        failures: d.failures.map((f) => ({ ...f, text: explainFailure(f, d.deployment.repo, team) })),
        incidentIds: d.incidentIds,
        rolledBackBy: d.rolledBackBy,
        recoveryMinutes: d.recoveryMinutes,
        rework: d.rework,
        reworkBecause: d.reworkBecause,
        changeIds: d.changeIds,
        url: d.deployment.url,
      }),
    );
}

/** Changes deployed in the window (the lead-time population) and changes merged in it that were never deployed. */
async function changeItems(db: Db, team: Team, range: Range, settings: MetricSettings): Promise<ChangeItem[]> {
  // The team's changes as DORA classified them (the same attribution, shared with the DORA and lead-time answers).
  return classifyChanges(await fetchDeliveryRows(db, team, range, settings), settings)
    .filter((c) => (c.deployedAt !== null ? inRange(c.deployedAt, range) : inRange(c.change.mergedAt, range)))
    .map((c) => ({ ...c, id: c.change.id, at: c.deployedAt ?? c.change.mergedAt }))
    .sort(newestFirst((c) => c.at))
    .map(
      (c): ChangeItem => ({
        kind: "change",
        id: c.change.id,
        repo: c.change.repo,
        number: c.change.number,
        title: c.change.title,
        author: c.change.author,
        mergedAt: isoAt(c.change.mergedAt),
        excluded: c.excluded,
        deploymentId: c.deploymentId,
        deployedAt: isoOrNull(c.deployedAt),
        attribution: c.attribution,
        codingMinutes: c.codingMinutes,
        pickupMinutes: c.pickupMinutes,
        reviewMinutes: c.reviewMinutes,
        deployMinutes: c.deployMinutes,
        totalMinutes: c.totalMinutes,
        url: c.change.url,
      }),
    );
}

/** The team's incidents (on its services) created in the window: the time-to-restore population. */
async function incidentItems(db: Db, team: Team, range: Range, settings: MetricSettings): Promise<IncidentItem[]> {
  const delivery = await fetchDeliveryRows(db, team, range, settings);
  const services = new Set(team.services);
  return delivery.incidents
    .filter((i) => services.has(i.service) && inRange(i.createdAt, range))
    .sort(newestFirst((i) => i.createdAt))
    .map(
      (i): IncidentItem => ({
        kind: "incident",
        id: i.id,
        service: i.service,
        title: i.title,
        urgency: i.urgency,
        createdAt: isoAt(i.createdAt),
        acknowledgedAt: isoOrNull(i.acknowledgedAt),
        resolvedAt: isoOrNull(i.resolvedAt),
        deploymentId: i.deploymentId,
        fixDeploymentId: i.fixDeploymentId,
        url: i.url,
      }),
    );
}

async function alertItems(db: Db, team: Team, range: Range): Promise<AlertItem[]> {
  const alerts = await fetchAlertRows(db, team, range);
  return classifyAlerts(alerts)
    .filter((a) => inRange(a.alert.createdAt, range))
    .map((a) => ({ ...a, id: a.alert.id }))
    .sort(newestFirst((a) => a.alert.createdAt))
    .map(
      ({ alert, noise, noiseReason }): AlertItem => ({
        kind: "alert",
        id: alert.id,
        service: alert.service,
        key: alert.key,
        incidentId: alert.incidentId,
        createdAt: isoAt(alert.createdAt),
        acknowledgedAt: isoOrNull(alert.acknowledgedAt),
        resolvedAt: isoOrNull(alert.resolvedAt),
        resolvedBy: alert.resolvedBy,
        noise,
        noiseReason,
        url: null,
      }),
    );
}

/** Every page to a member in the window, marked with whether (and in which band) it interrupted. */
async function pageItems(db: Db, team: Team, range: Range, settings: MetricSettings): Promise<PageItem[]> {
  const oncall = await fetchOncallRows(db, team, range, settings);
  const counted = new Map(interruptions(oncall.pages, oncall.people, range).map((i) => [`${i.page.source}\u0000${i.page.id}`, i]));
  const incidentUrls = new Map(oncall.incidents.map((i) => [i.id, i.url]));
  const names = new Map(oncall.people.map((p) => [p.id, p.name]));
  return oncall.pages
    .filter((p) => inRange(p.at, range))
    .sort(newestFirst((p) => p.at))
    .map((p): PageItem => {
      const hit = counted.get(`${p.source}\u0000${p.id}`);
      return {
        kind: "page",
        id: p.id,
        person: p.person,
        personName: names.get(p.person) ?? p.person,
        incidentId: p.incidentId,
        at: isoAt(p.at),
        channel: p.channel,
        interruption: hit !== undefined,
        band: hit?.band ?? null,
        merged: hit?.merged ?? 0,
        url: incidentUrls.get(p.incidentId) ?? null,
      };
    });
}

async function ciRunItems(db: Db, team: Team, range: Range): Promise<CiRunItem[]> {
  const runs = await fetchCiRows(db, team, range);
  return ciRunDetails(runs, range)
    .map((d) => ({ ...d, id: d.run.id }))
    .sort(newestFirst((d) => d.run.startedAt))
    .map(
      ({ run, durationMinutes, queueMinutes, flaky }): CiRunItem => ({
        kind: "ci_run",
        id: run.id,
        repo: run.repo,
        workflow: run.workflow,
        branch: run.branch,
        sha: run.sha,
        event: run.event,
        attempt: run.attempt,
        status: run.status,
        startedAt: isoAt(run.startedAt),
        finishedAt: isoAt(run.finishedAt),
        durationMinutes,
        queueMinutes,
        flaky,
        url: run.url,
      }),
    );
}

export async function recordItems(db: Db, team: Team, metric: RecordMetric, range: Range, settings: MetricSettings): Promise<RecordItem[]> {
  switch (metric) {
    case "deployments":
      return deploymentItems(db, team, range, settings, false);
    case "failed-deployments":
      return deploymentItems(db, team, range, settings, true);
    case "changes":
      return changeItems(db, team, range, settings);
    case "incidents":
      return incidentItems(db, team, range, settings);
    case "alerts":
      return alertItems(db, team, range);
    case "pages":
      return pageItems(db, team, range, settings);
    case "ci-runs":
      return ciRunItems(db, team, range);
  }
}

const listRecords = createRoute({
  method: "get",
  path: "/teams/{team}/records",
  tags: ["records"],
  summary: "The records behind a figure",
  description:
    "Drill-down: the records a figure counted, as the metric functions classified them, newest first, paginated. deployments: production deployments finished in the range (failed-deployments: only those that failed, each saying why); changes: deployed in the range, or merged in it and never deployed; incidents and alerts: on the team's services, created in the range; pages: to the team's members; ci-runs: started in the range.",
  security: viewer,
  request: { params: teamParams, query: recordsQuery },
  responses: {
    200: json(recordsResponse, "One page of records"),
    ...problems({ 400: "A bad or unknown query parameter, or an invalid range", 404: "No team with that id", 504: "Past the request deadline", ...accessProblems }),
  },
});

export const recordsRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  return routeGroup().openapi(listRecords, async (c) => {
    const team = await requireTeam(deps.db, c.req.valid("param").team);
    const query = c.req.valid("query");
    const range = resolveRange(query, deps.now());
    const all = await recordItems(deps.db, team, query.metric, range, settings);
    const start = (query.page - 1) * query.pageSize;
    return c.json(
      {
        team: team.id,
        metric: query.metric,
        range: rangeJson(range),
        items: all.slice(start, start + query.pageSize),
        page: query.page,
        pageSize: query.pageSize,
        total: all.length,
      },
      200,
    );
  });
};
