/**
 * Team metrics and the org summary: validate, read the figure from the team window read model
 * (services/teamWindow.ts: projections of facts and rollups), return JSON. Every figure carries its
 * count and the notes saying what was excluded and why.
 */
import { createRoute } from "@hono/zod-openapi";
import { getTeams } from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { alertsQuery, alertsResponse } from "../api/schemas/alerts.ts";
import { ciResponse } from "../api/schemas/ci.ts";
import { accessProblems, problems, rangeQuery, teamParams } from "../api/schemas/common.ts";
import { doraResponse } from "../api/schemas/dora.ts";
import { oncallResponse } from "../api/schemas/oncall.ts";
import { opsWorkResponse } from "../api/schemas/opsWork.ts";
import { seriesQuery, seriesResponse } from "../api/schemas/series.ts";
import { signalsQuery, signalsResponse } from "../api/schemas/signals.ts";
import { sprintsQuery, sprintsResponse } from "../api/schemas/sprints.ts";
import { orgSummaryResponse } from "../api/schemas/summary.ts";
import { badRequest } from "../http/errors.ts";
import { asOfInstant, happenedSoFar, rangeJson, resolveRange } from "../http/range.ts";
import { orgVerdict, phaseLine, settingsFromConfig, sprintStatus, sprintWindow, type SignalId, type SignalStatus, type SignalsResult } from "../metrics/index.ts";
import { teamAlertQuality, teamCi, teamDora, teamOncall, teamOpsWork, teamOverview, teamSeries, teamSignals } from "../services/teamWindow.ts";
import { isoAt, requireTeam } from "./metricsSupport.ts";
import { teamScorecard } from "../services/maturity.ts";
import { teamSprintTrend } from "../services/sprintTrend.ts";

export { SERIES_METRICS } from "../api/schemas/series.ts";

const teamErrors = problems({
  400: "A bad or unknown query parameter, or an invalid range; `errors` names each field",
  404: "No team with that id",
  504: "The answer took longer than the request deadline",
  ...accessProblems,
});

const teamRoute = <P extends string, Q extends typeof rangeQuery | typeof alertsQuery | typeof sprintsQuery | typeof signalsQuery | typeof seriesQuery, R extends Parameters<typeof json>[0]>(
  path: P,
  summary: string,
  description: string,
  query: Q,
  response: R,
) =>
  createRoute({
    method: "get",
    path,
    tags: ["metrics"],
    summary,
    description,
    security: viewer,
    request: { params: teamParams, query },
    responses: { 200: json(response, summary), ...teamErrors },
  });

const dora = teamRoute(
  "/teams/{team}/dora",
  "DORA metrics and rework rate",
  "Deployment frequency, lead time for changes, change failure rate, failed deployment recovery time, time to restore and rework rate over the range, each with its tier and count.",
  rangeQuery,
  doraResponse,
);
const ci = teamRoute("/teams/{team}/ci", "CI health", "Overall and per (repo, workflow): runs, durations, failure rate, flakiness, queue time. Cancelled and skipped runs are left out of durations and the failure rate.", rangeQuery, ciResponse);
const oncall = teamRoute(
  "/teams/{team}/oncall",
  "On-call load",
  "Per member: interruptions by band, engaged minutes, and on-call load — alert and incident minutes over working minutes in each week the person held a shift (never averaged into the ops share); time to acknowledge and time to restore of the team's incidents.",
  rangeQuery,
  oncallResponse,
);
const opsWork = teamRoute(
  "/teams/{team}/ops-work",
  "The ops-work ledger and the ops share",
  "The team's ops share (ledger minutes of every member over their working minutes, 40 h a week by default), measured and estimated apart; per category (alerts, incidents, pipeline toil, deployment toil, ops changes), per person and per ISO week; the records behind each are at /teams/{team}/records?metric=ops-work.",
  rangeQuery,
  opsWorkResponse,
);
const alerts = teamRoute(
  "/teams/{team}/alerts",
  "Alert quality",
  "For a sprint review: alerts, noise by reason, actionable ratio, time to fix, noisy keys, new and recurring keys, who was woken up. Give `sprint` or `from`/`to`, not both; the running sprint counts up to now.",
  alertsQuery,
  alertsResponse,
);
const sprints = teamRoute(
  "/teams/{team}/sprints",
  "Alert trends over the last sprints",
  "For a sprint review: for `sprint` and the sprints before it (`last`, default 6), alerts, noise alerts, actionable ratio, MTTA and sleep-hour pages — each the figure the alerts and on-call endpoints give for that sprint — and the sprint's noisy keys with their alerts per sprint, first sighting and suggestion. A running sprint counts up to now.",
  sprintsQuery,
  sprintsResponse,
);
const signals = teamRoute("/teams/{team}/signals", "The fund-DevOps signals", "The five signals with their evidence, and the team's verdict with hours and cost a week lost to ops work.", signalsQuery, signalsResponse);
const series = teamRoute("/teams/{team}/series", "A metric as a weekly series", "One point per ISO week (Monday 00:00 UTC) overlapping the range; counts are 0 in an empty week, medians and rates null.", seriesQuery, seriesResponse);

const summary = createRoute({
  method: "get",
  path: "/org/summary",
  tags: ["org"],
  summary: "Every team's headline figures and the org verdict",
  description: "The same figures as the team endpoints, one row per team; the signals and hours are as of the end of the range.",
  security: viewer,
  request: { query: rangeQuery },
  responses: { 200: json(orgSummaryResponse, "The organization"), ...problems({ 400: "A bad or unknown query parameter, or an invalid range", 504: "Past the request deadline", ...accessProblems }) },
});

