import { useId, type ReactNode } from "react";
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatMinutes, formatMinutesShort, formatPercent, formatWeek } from "../format.ts";
import { axisMax, flatRows, latestRow, roundTicks, type ChartModel, type ValueKind } from "./model.ts";

export type ChartSize = "screen" | "paper";

const formatValue = (unit: ValueKind, value: number | null | undefined): string =>
  unit === "minutes" ? formatMinutes(value) : unit === "percent" ? formatPercent(value) : formatCount(value);

const formatTick = (unit: ValueKind, value: number): string =>
  unit === "minutes" ? formatMinutesShort(value) : unit === "percent" ? formatPercent(value) : formatCount(value);

/**
 * Vertical shifts (px) of the reference lines' labels so that close lines (15% and 20%) never
 * print their labels over each other: the highest line's label goes above it, the lowest's below
 * it, any between stay on their line.
 */
export function referenceLabelShifts(values: readonly number[]): number[] {
  if (values.length < 2) return values.map(() => 0);
  const max = Math.max(...values);
  const min = Math.min(...values);
  return values.map((v) => (v === max ? -7 : v === min ? 7 : 0));
}

/** A sentence for screen readers: what the chart shows and its latest values. */
function describe(title: string, model: ChartModel): string {
  const first = model.rows[0];
  const last = model.rows[model.rows.length - 1];
  const latest = latestRow(model);
  if (first === undefined || last === undefined || latest === null) return `${title}: no data in this range.`;
  const values = model.series.map((s) => `${s.name} ${formatValue(s.unit, latest.values[s.key])}`).join(", ");
  return `${title}, ${model.rows.length} weeks from the week of ${formatWeek(first.weekStart)} to the week of ${formatWeek(last.weekStart)}. Week of ${formatWeek(latest.weekStart)}: ${values}.`;
}

/**
 * The frame every weekly chart shares: a figure with a caption, the chart as a labelled image,
 * a text description, and the numbers as a table for anyone who cannot read the chart.
 */
