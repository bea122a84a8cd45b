/**
 * The report's I/O: each team's figures from the team-metrics service, the same fetch-and-compute
 * (and windows) the team endpoints and /api/org/summary use, once for the quarter and once for the
 * quarter before it. Everything after that is pure (model.ts).
 */
import { getTeams, type Db, type Team } from "@opsledger/db";
import type { Config } from "../config/schema.ts";
import { fundFirst, opsShareSeries, orgVerdict, phaseLine, signalWindows, type MetricSettings } from "../metrics/index.ts";
import { teamScorecard } from "../services/maturity.ts";
import { WindowReads, teamOncall, teamOverview, teamSeries } from "../services/teamWindow.ts";
import { assembleReport, chartSeriesFor, type QuarterMetrics, type Report, type TeamQuarterMetrics } from "./model.ts";
import { previousQuarter, quarterAsOf, quarterLabel, quarterStatus, quarterWindow, type Quarter } from "./quarter.ts";

async function teamQuarter(
  db: Db,
  team: Team,
  range: { from: number; to: number },
  settings: MetricSettings,
  withCharts: boolean,
  config: Config | undefined,
): Promise<TeamQuarterMetrics> {
  // One memo for the team's quarter: the overview, the recent on-call load and the charts share reads.
  const reads = new WindowReads(db);
  const { dora, ci, ops, signals, investment } = await teamOverview(reads, team, range, settings, { signalRecords: false });
  const recent = await teamOncall(reads, team, signalWindows(range.to).short, settings);
  // Weekly series: only the ones a finding of this quarter will chart.
  const series: TeamQuarterMetrics["series"] = {};
  const wanted = withCharts ? signals.signals.map((s) => chartSeriesFor(s, settings)) : [];
  for (const which of new Set(wanted)) {
    if (which === "opsShare") series.opsShare = opsShareSeries(ops, range);
    else if (which === "deployments") series.deployments = await teamSeries(reads, team, "deployments", range, settings);
    else if (which === "ciDuration") series.ciDuration = await teamSeries(reads, team, "ci-duration", range, settings);
    else if (which === "ciFailureRate") series.ciFailureRate = await teamSeries(reads, team, "ci-failure-rate", range, settings);
  }
  const out: TeamQuarterMetrics = { team: { id: team.id, name: team.name }, dora, ci, ops, signals, investment, recentSleepPages: recent.team.interruptions.sleep, series };
  if (config !== undefined) {
    const card = await teamScorecard(db, team, range.to, config);
    // The figures each failing check should move are the quarter's own.
    const figures = {
      changeFailureRate: dora.changeFailureRate.rate,
      recoveryMinutes: dora.recoveryTime.medianMinutes,
      deploysPerWeek: dora.deploymentFrequency.count === 0 ? null : dora.deploymentFrequency.perWeek,
      leadTimeMinutes: dora.leadTime.medianMinutes,
      timeToRestoreMinutes: dora.timeToRestore.medianMinutes,
    };
    out.maturity = { phase: card.phase, line: phaseLine(card), fundFirst: fundFirst(card, figures) };
  }
  return out;
}

/** Every team's metrics for one quarter, over [start, asOf) with asOf = min(end, now). */
export async function loadQuarterMetrics(
  db: Db,
  teams: Team[],
  quarter: Quarter,
  now: number,
  settings: MetricSettings,
  options: { withCharts: boolean; config?: Config },
): Promise<QuarterMetrics> {
  const window = quarterWindow(quarter);
  const asOf = quarterAsOf(quarter, now);
  const range = { from: window.from, to: asOf };
  const rows = await Promise.all(teams.map((team) => teamQuarter(db, team, range, settings, options.withCharts, options.config)));
  return { quarter, window, asOf, org: orgVerdict(rows.map((r) => r.signals), settings), teams: rows };
}

export class FutureQuarterError extends Error {}

/** The report for a quarter and the one before it. Throws FutureQuarterError when the quarter has not started by `now`. */
export async function buildReport(
  db: Db,
  options: { quarter: Quarter; now: number; settings: MetricSettings; organization: string; config?: Config },
): Promise<Report> {
  const { quarter, now, settings } = options;
  if (quarterStatus(quarter, now) === "future") {
    throw new FutureQuarterError(`quarter ${quarterLabel(quarter)} has not started yet (it begins ${new Date(quarterWindow(quarter).from).toISOString().slice(0, 10)})`);
  }
  const teams = await getTeams(db);
  const [current, previous] = await Promise.all([
    loadQuarterMetrics(db, teams, quarter, now, settings, { withCharts: true, config: options.config }),
    // The previous quarter only feeds the comparison table and the phase before: no charts.
    loadQuarterMetrics(db, teams, previousQuarter(quarter), now, settings, { withCharts: false, config: options.config }),
  ]);
  return assembleReport({ organization: options.organization, generatedAt: now, settings, current, previous });
}
