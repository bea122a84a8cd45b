/**
 * One mapper per chart: the server's weekly series in, a `ChartModel` out. Labels and styling only;
 * every value is the server's.
 */
import { CATEGORY_COLOURS, CATEGORY_NAMES, isLedgerCategory } from "../ledger.ts";
import { OKABE_ITO } from "./palette.ts";
import { weeklyModel, type ChartModel, type SeriesLike } from "./model.ts";

/** Production deployments per week. */
export function deploymentsChart(series: readonly SeriesLike[]): ChartModel {
  return weeklyModel(series, (name) => (name === "deployments" ? { name: "Deployments", unit: "count", colour: OKABE_ITO.blue } : null));
}

const LEAD_PARTS: Record<string, { name: string; colour: string }> = {
  coding: { name: "Coding", colour: OKABE_ITO.skyBlue },
  pickup: { name: "Pickup", colour: OKABE_ITO.orange },
  review: { name: "Review", colour: OKABE_ITO.reddishPurple },
  deploy: { name: "Deploy", colour: OKABE_ITO.bluishGreen },
};

/** Lead time: the weekly medians of its parts stacked, and the median total as a line over them. */
export function leadTimeChart(series: readonly SeriesLike[]): ChartModel {
  const ordered = [...series.filter((s) => s.name !== "total"), ...series.filter((s) => s.name === "total")];
  return weeklyModel(ordered, (name) => {
    if (name === "total") return { name: "Median lead time", kind: "line", unit: "minutes", colour: OKABE_ITO.black };
    const part = LEAD_PARTS[name];
    return part === undefined ? null : { name: `${part.name} (median)`, kind: "bar", stack: "parts", unit: "minutes", colour: part.colour };
  });
}

export function changeFailureRateChart(series: readonly SeriesLike[]): ChartModel {
  return weeklyModel(series, (name) =>
    name === "change-failure-rate" ? { name: "Change failure rate", unit: "percent", colour: OKABE_ITO.vermillion } : null,
  );
}

export function recoveryTimeChart(series: readonly SeriesLike[]): ChartModel {
  return weeklyModel(series, (name) => (name === "recovery-time" ? { name: "Median recovery time", unit: "minutes", colour: OKABE_ITO.reddishPurple } : null));
}

/** CI: median duration as bars (left axis) and failure rate as a line (right axis), two series responses in one chart. */
export function ciChart(duration: readonly SeriesLike[], failureRate: readonly SeriesLike[]): ChartModel {
  return weeklyModel([...duration, ...failureRate], (name) => {
    if (name === "ci-duration") return { name: "Median duration", kind: "bar", unit: "minutes", colour: OKABE_ITO.skyBlue };
    if (name === "ci-failure-rate") return { name: "Failure rate", kind: "line", axis: "right", unit: "percent", colour: OKABE_ITO.vermillion };
    return null;
  });
}

/**
 * Ops share per week, stacked by ledger category (the `ops-share` series: each category's minutes
 * over the team's working minutes, as the server computed them), with the warning and critical
 * lines. Only categories counted in the share are drawn; the estimated one is hatched, so it
 * reads apart from the measured ones without relying on colour.
 */
export function opsWorkChart(
  series: readonly SeriesLike[],
  categories: readonly { category: string; enabled: boolean; estimated: boolean }[],
  thresholds: { warning: number; critical: number | null },
): ChartModel {
  const counted = new Map(categories.filter((c) => c.enabled).map((c) => [c.category, c]));
  const lines = [
    { value: thresholds.warning, label: "Warning", colour: OKABE_ITO.orange, axis: "left" as const },
    ...(thresholds.critical === null ? [] : [{ value: thresholds.critical, label: "Critical", colour: OKABE_ITO.vermillion, axis: "left" as const }]),
  ];
  // Measured categories at the bottom of the stack, estimated ones on top, each group in ledger order.
  const ordered = [...series].sort((a, b) => Number(counted.get(a.name)?.estimated ?? false) - Number(counted.get(b.name)?.estimated ?? false));
  return weeklyModel(
    ordered,
    (name) => {
      const c = counted.get(name);
      if (c === undefined || !isLedgerCategory(name)) return null;
      return { name: CATEGORY_NAMES[name], kind: "bar", stack: "ops", unit: "percent", colour: CATEGORY_COLOURS[name], ...(c.estimated ? { hatched: true } : {}) };
    },
    lines,
  );
}

/** Alerts per week: all alerts and the noisy ones. */
export function alertsChart(series: readonly SeriesLike[]): ChartModel {
  return weeklyModel(series, (name) => {
    if (name === "alerts") return { name: "Alerts", kind: "bar", unit: "count", colour: OKABE_ITO.blue };
    if (name === "noise") return { name: "Noise", kind: "bar", unit: "count", colour: OKABE_ITO.orange };
    return null;
  });
}

/** The fields of a report chart the mapper reads (the report API's chart fits). */
export interface ReportChartLike {
  title: string;
  unit: "count" | "fraction" | "minutes";
  thresholds: readonly { label: string; value: number }[];
  /** `partial`: the quarter covers only part of the week — drawn paler and labelled, as on every weekly chart. */
  points: readonly { weekStart: string; value: number | null; partial?: boolean }[];
}

/** A quarterly-report chart: one weekly series with its thresholds drawn across it. */
export function reportChart(chart: ReportChartLike): ChartModel {
  const unit = chart.unit === "fraction" ? "percent" : chart.unit;
  const colours = [OKABE_ITO.orange, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple];
  return weeklyModel(
    [{ name: chart.title, points: chart.points }],
    () => ({ kind: "bar", unit, colour: OKABE_ITO.blue }),
    chart.thresholds.map((t, i) => ({ value: t.value, label: t.label, colour: colours[i % colours.length] ?? OKABE_ITO.vermillion, axis: "left" as const })),
  );
}
