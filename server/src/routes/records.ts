/**
 * Drill-down: the records behind a number, as the metric functions classified them, newest
 * first, paginated. Each item links to its source when the source gave a URL.
 */
import { createRoute, type z } from "@hono/zod-openapi";
import {
  getAlertsPage,
  getChangesPage,
  getCiRunsPage,
  getDeploymentsPage,
  getIncidentsPage,
  getLedgerPage,
  getPagesPage,
  getPeopleNames,
  LEDGER_CATEGORIES,
  type Db,
  type LedgerCategory,
  type PageRequest,
  type RecordsPage,
  type Team,
} from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems, teamParams } from "../api/schemas/common.ts";
import { recordsQuery, recordsResponse } from "../api/schemas/records.ts";
import { rangeJson, resolveRange, type Range } from "../http/range.ts";
import type { Attribution, Band, FailureCause, FailureReason, NoiseReason, ReworkReason } from "../metrics/index.ts";
import { duration } from "../reports/format.ts";
import { peopleOfLogins } from "../services/loginPeople.ts";
import { isoAt, isoOrNull, requireTeam } from "./metricsSupport.ts";

export const RECORD_METRICS = ["deployments", "changes", "failed-deployments", "rework", "incidents", "alerts", "pages", "ci-runs", "ops-work"] as const;
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
  /** The source login, as the record gave it (exports and filters use it). */
  author: string;
  /** The person the login is, by the identity rule; null when no person is known. */
  authorPerson: string | null;
  /** That person's name; the login when no person is known. */
  authorName: string;
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
  /** The time zone the band was read in (the person's; UTC when unknown). */
  timezone: string;
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
  /** Who started this attempt (a re-run's), when the source said. */
  triggeredBy: string | null;
  url: string | null;
}

/** One item of the ops-work ledger: whose, which category, the record behind it, its minutes. */
export interface LedgerRecordItem {
  kind: "ledger";
  id: string;
  person: string;
  /** The person's name; the id when there is no person record. */
  personName: string;
  category: LedgerCategory;
  recordKind: "page" | "incident" | "ci_run" | "deployment" | "change" | "day";
  recordId: string;
  at: string;
  minutes: number;
  count: number;
  estimated: boolean;
}

export type RecordItem = DeploymentItem | ChangeItem | IncidentItem | AlertItem | PageItem | CiRunItem | LedgerRecordItem;

type RecordsQuery = z.output<typeof recordsQuery>;

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

const failureReasons = (failures: readonly FailureCause[]): FailureReason[] =>
  (["incident", "rollback", "incident_window"] as const).filter((r) => failures.some((f) => f.reason === r));

const mapPage = <R, I>(page: RecordsPage<R>, item: (row: R) => I): RecordsPage<I> => ({ items: page.items.map(item), total: page.total });

