/**
 * The metric module: pure functions, rows and a window in, numbers out. No I/O, no hono, no kysely.
 * The deriver (server/src/derive) calls the fact builders, the read model (server/src/services)
 * the projections; `computeX` functions chain both over rows in memory.
 */
export * from "./types.ts";
export { settingsFromConfig, derivationFingerprint, isProduction, type MetricSettings, type TierMinimums } from "./settings.ts";
export {
  attributeChanges,
  attributeToShipping,
  shippingDeploymentsByRepo,
  classifyProduction,
  classifyChanges,
  classifyDeployments,
  computeDora,
  doraFacts,
  doraFromWeeks,
  matchesRework,
  workStartedAt,
  deploymentFrequencyTier,
  leadTimeTier,
  changeFailureTier,
  recoveryTimeTier,
  type DoraValues,
  type ShippedChange,
} from "./dora.ts";
export { classify as classifyDora, type Classification } from "./dora.ts";
export { computeCi, ciRunDetails, ciFromFacts, ciFromWorkflowWeeks, ciWorkflowWeeks, ciWorkflowWeeksOf, ciRunFacts, ciStatsFromWeeks, ciStatsOf, type CiIngredients } from "./ci.ts";
export { bandAt, interruptions, engagedSpans, computeOncall, oncallFrom, timeToAcknowledge, incidentTimesOf, hasNegativeSpan, type IncidentTimes, firstAckRows, countBands, mergeSpans, localWeekdayHour, opsStatus } from "./oncall.ts";
export {
  keySuggestion,
  teamZone,
  resolvedOnItsOwn,
  ALERT_PATTERNS,
  PATTERN_MIN_ALERTS,
  FLAPPING_REFIRE_MINUTES,
  FLAPPING_MIN_REFIRES,
  FLAPPING_MIN_SHARE,
  AUTO_RESOLVED_MIN_SHARE,
  type AlertPattern,
  type KeySuggestion,
} from "./alertPatterns.ts";
export { sprintTrendFrom, type SprintReads, type SprintFigures, type KeyHistory, type SprintTrend } from "./sprintTrend.ts";
export { classifyAlerts, computeAlertQuality, alertQualityFrom, alertQualityOf, alertKeyPeriods, sumKeyCounts, noisiestKeys, alertFact, sprintWindow, sprintAt, sprintStatus, RECURRING_LOOKBACK_MS, REPEAT_MS, type SprintStatus, type AlertQualityContext, type AlertQualityParts } from "./alerts.ts";
export { computeSignals, signalsFrom, orgVerdict, signalWindows, repoPeopleOf, isBotLogin, type SignalIngredients, type RepoPeople } from "./signals.ts";
export { weeklySeries, seriesFromWeeks, opsShareSeries } from "./series.ts";
export { median, medianOf, percentile, isoWeekStart, isoWeeks, utcDayStart, dayCut, groupBy, SortedRuns, MINUTE, HOUR, DAY, WEEK, type Ordered } from "./stats.ts";
export { deployFact, deploymentOfFact, changeFact, teamDeployFact, incidentFact } from "./facts.ts";
export { environmentKey } from "@opsledger/db/environment";
export { WEEK_MEASURES, dayBuckets, teamWeek, teamWeeksOf, weekBuckets, weekMeasures, weekOfDays, weeksOfWindow, emptyTeamWeek, hasActivity, sumWeeks, type WeekFacts, type WeekMeasure } from "./weeks.ts";
export * from "./ledger.ts";
export { CATEGORY_LABELS, opsBreakdownParts, opsShareSentence, type BreakdownInput } from "./breakdown.ts";
export { investmentFrom, type Investment } from "./investment.ts";
export * from "./maturity.ts";
export { personView, type PersonView, type PersonWeekView } from "./person.ts";
export { trendOf, BETTER, SAME_WITHIN, type Trend, type TrendFigure } from "./trend.ts";