export function WeeklyChart({ title, model, size = "screen", action, notes = [], partialNote, emptyText = "No data in this range.", children }: {
  title: string;
  model: ChartModel;
  size?: ChartSize;
  action?: ReactNode;
  /** What the chart leaves out and why, said under it. */
  notes?: readonly { code: string; message: string }[];
  /**
   * The page's one note on partial weeks, when the page says it once for all its charts: the
   * chart marks its partial weeks' ticks with the note's sign and points to it instead of
   * repeating it.
   */
  partialNote?: { id: string; sign: string };
  emptyText?: string;
  /** More to say under the chart (what each series means). */
  children?: ReactNode;
}) {
  const id = useId();
  // An id usable inside url(#…): React's ids carry characters a fill reference does not take.
  const safeId = `c${id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const hatchId = (key: string) => `${safeId}-hatch-${key}`;
  const labelShift = referenceLabelShifts(model.referenceLines.map((r) => r.value));
  const description = describe(title, model);
  const leftUnit = model.series.find((s) => s.axis === "left")?.unit ?? "count";
  const rightUnit = model.series.find((s) => s.axis === "right")?.unit;
  const unitOf = new Map(model.series.map((s) => [s.key, s.unit]));
  const partialWeeks = new Set(model.rows.filter((r) => r.partial).map((r) => r.weekStart));
  const referred = partialNote !== undefined && partialWeeks.size > 0 && !model.empty ? partialNote : null;
  const weekTick = (week: string) => (referred !== null && partialWeeks.has(week) ? `${formatWeek(week)}${referred.sign}` : formatWeek(week));
  const leftTicks = roundTicks(axisMax(model, "left"), leftUnit);
  const rightTicks = rightUnit === undefined ? [] : roundTicks(axisMax(model, "right"), rightUnit);
  const chartSize = size === "paper" ? { width: 640, height: 220 } : { style: { width: "100%", height: 240 }, responsive: true };
  return (
    <figure className={`chart chart-${size}`}>
      <figcaption>
        <span>{title}</span>
        {action}
      </figcaption>
      {model.empty ? (
        <p className="state state-empty">{emptyText}</p>
      ) : (
        <div role="img" aria-label={title} aria-describedby={referred === null ? `${id}-desc` : `${id}-desc ${referred.id}`} className="chart-body" style={size === "paper" ? { height: 220 } : undefined}>
          <ComposedChart
            data={flatRows(model)}
            accessibilityLayer={false}
            // Room on the right for the threshold labels, outside the bars.
            margin={{ top: 8, right: model.referenceLines.length > 0 ? 96 : 8, bottom: 0, left: 0 }}
            {...chartSize}
          >
            {model.series.some((s) => s.hatched === true) ? (
              <defs>
                {model.series
                  .filter((s) => s.hatched === true)
                  .map((s) => (
                    <pattern key={s.key} id={hatchId(s.key)} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                      <rect width="6" height="6" fill={s.colour} fillOpacity={0.3} />
                      <line x1="0" y1="0" x2="0" y2="6" stroke={s.colour} strokeWidth="2.5" />
                    </pattern>
                  ))}
              </defs>
            ) : null}
            <CartesianGrid stroke="#e5e8eb" vertical={false} />
            {/* Both ends always ticked: the weeks a range covers in part are its first and last. */}
            <XAxis dataKey="weekStart" tickFormatter={weekTick} interval="preserveStartEnd" tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis yAxisId="left" ticks={leftTicks} domain={[0, leftTicks[leftTicks.length - 1] ?? 1]} interval={0} tickFormatter={(v: number) => formatTick(leftUnit, v)} tick={{ fontSize: 11 }} width={52} />
            {rightUnit === undefined ? null : (
              <YAxis yAxisId="right" orientation="right" ticks={rightTicks} domain={[0, rightTicks[rightTicks.length - 1] ?? 1]} interval={0} tickFormatter={(v: number) => formatTick(rightUnit, v)} tick={{ fontSize: 11 }} width={48} />
            )}
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(label) => `Week of ${formatWeek(String(label))}${partialWeeks.has(String(label)) ? " (partial week)" : ""}`}
              formatter={(value, _name, item) => {
                const key = typeof item.dataKey === "string" ? item.dataKey : "";
                return formatValue(unitOf.get(key) ?? "count", typeof value === "number" ? value : null);
              }}
            />
            {/* The legend keeps the series order (keys s0, s1, …; a stack reads bottom to top), not the alphabet. */}
            {model.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} itemSorter="dataKey" /> : null}
            {model.series.map((s) =>
              s.kind === "bar" ? (
                <Bar
                  key={s.key}
                  className={s.hatched === true ? "bar-hatched" : undefined}
                  dataKey={s.key}
                  name={s.name}
                  fill={s.hatched === true ? `url(#${hatchId(s.key)})` : s.colour}
                  stroke={s.hatched === true ? s.colour : undefined}
                  yAxisId={s.axis}
                  stackId={s.stack}
                  isAnimationActive={false}
                >
                  {/* A week the range covers only in part is drawn paler: what happened so far, not a full week. */}
                  {model.rows.map((row) => (
                    <Cell key={row.weekStart} fillOpacity={row.partial ? 0.4 : 1} />
                  ))}
                </Bar>
              ) : (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  stroke={s.colour}
                  strokeWidth={2}
                  strokeDasharray={s.dashed === true ? "6 3" : undefined}
                  yAxisId={s.axis}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ),
            )}
            {model.referenceLines.map((r, i) => (
              <ReferenceLine
                key={r.label}
                className="reference-line"
                y={r.value}
                ifOverflow="extendDomain"
                yAxisId={r.axis}
                stroke={r.colour}
                strokeDasharray="4 4"
                label={{ value: `${r.label} ${formatValue(r.axis === "left" ? leftUnit : (rightUnit ?? leftUnit), r.value)}`, position: "right", fontSize: 11, fill: "#333", dy: labelShift[i] ?? 0 }}
              />
            ))}
          </ComposedChart>
        </div>
      )}
      {referred === null ? null : (
        <p className="chart-partial-key small">
          <a href={`#${referred.id}`}>{referred.sign} Partial week: see the note above</a>
        </p>
      )}
      {children}
      {notes.map((n, i) => (
        // Keyed by position too: one code can carry two notes (partial weeks at both ends, a week left out).
        <p key={`${i}-${n.code}`} className="chart-note small">
          {n.message}
        </p>
      ))}
      <p id={`${id}-desc`} className="chart-desc">
        {description}
      </p>
      {model.empty ? null : (
        <details className="chart-data no-print">
          <summary>Data table</summary>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  {model.series.map((s) => (
                    <th scope="col" className="num" key={s.key}>
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {model.rows.map((row) => (
                  <tr key={row.weekStart}>
                    <th scope="row">
                      {formatWeek(row.weekStart)}
                      {row.partial ? " (partial)" : ""}
                    </th>
                    {model.series.map((s) => (
                      <td className="num" key={s.key}>
                        {formatValue(s.unit, row.values[s.key])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}
