/**
 * The metric module: pure functions, rows and a window in, numbers out. No I/O, no hono, no kysely.
 */
export * from "./types.ts";
export { settingsFromConfig, isProduction, type MetricSettings } from "./settings.ts";
export {
  attributeChanges,
  classifyChanges,
  classifyDeployments,
  computeDora,
  deploymentFrequencyTier,
  leadTimeTier,
  changeFailureTier,
  recoveryTimeTier,
} from "./dora.ts";
export { computeCi, ciRunDetails } from "./ci.ts";
export { bandAt, interruptions, engagedSpans, computeOncall } from "./oncall.ts";
export { classifyAlerts, computeAlertQuality, sprintWindow, sprintAt, sprintStatus, RECURRING_LOOKBACK_MS, REPEAT_MS, type SprintStatus } from "./alerts.ts";
export { computeSignals, orgVerdict, signalWindows } from "./signals.ts";
export { weeklySeries, OPS_SHARE_PEOPLE } from "./series.ts";
export { median, percentile, isoWeekStart, isoWeeks, MINUTE, HOUR, DAY } from "./stats.ts";
export { classify as classifyDora, type Classification } from "./dora.ts";
export { countBands, mergeSpans, localWeekdayHour, opsStatus } from "./oncall.ts";
