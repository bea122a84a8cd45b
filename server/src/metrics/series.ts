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
import { DAY, WEEK, utcDate } from "./stats.ts";
import type { Note, NamedSeries, SeriesInput, SeriesMetric, SeriesResult, Window, WeeklyPoint } from "./types.ts";
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
  const { drawn, notes } = weeksToDraw(weeks, window);
  const build = (name: string, pick: (w: TeamWeek) => { value: number | null; count: number }): NamedSeries => ({
    name,
    points: drawn.map((w) => {
      const { value, count } = pick(w);
      return point(w, window, value, count);
    }),
  });
  const result = seriesOf(metric, build);
  return { ...result, notes: [...result.notes, ...notes] };
}

/**
 * Time drawn honestly (one rule for every weekly chart): a week the window covers only in part is
 * drawn with what happened in the part covered, never pro-rated, and marked `partial`; the last
 * week is not drawn at all when the window covers less than a day of it — a week that began today
 * has had no time to happen, and a bar of 0 would read as a quiet week. Its records still count in
 * the window's figures; a note says so.
 */
export function weeksToDraw<W extends { weekStart: number }>(weeks: readonly W[], window: Window): { drawn: W[]; notes: Note[] } {
  const last = weeks[weeks.length - 1];
  const notes: Note[] = [];
  let drawn = [...weeks];
  if (last !== undefined && weeks.length > 1 && window.to - Math.max(last.weekStart, window.from) < DAY) {
    drawn = drawn.slice(0, -1);
    notes.push({ code: "partial_weeks", count: 1, message: `the week of ${utcDate(last.weekStart)} began less than a day before the end of the range: not drawn (its records count in the range's figures)` });
  }
  const marked = drawn.filter((w) => w.weekStart < window.from || w.weekStart + WEEK > window.to).length;
  if (marked > 0) notes.push({ code: "partial_weeks", count: marked, message: `${marked === 1 ? "1 week is" : `${marked} weeks are`} only partly in the range: drawn with what happened in the part covered, not pro-rated, and marked partial` });
  return { drawn, notes };
}

function seriesOf(metric: Exclude<SeriesMetric, "ops-share">, build: (name: string, pick: (w: TeamWeek) => { value: number | null; count: number }) => NamedSeries): SeriesResult {
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
 * ledger category's share of the same working minutes, for the stacked chart. Drawn by the one
 * rule of every weekly chart (`weeksToDraw`): a week the window covers only in part is the share of
 * the part covered — its ledger minutes over the working minutes of that part, as the headline
 * counts them, never scaled to a whole week — and is marked partial; a week that began less than
 * a day before the window's end is not drawn (a few hours of working time would make one page
 * look like a week of ops work), and a note says so.
 */
export function opsShareSeries(ops: OpsWorkResult, window: Window): SeriesResult {
  const { drawn, notes } = weeksToDraw(
    ops.weeks.map((week) => ({ weekStart: Date.parse(`${week.weekStart}T00:00:00Z`), week })),
    window,
  );
  const points = (pick: (w: OpsWorkResult["weeks"][number]) => number | null): WeeklyPoint[] =>
    drawn.map(({ week: w }) => ({ weekStart: w.weekStart, partial: w.partial, value: pick(w), count: w.workingMinutes > 0 ? 1 : 0 }));
  return {
    metric: "ops-share",
    series: [
      { name: "team", points: points((w) => w.share) },
      ...LEDGER_CATEGORIES.map((category) => ({
        name: category,
        points: points((w) => (w.share === null || w.workingMinutes === 0 ? null : w.byCategory[category] / w.workingMinutes)),
      })),
    ],
    notes: [...ops.notes, ...notes],
  };
}

/** Weekly series from rows (the reference): the rows' facts bucketed into the window's weeks. */
export function weeklySeries(metric: SeriesMetric, input: SeriesInput, window: Window, settings: MetricSettings): SeriesResult {
  if (metric === "ops-share") return opsShareSeries(computeOpsWork(input.oncall ?? null, window, settings), window);
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
