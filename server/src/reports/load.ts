/**
 * The report's I/O: fetch each team's rows through the db read queries and hand them to the
 * metric functions, the same building blocks (and windows) /api/org/summary uses, once for the
 * quarter and once for the quarter before it. Everything after that is pure (model.ts).
 */
import { getTeamActivity, getTeamCiRuns, getTeamDelivery, getTeamOncall, getTeams, type Db, type Team } from "@opsledger/db";
import {
  computeCi,
  computeDora,
  computeOncall,
  computeSignals,
  orgVerdict,
  weeklySeries,
  type MetricSettings,
  type SignalsResult,
} from "../metrics/index.ts";
import { deliveryWindow, oncallWindow, plainWindow, SIGNALS_SPAN_MS } from "../routes/metricsSupport.ts";
import { assembleReport, chartSeriesFor, type QuarterMetrics, type Report, type TeamQuarterMetrics } from "./model.ts";
import { previousQuarter, quarterAsOf, quarterLabel, quarterStatus, quarterWindow, type Quarter } from "./quarter.ts";

/** The ops-load and delivery-pressure signals look at the 4 weeks before asOf (metrics/signals.ts). */
const SIGNAL_RECENT_MS = 4 * 7 * 86_400_000;

/** Signals as of an instant, from the 90 days before it (as GET /teams/:team/signals and the org summary compute them). */
async function signalsAsOf(db: Db, team: Team, asOf: number, settings: MetricSettings) {
  const activity = await getTeamActivity(db, team, { from: asOf - SIGNALS_SPAN_MS, to: asOf, lookbackMs: 0, lookaheadMs: 0 });
  const signals: SignalsResult = computeSignals({ ...activity, orgCompliance: settings.orgCompliance }, asOf, settings);
  const recentOncall = computeOncall(activity, { from: asOf - SIGNAL_RECENT_MS, to: asOf }, settings);
  return { signals, recentOncall };
}

async function teamQuarter(
  db: Db,
  team: Team,
  range: { from: number; to: number },
  settings: MetricSettings,
  withCharts: boolean,
): Promise<TeamQuarterMetrics> {
  // The same queries and windows as the team endpoints and the org summary, so the report never
  // disagrees with a team page for the same window.
  const [delivery, ciRuns, oncallRows, { signals, recentOncall }] = await Promise.all([
    getTeamDelivery(db, team, deliveryWindow(range, settings)),
    getTeamCiRuns(db, team, plainWindow(range)),
    getTeamOncall(db, team, oncallWindow(range, settings)),
    signalsAsOf(db, team, range.to, settings),
  ]);
  const dora = { team, ...delivery };
  const oncall = { team, ...oncallRows };
  // Weekly series are the costly part (ops share recomputes on-call load per week): only the ones
  // a finding of this quarter will chart.
  const series: TeamQuarterMetrics["series"] = {};
  const wanted = withCharts ? signals.signals.map((s) => chartSeriesFor(s, settings)) : [];
  for (const which of new Set(wanted)) {
    if (which === "opsShare") series.opsShare = weeklySeries("ops-share", { oncall }, range, settings);
    else if (which === "deployments") series.deployments = weeklySeries("deployments", { dora }, range, settings);
    else if (which === "ciDuration") series.ciDuration = weeklySeries("ci-duration", { ciRuns }, range, settings);
    else if (which === "ciFailureRate") series.ciFailureRate = weeklySeries("ci-failure-rate", { ciRuns }, range, settings);
  }
  return {
    team: { id: team.id, name: team.name },
    dora: computeDora(dora, range, settings),
    ci: computeCi(ciRuns, range),
    oncall: computeOncall(oncall, range, settings),
    signals,
    recentOncall,
    series,
  };
}

/** Every team's metrics for one quarter, over [start, asOf) with asOf = min(end, now). */
export async function loadQuarterMetrics(
  db: Db,
  teams: Team[],
  quarter: Quarter,
  now: number,
  settings: MetricSettings,
  options: { withCharts: boolean },
): Promise<QuarterMetrics> {
  const window = quarterWindow(quarter);
  const asOf = quarterAsOf(quarter, now);
  const range = { from: window.from, to: asOf };
  const rows = await Promise.all(teams.map((team) => teamQuarter(db, team, range, settings, options.withCharts)));
  return { quarter, window, asOf, org: orgVerdict(rows.map((r) => r.signals), settings), teams: rows };
}

export class FutureQuarterError extends Error {}

/** The report for a quarter and the one before it. Throws FutureQuarterError when the quarter has not started by `now`. */
export async function buildReport(
  db: Db,
  options: { quarter: Quarter; now: number; settings: MetricSettings; organization: string },
): Promise<Report> {
  const { quarter, now, settings } = options;
  if (quarterStatus(quarter, now) === "future") {
    throw new FutureQuarterError(`quarter ${quarterLabel(quarter)} has not started yet (it begins ${new Date(quarterWindow(quarter).from).toISOString().slice(0, 10)})`);
  }
  const teams = await getTeams(db);
  const [current, previous] = await Promise.all([
    loadQuarterMetrics(db, teams, quarter, now, settings, { withCharts: true }),
    // The previous quarter only feeds the comparison table: no charts.
    loadQuarterMetrics(db, teams, previousQuarter(quarter), now, settings, { withCharts: false }),
  ]);
  return assembleReport({ organization: options.organization, generatedAt: now, settings, current, previous });
}