const signalStatuses = (result: SignalsResult): Record<SignalId, SignalStatus> => {
  const statuses: Record<SignalId, SignalStatus> = {
    "team-size": "unknown",
    "delivery-pressure": "unknown",
    architecture: "unknown",
    compliance: "unknown",
    "ops-load": "unknown",
  };
  for (const s of result.signals) statuses[s.id] = s.status;
  return statuses;
};

export const metricsRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  return routeGroup()
    .openapi(dora, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const result = await teamDora(deps.db, team, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), ...result }, 200);
    })
    .openapi(ci, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const result = await teamCi(deps.db, team, range);
      return c.json({ team: team.id, range: rangeJson(range), ...result }, 200);
    })
    .openapi(oncall, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const result = await teamOncall(deps.db, team, range, settings);
      // `team` is the team id on every endpoint; the team's on-call totals go out as `totals`, and
      // mttr is DORA's time to restore under one name.
      return c.json(
        { team: team.id, range: rangeJson(range), people: result.people, totals: result.team, timeToAcknowledge: result.mtta, timeToRestore: result.mttr, notes: result.notes },
        200,
      );
    })
    .openapi(opsWork, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const result = await teamOpsWork(deps.db, team, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), ...result }, 200);
    })
    .openapi(alerts, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      if (query.sprint !== undefined && (query.from !== undefined || query.to !== undefined)) {
        throw badRequest("invalid query: give either sprint or from/to, not both", [{ in: "query", field: "sprint", detail: "give either sprint or from/to, not both" }]);
      }
      const now = deps.now();
      const sprint = query.sprint === undefined ? null : sprintWindow(query.sprint, settings);
      // A sprint's figures cover what has happened of it; its whole window and status come along.
      const range = sprint === null ? resolveRange(query, now) : happenedSoFar(sprint, now);
      const quality = await teamAlertQuality(deps.db, team, range);
      return c.json(
        {
          team: team.id,
          range: rangeJson(range),
          sprint: query.sprint ?? null,
          sprintWindow: sprint === null ? null : rangeJson(sprint),
          sprintStatus: sprint === null ? null : sprintStatus(sprint, now),
          ...quality,
        },
        200,
      );
    })
    .openapi(sprints, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      const now = deps.now();
      const last = query.last ?? 6;
      const spans = Array.from({ length: last }, (_, i) => {
        const sprint = query.sprint - (last - 1) + i;
        const window = sprintWindow(sprint, settings);
        return { sprint, window, range: happenedSoFar(window, now), status: sprintStatus(window, now) };
      });
      const trend = await teamSprintTrend(deps.db, team, spans);
      return c.json(
        {
          team: team.id,
          sprint: query.sprint,
          sprints: trend.sprints.map(({ window, range, status, ...figures }) => ({ ...figures, range: rangeJson(range), sprintWindow: rangeJson(window), sprintStatus: status })),
          keys: trend.keys.map((k) => ({ ...k, firstSeen: k.firstSeen === null ? null : isoAt(k.firstSeen) })),
        },
        200,
      );
    })
    .openapi(signals, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const asOf = asOfInstant(c.req.valid("query").asOf, deps.now());
      const result = await teamSignals(deps.db, team, asOf, settings);
      return c.json({ ...result, asOf: isoAt(asOf) }, 200);
    })
    .openapi(series, async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      const range = resolveRange(query, deps.now());
      const result = await teamSeries(deps.db, team, query.metric, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), bucket: query.bucket, ...result }, 200);
    })
    .openapi(summary, async (c) => {
      const range = resolveRange(c.req.valid("query"), deps.now());
      const teams = await getTeams(deps.db);
      // The same figures as the team endpoints, so the summary never disagrees with a team page.
      const rows = await Promise.all(
        teams.map(async (team) => {
          const [overview, card] = await Promise.all([teamOverview(deps.db, team, range, settings, { signalRecords: false }), teamScorecard(deps.db, team, range.to, deps.config)]);
          return { ...overview, maturity: { phase: card.phase, line: phaseLine(card) } };
        }),
      );
      const org = orgVerdict(
        rows.map((r) => r.signals),
        settings,
      );
      return c.json(
        {
          organization: deps.config.organization.name,
          range: rangeJson(range),
          asOf: isoAt(range.to),
          teams: rows.map(({ team, dora: d, ci: i, ops: o, signals: s, investment, maturity }) => ({
            team: team.id,
            name: team.name,
            dora: {
              deploymentFrequency: { perWeek: d.deploymentFrequency.perWeek, count: d.deploymentFrequency.count, tier: d.deploymentFrequency.tier, minimum: d.deploymentFrequency.minimum },
              leadTime: { medianMinutes: d.leadTime.medianMinutes, count: d.leadTime.count, tier: d.leadTime.tier, minimum: d.leadTime.minimum },
              changeFailureRate: d.changeFailureRate,
              recoveryTime: d.recoveryTime,
            },
            opsShare: o.share,
            opsEstimatedShare: o.estimatedShare,
            members: o.members,
            opsStatus: o.status,
            opsBreakdown: o.breakdown,
            investment,
            ciMedianMinutes: i.durationMedianMinutes,
            ciFailureRate: i.failureRate,
            ciCount: i.successes + i.failures,
            verdict: s.verdict,
            signals: signalStatuses(s),
            hoursPerWeek: s.hoursPerWeek,
            costPerWeek: s.costPerWeek,
            maturity,
          })),
          verdict: org,
          currency: settings.currency,
          hourlyRate: settings.hourlyRate,
        },
        200,
      );
    });
};
