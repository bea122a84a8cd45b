/**
 * Team metrics and the org summary (issue 3): validate, fetch the team's rows, hand them to the
 * pure metric functions, return JSON. Every figure carries its count and the notes saying what
 * was excluded and why.
 */
import { Hono } from "hono";
import { z } from "zod";
import { getTeamAlerts, getTeamCiRuns, getTeamCommitters, getTeamDelivery, getTeamOncall, getTeams, type Db, type Incident, type Team } from "@opsledger/db";
import type { AppDeps } from "../deps.ts";
import { badRequest } from "../http/errors.ts";
import { asOfField, integerParam, rangeFields, rangeJson, resolveRange, type Range } from "../http/range.ts";
import { validate } from "../http/validate.ts";
import {
  computeAlertQuality,
  computeCi,
  computeDora,
  computeOncall,
  computeSignals,
  orgVerdict,
  settingsFromConfig,
  sprintWindow,
  weeklySeries,
  type MetricSettings,
  type SeriesInput,
  type SeriesMetric,
  type SignalId,
  type SignalStatus,
  type SignalsResult,
} from "../metrics/index.ts";
import {
  alertsWindow,
  deliveryWindow,
  isoAt,
  oncallWindow,
  plainWindow,
  requireTeam,
  SIGNALS_SHORT_MS,
  SIGNALS_SPAN_MS,
} from "./metricsSupport.ts";

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

async function doraFor(db: Db, team: Team, range: Range, settings: MetricSettings) {
  const delivery = await getTeamDelivery(db, team, deliveryWindow(range, settings));
  return computeDora({ team, ...delivery }, range, settings);
}

async function ciFor(db: Db, team: Team, range: Range) {
  return computeCi(await getTeamCiRuns(db, team, plainWindow(range)), range);
}

async function oncallFor(db: Db, team: Team, range: Range, settings: MetricSettings) {
  const oncall = await getTeamOncall(db, team, oncallWindow(range, settings));
  return computeOncall({ team, ...oncall }, range, settings);
}

/** Incidents found by both the delivery and the on-call query, once each. */
const uniqueIncidents = (list: Incident[]): Incident[] => [...new Map(list.map((i) => [`${i.source}\u0000${i.id}`, i])).values()];

/**
 * Signals as of an instant. Only what they read is fetched: deployments, merged changes (without
 * their commit lists) and committers of the 90 days before it; CI runs and on-call rows of the
 * last 4 weeks, the on-call rows reaching back one engaged-span cap.
 */
async function signalsFor(db: Db, team: Team, asOf: number, settings: MetricSettings): Promise<SignalsResult> {
  const long = plainWindow({ from: asOf - SIGNALS_SPAN_MS, to: asOf });
  const short = { from: asOf - SIGNALS_SHORT_MS, to: asOf };
  const [delivery, committers, ciRuns, oncall] = await Promise.all([
    getTeamDelivery(db, team, long, { changeCommits: false }),
    getTeamCommitters(db, team, long),
    getTeamCiRuns(db, team, plainWindow(short)),
    getTeamOncall(db, team, oncallWindow(short, settings)),
  ]);
  return computeSignals(
    { team, orgCompliance: settings.orgCompliance, ...delivery, committers, ciRuns, ...oncall, incidents: uniqueIncidents([...delivery.incidents, ...oncall.incidents]) },
    asOf,
    settings,
  );
}

