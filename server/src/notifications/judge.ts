/**
 * One rule against one observation: does the condition hold (breach), not hold (clear), or is
 * there no verdict (no data, too little data, a signal without enough records)? Pure.
 */
import type { MetricSettings } from "../metrics/index.ts";
import type { Observation, SignalObservation } from "./figures.ts";
import { COMPARISON_SYMBOLS, compare, signalThreshold, type RuleTarget } from "./rules.ts";
import { FIGURE_NAMES, SIGNAL_UNITS, formatValue, signalName, spanWords } from "./words.ts";

export interface Verdict {
  outcome: "breach" | "clear" | "no-verdict";
  value: number | null;
  count: number | null;
  threshold: number;
  /** The verdict in words, for the CLI, the page and the notification. */
  reason: string;
}

type FigureTarget = Extract<RuleTarget, { kind: "figure" }>;
type SignalTarget = Extract<RuleTarget, { kind: "signal" }>;

export function judgeFigure(target: FigureTarget, obs: Observation, minCount: number): Verdict {
  const name = FIGURE_NAMES[target.figure];
  const base = { value: obs.value, count: obs.count, threshold: target.threshold };
  const over = `over the last ${spanWords(target.windowMs)}`;
  if (obs.value === null) return { ...base, outcome: "no-verdict", reason: `no ${name} ${over}: no data` };
  if (obs.count < minCount) {
    return { ...base, outcome: "no-verdict", reason: `too little data: ${obs.count} ${obs.countOf} ${over}, fewer than minCount ${minCount}` };
  }
  const holds = compare(obs.value, target.comparison, target.threshold);
  const symbol = COMPARISON_SYMBOLS[target.comparison];
  const value = formatValue(obs.value, obs.unit);
  const threshold = formatValue(target.threshold, obs.unit);
  return {
    ...base,
    outcome: holds ? "breach" : "clear",
    reason: `${name} ${value} ${over} (${obs.count} ${obs.countOf}): ${holds ? "" : "not "}${symbol} ${threshold}`,
  };
}

export function judgeSignal(target: SignalTarget, obs: SignalObservation, minCount: number, settings: MetricSettings): Verdict {
  const threshold = signalThreshold(target.signal, target.at, settings);
  const base = { value: obs.value, count: obs.count, threshold };
  const name = signalName(target.signal);
  if (obs.status === "unknown") return { ...base, outcome: "no-verdict", reason: `${name} has no verdict: ${obs.message}` };
  if (obs.count < minCount) return { ...base, outcome: "no-verdict", reason: `too little data: ${obs.count} records behind the ${name}, fewer than minCount ${minCount}` };
  const holds = obs.status === "firing" || (target.at === "warning" && obs.status === "warning");
  const value = formatValue(obs.value, SIGNAL_UNITS[target.signal]);
  return { ...base, outcome: holds ? "breach" : "clear", reason: `${name} ${obs.status} (${value}): ${obs.message}` };
}
