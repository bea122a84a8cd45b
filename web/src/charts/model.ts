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
      byWeek.set(point.weekStart, point.value);
    }
    columns.push({ key, byWeek });
  });
  const rows = [...weeks].sort().map((weekStart) => ({
    weekStart,
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
