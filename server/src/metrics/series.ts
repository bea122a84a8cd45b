/**
 * Weekly series for every chart: ISO weeks (Monday 00:00 UTC) overlapping the window, clipped to
 * it, each point from that week's ingredients (`weeks.ts`, `ledger.ts`). The read model passes the
 * rollups of whole weeks and edge weeks made from facts; `weeklySeries` makes the weeks from rows
 * (the reference).
 */
import type { TeamWeek } from "@opsledger/db";
import { LEDGER_CATEGORIES } from "@opsledger/db";
import { alertFact, classifyAlerts } from "./alerts.ts";
import { ciRunFacts } from "./ci.ts";
import { doraFacts } from "./dora.ts";
import { computeOpsWork, type OpsWorkResult } from "./ledger.ts";
import type { MetricSettings } from "./settings.ts";
import { WEEK, utcDate } from "./stats.ts";
import type { NamedSeries, SeriesInput, SeriesMetric, SeriesResult, Window, WeeklyPoint } from "./types.ts";
import { weeksOfWindow } from "./weeks.ts";

const point = (w: TeamWeek, window: Window, value: number | null, count: number): WeeklyPoint => ({
  weekStart: utcDate(w.weekStart),
  partial: w.weekStart < window.from || w.weekStart + WEEK > window.to,
  value,
  count,
});

/**
 * One point per week: counts (deployments, alerts) are plain counts, 0 when none; medians and
 * rates are null for a week with no data. Units: minutes for durations and lead times, fractions
 * for rates. `partial` marks a week the window covers only in part.
 */
export function seriesFromWeeks(metric: Exclude<SeriesMetric, "ops-share">, weeks: readonly TeamWeek[], window: Window): SeriesResult {
  const build = (name: string, pick: (w: TeamWeek) => { value: number | null; count: number }): NamedSeries => ({
    name,
    points: weeks.map((w) => {
      const { value, count } = pick(w);
      return point(w, window, value, count);
    }),
  });
  const rate = (part: number, whole: number) => ({ value: whole > 0 ? part / whole : null, count: whole });
  switch (metric) {
    case "deployments":
      return { metric, series: [build("deployments", (w) => ({ value: w.deployments, count: w.deployments }))], notes: [] };
    case "change-failure-rate":
      return { metric, series: [build("change-failure-rate", (w) => rate(w.failed, w.deployments))], notes: [] };
    case "recovery-time":
      return { metric, series: [build("recovery-time", (w) => ({ value: w.recoveryMedian, count: w.recoveryN }))], notes: [] };
    case "lead-time":
      return {
        metric,
        series: [
          build("total", (w) => ({ value: w.leadMedian, count: w.leadN })),
          build("coding", (w) => ({ value: w.codingMedian, count: w.codingN })),
          build("pickup", (w) => ({ value: w.pickupMedian, count: w.pickupN })),
          build("review", (w) => ({ value: w.reviewMedian, count: w.reviewN })),
          build("deploy", (w) => ({ value: w.deployMedian, count: w.deployN })),
        ],
        notes: [],
      };
    case "ci-duration":
      return { metric, series: [build("ci-duration", (w) => ({ value: w.ciDurationMedian, count: w.ciSuccess + w.ciFailure }))], notes: [] };
    case "ci-failure-rate":
      return { metric, series: [build("ci-failure-rate", (w) => rate(w.ciFailure, w.ciSuccess + w.ciFailure))], notes: [] };
    case "alerts":
      return {
        metric,
        series: [
          build("alerts", (w) => ({ value: w.alerts, count: w.alerts })),
          build("noise", (w) => ({ value: w.noise, count: w.alerts })),
          build("actionable-ratio", (w) => rate(w.alerts - w.noise, w.alerts)),
        ],
        notes: [],
      };
  }
}

/**
 * The ops share per week (`team`, what the headline's window is the weighted mean of) and each
 * ledger category's share of the same working minutes, for the stacked chart.
 */
export function opsShareSeries(ops: OpsWorkResult): SeriesResult {
  const points = (pick: (w: OpsWorkResult["weeks"][number]) => number | null): WeeklyPoint[] =>
    ops.weeks.map((w) => ({ weekStart: w.weekStart, partial: w.partial, value: pick(w), count: w.workingMinutes > 0 ? 1 : 0 }));
  return {
    metric: "ops-share",
    series: [
      { name: "team", points: points((w) => w.share) },
      ...LEDGER_CATEGORIES.map((category) => ({
        name: category,
        points: points((w) => (w.share === null || w.workingMinutes === 0 ? null : w.byCategory[category] / w.workingMinutes)),
      })),
    ],
    notes: ops.notes,
  };
}

/** Weekly series from rows (the reference): the rows' facts bucketed into the window's weeks. */
export function weeklySeries(metric: SeriesMetric, input: SeriesInput, window: Window, settings: MetricSettings): SeriesResult {
  if (metric === "ops-share") return opsShareSeries(computeOpsWork(input.oncall ?? null, window, settings));
  const dora = input.dora ? doraFacts(input.dora, settings) : { deploys: [], changes: [], incidents: [] };
  const weeks = weeksOfWindow(window, {
    deploys: dora.deploys,
    changesDeployed: dora.changes.filter((c) => c.deploymentId !== null),
    changesNeverDeployed: dora.changes.filter((c) => c.deploymentId === null),
    ciRuns: ciRunFacts(input.ciRuns ?? []),
    incidents: dora.incidents,
    alerts: classifyAlerts(input.alerts ?? []).map(alertFact),
  });
  return seriesFromWeeks(metric, weeks, window);
}
