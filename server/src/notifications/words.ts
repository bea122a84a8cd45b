/**
 * How notifications name figures and write their values: the server's one formatter
 * (reports/format.ts) with the units of each figure and signal. Presentation only.
 */
import type { FigureId } from "../config/notifications.ts";
import type { MetricSettings, SignalId, WeeklyPoint } from "../metrics/index.ts";
import { amount, duration, NA, percent } from "../reports/format.ts";
import { SIGNAL_TITLES } from "../reports/model.ts";
import { COMPARISON_SYMBOLS, signalThreshold, type Rule } from "./rules.ts";

export type FigureUnit = "fraction" | "minutes" | "perWeek";
export type ValueUnit = FigureUnit | "count";

export const FIGURE_UNITS: Record<FigureId, FigureUnit> = {
  "ops-share": "fraction",
  "oncall-load": "fraction",
  "deploys-per-week": "perWeek",
  "lead-time": "minutes",
  "change-failure-rate": "fraction",
  "recovery-time": "minutes",
  "rework-rate": "fraction",
  "ci-median": "minutes",
  "ci-failure-rate": "fraction",
  "actionable-ratio": "fraction",
};

export const FIGURE_NAMES: Record<FigureId, string> = {
  "ops-share": "ops share",
  "oncall-load": "on-call load",
  "deploys-per-week": "deployment frequency",
  "lead-time": "lead time",
  "change-failure-rate": "change failure rate",
  "recovery-time": "failed deployment recovery time",
  "rework-rate": "rework rate",
  "ci-median": "CI median duration",
  "ci-failure-rate": "CI failure rate",
  "actionable-ratio": "actionable alert ratio",
};

export const SIGNAL_UNITS: Record<SignalId, ValueUnit> = {
  "ops-load": "fraction",
  "delivery-pressure": "perWeek",
  "team-size": "count",
  architecture: "count",
  compliance: "count",
};

export const signalName = (id: SignalId): string => `${SIGNAL_TITLES[id].toLowerCase()} signal`;

/** A value in its unit: "31%", "2 h 5 min", "12 a week", "7". */
export function formatValue(value: number | null, unit: ValueUnit): string {
  if (value === null) return NA;
  switch (unit) {
    case "fraction":
      return percent(value);
    case "minutes":
      return duration(value);
    case "perWeek":
      return `${amount(value)} a week`;
    case "count":
      return amount(value);
  }
}

/** "week", "4 weeks", "10 days", "36 hours": read after "the last". */
export function spanWords(ms: number): string {
  const hours = ms / 3_600_000;
  const words = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`);
  if (hours % (24 * 7) === 0) return words(hours / (24 * 7), "week");
  if (hours % 24 === 0) return words(hours / 24, "day");
  return words(hours, "hour");
}

const BARS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/**
 * A weekly series as text: one bar per week scaled between its smallest and largest value (a
 * gap for a week without data), then the first and last values: "▂▃▅█ 12% → 31%".
 */
export function sparkline(points: readonly WeeklyPoint[], unit: ValueUnit): string | null {
  const values = points.map((p) => p.value);
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  const low = Math.min(...known);
  const high = Math.max(...known);
  const bars = values.map((v) => (v === null ? " " : BARS[high === low ? 3 : Math.round(((v - low) / (high - low)) * (BARS.length - 1))] ?? " ")).join("");
  const first = known[0] ?? null;
  const last = known.at(-1) ?? null;
  return `${bars} ${formatValue(first, unit)} → ${formatValue(last, unit)}`;
}

/** A rule's condition in words: "ops share ≥ 20% over the last 4 weeks", "ops load signal firing (at 20%)". */
export function conditionWords(rule: Rule, settings: MetricSettings): string {
  const t = rule.target;
  if (t.kind === "figure") return `${FIGURE_NAMES[t.figure]} ${COMPARISON_SYMBOLS[t.comparison]} ${formatValue(t.threshold, FIGURE_UNITS[t.figure])} over the last ${spanWords(t.windowMs)}`;
  const at = signalThreshold(t.signal, t.at, settings);
  return `${signalName(t.signal)} ${t.at === "warning" ? "warning or firing" : "firing"}${t.signal === "compliance" ? "" : ` (threshold ${formatValue(at, SIGNAL_UNITS[t.signal])})`}`;
}

/** The unit a rule's values are in on a scope: a signal's for a team, a count of teams for the organisation. */
export const ruleUnit = (rule: Rule, scope: string): ValueUnit =>
  rule.target.kind === "figure" ? FIGURE_UNITS[rule.target.figure] : scope === "org" ? "count" : SIGNAL_UNITS[rule.target.signal];