/** The rows one series needs, and nothing else. */
async function seriesInput(db: Db, team: Team, metric: SeriesMetric, range: Range, settings: MetricSettings): Promise<SeriesInput> {
  switch (metric) {
    case "deployments":
    case "lead-time":
    case "change-failure-rate":
    case "recovery-time":
      return { dora: { team, ...(await getTeamDelivery(db, team, deliveryWindow(range, settings))) } };
    case "ci-duration":
    case "ci-failure-rate":
      return { ciRuns: await getTeamCiRuns(db, team, plainWindow(range)) };
    case "ops-share":
      return { oncall: { team, ...(await getTeamOncall(db, team, oncallWindow(range, settings))) } };
    case "alerts":
      return { alerts: await getTeamAlerts(db, team, alertsWindow(range)) };
  }
}

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
      const dora = await doraFor(deps.db, team, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), ...dora }, 200);
    })
    .get("/teams/:team/ci", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const ci = await ciFor(deps.db, team, range);
      return c.json({ team: team.id, range: rangeJson(range), ...ci }, 200);
    })
    .get("/teams/:team/oncall", validate("param", teamParam), validate("query", rangeQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const range = resolveRange(c.req.valid("query"), deps.now());
      const oncall = await oncallFor(deps.db, team, range, settings);
      // `team` is the team id on every endpoint; the team's on-call totals go out as `totals`.
      return c.json({ team: team.id, range: rangeJson(range), people: oncall.people, totals: oncall.team, mtta: oncall.mtta, mttr: oncall.mttr, notes: oncall.notes }, 200);
    })
    .get("/teams/:team/alerts", validate("param", teamParam), validate("query", alertsQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      if (query.sprint !== undefined && (query.from !== undefined || query.to !== undefined)) {
        throw badRequest("invalid query: give either sprint or from/to, not both");
      }
      const range = query.sprint === undefined ? resolveRange(query, deps.now()) : sprintWindow(query.sprint, settings);
      const [alerts, oncall] = await Promise.all([
        getTeamAlerts(deps.db, team, alertsWindow(range)),
        getTeamOncall(deps.db, team, oncallWindow(range, settings)),
      ]);
      const quality = computeAlertQuality(alerts, range, settings, { pages: oncall.pages, people: oncall.people, ownedServices: team.services });
      return c.json({ team: team.id, range: rangeJson(range), sprint: query.sprint ?? null, ...quality }, 200);
    })
    .get("/teams/:team/signals", validate("param", teamParam), validate("query", signalsQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const asOf = c.req.valid("query").asOf ?? deps.now();
      const result = await signalsFor(deps.db, team, asOf, settings);
      return c.json({ ...result, asOf: isoAt(asOf) }, 200);
    })
    .get("/teams/:team/series", validate("param", teamParam), validate("query", seriesQuery), async (c) => {
      const team = await requireTeam(deps.db, c.req.valid("param").team);
      const query = c.req.valid("query");
      const range = resolveRange(query, deps.now());
      const input = await seriesInput(deps.db, team, query.metric, range, settings);
      const series = weeklySeries(query.metric, input, range, settings);
      return c.json({ team: team.id, range: rangeJson(range), bucket: query.bucket, ...series }, 200);
    })
    .get("/org/summary", validate("query", rangeQuery), async (c) => {
      const range = resolveRange(c.req.valid("query"), deps.now());
      const teams = await getTeams(deps.db);
      const rows = await Promise.all(
        teams.map(async (team) => {
          // The same calls as the team endpoints, so the summary never disagrees with a team page.
          const [dora, ci, oncall, signals] = await Promise.all([
            doraFor(deps.db, team, range, settings),
            ciFor(deps.db, team, range),
            oncallFor(deps.db, team, range, settings),
            signalsFor(deps.db, team, range.to, settings),
          ]);
          return { team, dora, ci, oncall, signals };
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
          teams: rows.map(({ team, dora, ci, oncall, signals }) => ({
            id: team.id,
            name: team.name,
            dora: {
              deploymentFrequency: { perWeek: dora.deploymentFrequency.perWeek, count: dora.deploymentFrequency.count, tier: dora.deploymentFrequency.tier },
              leadTime: { medianMinutes: dora.leadTime.medianMinutes, count: dora.leadTime.count, tier: dora.leadTime.tier },
              changeFailureRate: dora.changeFailureRate,
              recoveryTime: dora.recoveryTime,
            },
            opsShare: oncall.team.opsShare,
            opsStatus: oncall.team.status,
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
