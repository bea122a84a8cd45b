/**
 * Pure mappers from the server's weekly series to what a chart draws. They reshape and label; they
 * never compute a metric (every value is the server's). Input types are structural — the fields a
 * mapper reads — so the API's own response types fit them without being re-declared here.
 */
import { seriesColour } from "./palette.ts";

/** How a value is formatted on axes, tooltips and in the data table. */
export type ValueKind = "count" | "minutes" | "percent";

export interface ChartSeries {
  /** Column in the rows (stable, safe as a Recharts dataKey). */
  key: string;
  /** Legend and table label. */
  name: string;
  colour: string;
  kind: "bar" | "line";
  /** Bars with the same stack id are stacked. */
  stack?: string;
  axis: "left" | "right";
  unit: ValueKind;
  /** Dashed line (e.g. a team-wide series drawn over per-person lines). */
  dashed?: boolean;
  /** Hatched bar: an estimate, drawn apart from measured bars without relying on colour. */
  hatched?: boolean;
}

export interface ChartRow {
  /** Monday of the ISO week, YYYY-MM-DD. */
  weekStart: string;
  /** The range covers only part of this week (server's `partial`): drawn paler and labelled. */
  partial: boolean;
  values: Record<string, number | null>;
}

export interface ReferenceLineSpec {
  value: number;
  /** What the line is ("Warning"); the chart adds the formatted value. */
  label: string;
  colour: string;
  axis: "left" | "right";
}

export interface ChartModel {
  rows: ChartRow[];
  series: ChartSeries[];
  referenceLines: ReferenceLineSpec[];
  /** True when no series has a single value in the range: the chart shows an empty state. */
  empty: boolean;
}

/** The fields of one weekly point a mapper reads. */
export interface PointLike {
  weekStart: string;
  value: number | null;
  partial?: boolean;
}

/** The fields of one named series a mapper reads. */
export interface SeriesLike {
  name: string;
  /** The name to show where `name` is an id (ops-share: the person's name). */
  label?: string;
  points: readonly PointLike[];
}

export interface SeriesStyle {
  name?: string;
  kind?: "bar" | "line";
  stack?: string;
  axis?: "left" | "right";
  unit: ValueKind;
  colour?: string;
  dashed?: boolean;
  hatched?: boolean;
}

/**
 * Lines the named series up by week. Weeks missing from a series become null (a gap, not 0);
 * `style(name, index)` says how each series is drawn, or null to leave it out.
 */
export function weeklyModel(
  input: readonly SeriesLike[],
  style: (name: string, index: number) => SeriesStyle | null,
  referenceLines: ReferenceLineSpec[] = [],
): ChartModel {
  const weeks = new Set<string>();
  const partialWeeks = new Set<string>();
  const series: ChartSeries[] = [];
  const columns: { key: string; byWeek: Map<string, number | null> }[] = [];
  input.forEach((named, index) => {
    const s = style(named.name, index);
    if (s === null) return;
    const key = `s${series.length}`;
    series.push({
      key,
      name: s.name ?? named.name,
      colour: s.colour ?? seriesColour(series.length),
      kind: s.kind ?? "bar",
      axis: s.axis ?? "left",
      unit: s.unit,
      ...(s.stack === undefined ? {} : { stack: s.stack }),
      ...(s.dashed === undefined ? {} : { dashed: s.dashed }),
      ...(s.hatched === undefined ? {} : { hatched: s.hatched }),
    });
    const byWeek = new Map<string, number | null>();
    for (const point of named.points) {
      weeks.add(point.weekStart);
      if (point.partial === true) partialWeeks.add(point.weekStart);
      byWeek.set(point.weekStart, point.value);
    }
    columns.push({ key, byWeek });
  });
  const rows = [...weeks].sort().map((weekStart) => ({
    weekStart,
    partial: partialWeeks.has(weekStart),
    values: Object.fromEntries(columns.map((c) => [c.key, c.byWeek.get(weekStart) ?? null])),
  }));
  const empty = rows.every((row) => Object.values(row.values).every((v) => v === null));
  return { rows, series, referenceLines, empty };
}

/** Recharts wants flat rows: { weekStart, s0, s1, … }. */
export function flatRows(model: ChartModel): Record<string, string | number | null>[] {
  return model.rows.map((row) => ({ weekStart: row.weekStart, ...row.values }));
}

/** The latest week with a value in any series, for a chart's text description. */
export function latestRow(model: ChartModel): ChartRow | null {
  for (let i = model.rows.length - 1; i >= 0; i--) {
    const row = model.rows[i];
    if (row !== undefined && Object.values(row.values).some((v) => v !== null)) return row;
  }
  return null;
}

/** Round steps per unit: counts in 1-2-5 steps, durations in clock units, shares in whole percents. */
const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 7 * 1440, 14 * 1440, 28 * 1440];
const oneTwoFive = (min: number): number[] => {
  const out: number[] = [];
  for (let p = min; out.length < 60; p *= 10) out.push(p, 2 * p, 5 * p);
  return out;
};
const COUNT_STEPS = oneTwoFive(1);
const PERCENT_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, ...oneTwoFive(2)];

/**
 * Axis ticks on round units from 0 to just above `max`, at most `most` intervals: counts are whole
 * numbers (never "0, 0, 1, 1, 1"), durations are minutes, hours or days that read as such (never
 * 10.8h), shares are whole percents. An axis with nothing above 0 gets [0, one step].
 */
export function roundTicks(max: number, unit: ValueKind, most = 5): number[] {
  const steps = unit === "minutes" ? [...MINUTE_STEPS, ...oneTwoFive(40_320).slice(1)] : unit === "percent" ? PERCENT_STEPS : COUNT_STEPS;
  const top = Number.isFinite(max) && max > 0 ? max : 0;
  const step = steps.find((s) => Math.ceil(top / s - 1e-9) <= most) ?? steps[steps.length - 1] ?? 1;
  const n = Math.max(1, Math.ceil(top / step - 1e-9));
  // Multiply rather than add, so 0.1 + 0.2 never shows as 0.30000000000000004.
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The largest value an axis has to show: stacked bars summed per week, reference lines included. */
export function axisMax(model: ChartModel, axis: "left" | "right"): number {
  let max = 0;
  for (const row of model.rows) {
    const stacks = new Map<string, number>();
    for (const s of model.series) {
      if (s.axis !== axis) continue;
      const v = row.values[s.key];
      if (v === null || v === undefined) continue;
      if (s.kind === "bar" && s.stack !== undefined) stacks.set(s.stack, (stacks.get(s.stack) ?? 0) + v);
      else max = Math.max(max, v);
    }
    for (const total of stacks.values()) max = Math.max(max, total);
  }
  for (const r of model.referenceLines) if (r.axis === axis) max = Math.max(max, r.value);
  return max;
}
