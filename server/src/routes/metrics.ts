/**
 * Team metrics and the org summary (issue 3): validate, call the team-metrics service (it fetches
 * the team's rows and runs the pure metric functions), return JSON. Every figure carries its
 * count and the notes saying what was excluded and why.
 */
import { Hono } from "hono";
import { z } from "zod";
import { getTeams } from "@opsledger/db";
import type { AppDeps } from "../deps.ts";
import { badRequest } from "../http/errors.ts";
import { asOfField, asOfInstant, happenedSoFar, integerParam, rangeFields, rangeJson, resolveRange } from "../http/range.ts";
import { validate } from "../http/validate.ts";
import {
  orgVerdict,
  settingsFromConfig,
  sprintStatus,
  sprintWindow,
  type SeriesMetric,
  type SignalId,
  type SignalStatus,
  type SignalsResult,
} from "../metrics/index.ts";
import { teamAlertQuality, teamCi, teamDora, teamOncall, teamOpsWork, teamOverview, teamSeries, teamSignals } from "../services/teamWindow.ts";
import { isoAt, requireTeam } from "./metricsSupport.ts";

export const SERIES_METRICS = [
  "deployments",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "ci-duration",
  "ci-failure-rate",
  "ops-share",
  "alerts",
] as const satisfies readonly SeriesMetric[];

const teamParam = z.strictObject({ team: z.string().min(1) });
const rangeQuery = z.strictObject(rangeFields);
const alertsQuery = z.strictObject({
  ...rangeFields,
  // Thousands of sprints either side of the anchor is centuries; beyond that dates overflow.
  sprint: integerParam("sprint", -5000, 5000).optional(),
});
const signalsQuery = z.strictObject(asOfField);
const seriesQuery = z.strictObject({
  ...rangeFields,
  metric: z.enum(SERIES_METRICS),
  bucket: z.enum(["week"]).default("week"),
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

export const metricsRoutes = (deps: AppDeps) => {
  const settings = settingsFromConfig(deps.config);
  return new Hono()
    .get("/teams/:team/dora", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const dora = await teamDora(deps.db, team, range);
      return c.json({ team: team.id, range: rangeJson(range), ...dora }, 200);
    })
    .get("/teams/:team/ci", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const ci = await teamCi(deps.db, team, range);
      return c.json({ team: team.id, range: rangeJson(range), ...ci }, 200);
    })
    .get("/teams/:team/oncall", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const oncall = await teamOncall(deps.db, team, range, settings);
      // `team` is the team id on every endpoint; the team's on-call totals go out as `totals`.
      return c.json({ team: team.id, range: rangeJson(range), people: oncall.people, totals: oncall.team, mtta: oncall.mtta, mttr: oncall.mttr, notes: oncall.notes }, 200);
    })
    .get("/teams/:team/ops-work", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const ops = await teamOpsWork(deps.db, team, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), ...ops }, 200);
    })
    .get("/teams/:team/alerts", validate("param", teamParam), validate("query", alertsQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      if (query.sprint !== undefined && (query.from !== undefined || query.to !== undefined)) {
        throw badRequest("invalid query: give either sprint or from/to, not both");
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
    .get("/teams/:team/signals", validate("param", teamParam), validate("query", signalsQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const asOf = asOfInstant(c.req.valid("query").asOf, deps.now());
      const result = await teamSignals(deps.db, team, asOf, settings);
      return c.json({ ...result, asOf: isoAt(asOf) }, 200);
    })
    .get("/teams/:team/series", validate("param", teamParam), validate("query", seriesQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      const range = resolveRange(query, deps.now());
      const series = await teamSeries(deps.db, team, query.metric, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), bucket: query.bucket, ...series }, 200);
    })
    .get("/org/summary", validate("query", rangeQuery), async (c) => {
      const range = resolveRange(c.req.valid("query"), deps.now());
      const teams = await getTeams(deps.db);
      // The same figures as the team endpoints, so the summary never disagrees with a team page.
      const rows = await Promise.all(teams.map((team) => teamOverview(deps.db, team, range, settings)));
      const org = orgVerdict(
        rows.map((r) => r.signals),
        settings,
      );
      return c.json(
        {
          organization: deps.config.organization.name,
          range: rangeJson(range),
          asOf: isoAt(range.to),
          teams: rows.map(({ team, dora, ci, ops, signals }) => ({
            id: team.id,
            name: team.name,
            dora: {
              deploymentFrequency: { perWeek: dora.deploymentFrequency.perWeek, count: dora.deploymentFrequency.count, tier: dora.deploymentFrequency.tier },
              leadTime: { medianMinutes: dora.leadTime.medianMinutes, count: dora.leadTime.count, tier: dora.leadTime.tier },
              changeFailureRate: dora.changeFailureRate,
              recoveryTime: dora.recoveryTime,
            },
            opsShare: ops.share,
            opsStatus: ops.status,
            opsEstimatedShare: ops.estimatedShare,
            ciMedianMinutes: ci.overall.durationMedianMinutes,
            ciFailureRate: ci.overall.failureRate,
            verdict: signals.verdict,
            signals: signalStatuses(signals),
            hoursPerWeek: signals.hoursPerWeek,
            costPerWeek: signals.costPerWeek,
          })),
          verdict: org,
          currency: settings.currency,
        },
        200,
      );
    });
};
