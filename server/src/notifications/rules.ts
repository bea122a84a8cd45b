/**
 * Rules as the evaluator uses them: the config's rules (or the shipped defaults) with every
 * default filled in, and their conditions in words. Pure.
 */
import type { Comparison, FigureId, NotificationsConfig, RuleConfig, RuleScope } from "../config/notifications.ts";
import type { MetricSettings, SignalId } from "../metrics/index.ts";

export type RuleTarget =
  | { kind: "figure"; figure: FigureId; comparison: Comparison; threshold: number; windowMs: number }
  | { kind: "signal"; signal: SignalId; at: "firing" | "warning" };

export interface Rule {
  id: string;
  description: string | null;
  target: RuleTarget;
  scope: RuleScope;
  /** Evaluations in a row the condition must hold before the rule fires. */
  for: number;
  minCount: number;
  remindEveryMs: number | null;
  channels: string[];
}

export const DEFAULT_WINDOW_MS = 28 * 86_400_000;

/**
 * The shipped defaults: one rule per fund-DevOps signal, firing when the signal fires at the
 * thresholds under `thresholds` (DESIGN.md), for every team, on the default channels.
 */
export const DEFAULT_RULES: readonly RuleConfig[] = (["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"] as const).map((signal) => ({
  id: signal,
  signal,
  scope: "every-team",
  for: 1,
  minCount: 0,
}));

export function resolveRules(config: NotificationsConfig): Rule[] {
  return (config.rules ?? DEFAULT_RULES).map((r) => ({
    id: r.id,
    description: r.description ?? null,
    target:
      r.figure !== undefined
        ? { kind: "figure", figure: r.figure, comparison: r.comparison ?? ">=", threshold: r.threshold ?? 0, windowMs: r.window ?? DEFAULT_WINDOW_MS }
        : { kind: "signal", signal: r.signal ?? "ops-load", at: r.at ?? "firing" },
    scope: r.scope,
    for: r.for,
    minCount: r.minCount,
    remindEveryMs: r.remindEvery ?? null,
    channels: r.channels ?? config.defaultChannels,
  }));
}

/** Does `value` meet the rule's comparison against its threshold? */
export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

export const COMPARISON_SYMBOLS: Record<Comparison, string> = { ">": ">", ">=": "≥", "<": "<", "<=": "≤" };

/** The threshold a signal rule fires at, in the signal's own unit (ops-load: a share). */
export function signalThreshold(signal: SignalId, at: "firing" | "warning", settings: MetricSettings): number {
  switch (signal) {
    case "team-size":
      return settings.teamSize;
    case "delivery-pressure":
      return settings.deploysPerWeek;
    case "architecture":
      return settings.services;
    case "compliance":
      return 0;
    case "ops-load":
      return at === "warning" ? settings.opsShareWarning : settings.opsShareCritical;
  }
}

/** "every team", "payments", "payments, search", "the organization". */
export function scopeLabel(scope: RuleScope): string {
  if (scope === "every-team") return "every team";
  if (scope === "org") return "the organization";
  return "team" in scope ? scope.team : scope.teams.join(", ");
}