/** The records behind one figure, filtered, a page at a time (see db/src/queries/getDrilldown.ts). */
export async function recordItems(db: Db, team: Team, query: RecordsQuery, range: Range, page: PageRequest): Promise<RecordsPage<RecordItem>> {
  switch (query.metric) {
    case "deployments":
    case "failed-deployments":
    case "rework":
      return mapPage(
        await getDeploymentsPage(db, team.id, range, { failed: query.metric === "failed-deployments", rework: query.metric === "rework", repo: query.repo }, page),
        (d): DeploymentItem => ({
          kind: "deployment",
          id: d.id,
          repo: d.repo,
          environment: d.environment,
          sha: d.sha,
          deployedAt: isoAt(d.deployedAt),
          rollback: d.rollback,
          failed: d.failed,
          failedBecause: failureReasons(d.failures),
          failures: d.failures.map((f) => ({ ...f, text: explainFailure(f, d.repo, team) })),
          incidentIds: d.failures.flatMap((f) => (f.reason === "rollback" ? [] : [f.incidentId])),
          rolledBackBy: d.rolledBackBy,
          recoveryMinutes: d.recoveryMinutes,
          rework: d.rework,
          reworkBecause: d.reworkBecause,
          changeIds: d.changeIds,
          url: d.url,
        }),
      );
    case "changes": {
      const changes = await getChangesPage(db, team.repos, range, { repo: query.repo, author: query.person }, page);
      const authors = await peopleOfLogins(db, [...new Set(changes.items.map((c) => c.author))]);
      return mapPage(
        changes,
        (c): ChangeItem => ({
          kind: "change",
          id: c.id,
          repo: c.repo,
          number: c.number,
          title: c.title,
          author: c.author,
          authorPerson: authors.get(c.author)?.person ?? null,
          authorName: authors.get(c.author)?.name ?? c.author,
          mergedAt: isoAt(c.mergedAt),
          excluded: c.excluded,
          deploymentId: c.deploymentId,
          deployedAt: isoOrNull(c.deployedAt),
          attribution: c.attribution,
          codingMinutes: c.codingMinutes,
          pickupMinutes: c.pickupMinutes,
          reviewMinutes: c.reviewMinutes,
          deployMinutes: c.deployMinutes,
          totalMinutes: c.totalMinutes,
          url: c.url,
        }),
      );
    }
    case "incidents":
      return mapPage(
        await getIncidentsPage(db, team.services, range, { service: query.service }, page),
        (i): IncidentItem => ({
          kind: "incident",
          id: i.id,
          service: i.service,
          title: i.title,
          urgency: i.urgency,
          createdAt: isoAt(i.createdAt),
          acknowledgedAt: isoOrNull(i.firstAckAt ?? i.acknowledgedAt),
          resolvedAt: isoOrNull(i.resolvedAt),
          deploymentId: i.deploymentId,
          fixDeploymentId: i.fixDeploymentId,
          url: i.url,
        }),
      );
    case "alerts":
      return mapPage(
        await getAlertsPage(db, team.services, range, { service: query.service, key: query.key }, page),
        (a): AlertItem => ({
          kind: "alert",
          id: a.id,
          service: a.service,
          key: a.key,
          incidentId: a.incidentId,
          createdAt: isoAt(a.createdAt),
          acknowledgedAt: isoOrNull(a.acknowledgedAt),
          resolvedAt: isoOrNull(a.resolvedAt),
          resolvedBy: a.resolvedBy,
          noise: a.noiseReason !== null,
          noiseReason: a.noiseReason,
          url: null,
        }),
      );
    case "pages":
      return mapPage(
        await getPagesPage(db, team.members, range, { person: query.person, band: query.band }, page),
        (p): PageItem => ({
          kind: "page",
          id: p.pageId,
          person: p.person,
          personName: p.personName,
          incidentId: p.incidentId,
          at: isoAt(p.at),
          channel: p.channel,
          interruption: p.counted,
          band: p.counted ? p.band : null,
          timezone: p.timezone,
          merged: p.merged,
          url: p.incidentUrl,
        }),
      );
    case "ci-runs":
      return mapPage(
        await getCiRunsPage(db, team.repos, range, { repo: query.repo, status: query.status }, page),
        (r): CiRunItem => ({
          kind: "ci_run",
          id: r.id,
          repo: r.repo,
          workflow: r.workflow,
          branch: r.branch,
          sha: r.sha,
          event: r.event,
          attempt: r.attempt,
          status: r.status,
          startedAt: isoAt(r.startedAt),
          finishedAt: isoAt(r.finishedAt),
          durationMinutes: r.durationMinutes,
          queueMinutes: r.queueMinutes,
          flaky: r.pairFlaky,
          triggeredBy: r.triggeredBy,
          url: r.url,
        }),
      );
    case "ops-work": {
      const ledger = await getLedgerPage(db, team.members, range, { person: query.person, categories: query.category === undefined ? LEDGER_CATEGORIES : [query.category] }, page);
      const names = await getPeopleNames(db, [...new Set(ledger.items.map((i) => i.person))]);
      return mapPage(
        ledger,
        (i): LedgerRecordItem => ({
          kind: "ledger",
          id: `${i.person}/${i.category}/${i.recordKind}/${i.recordId}/${i.at}`,
          person: i.person,
          personName: names.get(i.person)?.name ?? i.person,
          category: i.category === "author_time" ? "ops_changes" : i.category,
          recordKind: i.recordKind,
          recordId: i.recordId,
          at: isoAt(i.at),
          minutes: i.minutes,
          count: i.count,
          estimated: i.estimated,
        }),
      );
    }
  }
}

const listRecords = createRoute({
  method: "get",
  path: "/teams/{team}/records",
  tags: ["records"],
  summary: "The records behind a figure",
  description:
    "Drill-down: the facts a figure counted, with what the records add (titles, links, names), newest first, paginated, filtered. deployments: production deployments deployed in the range (failed-deployments: only those that failed, each saying why; rework: only the reworked ones); changes: deployed in the range, or merged in it and never deployed; incidents and alerts: on the team's services, created in the range; pages: to the team's members, banded in each person's zone; ci-runs: started in the range; ops-work: the ledger items of the team's members.",
  security: viewer,
  request: { params: teamParams, query: recordsQuery },
  responses: {
    200: json(recordsResponse, "One page of records"),
    ...problems({ 400: "A bad or unknown query parameter, or an invalid range", 404: "No team with that id", 504: "Past the request deadline", ...accessProblems }),
  },
});

export const recordsRoutes = (deps: ServerDeps) =>
  routeGroup().openapi(listRecords, async (c) => {
    const team = await requireTeam(deps.db, c.req.valid("param").team);
    const query = c.req.valid("query");
    const range = resolveRange(query, deps.now());
    const { items, total } = await recordItems(deps.db, team, query, range, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    return c.json({ team: team.id, metric: query.metric, range: rangeJson(range), items, page: query.page, pageSize: query.pageSize, total }, 200);
  });
