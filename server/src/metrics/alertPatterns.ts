/**
 * What a noisy alert key keeps doing, and what to do about it (issue 13: "a suggestion that
 * follows that key's actual pattern"). Read from the key's alert facts in one window — the
 * sprint's, so the evidence counts the alerts its row shows — and the team's time zone. Each
 * pattern is defined below by named thresholds (docs/alert-patterns.md says the same in prose);
 * the first that holds, in the order listed, is the key's suggestion, with the facts that
 * triggered it. A key that matches none gets an honest line saying so, never a guess.
 */
import type { Alert, AlertFact } from "@opsledger/db";
import { duration, plural } from "../reports/format.ts";
import { bandAt } from "./oncall.ts";
import { medianOf, orderedSorted, sortedValues, spanMinutes, type Ordered } from "./stats.ts";

/** Fewer alerts of a key than this in the window are too few to call a pattern. */
export const PATTERN_MIN_ALERTS = 3;
/** Flapping: an alert fired at most this many minutes after the previous alert of its key is a re-fire. */
export const FLAPPING_REFIRE_MINUTES = 60;
/** Flapping: at least this many re-fires… */
export const FLAPPING_MIN_REFIRES = 3;
/** …making up at least this share of the key's alerts. */
export const FLAPPING_MIN_SHARE = 0.5;
/** Auto-resolved: at least this share of the key's alerts cleared on their own (system or timeout) with nobody acknowledging. */
export const AUTO_RESOLVED_MIN_SHARE = 0.75;

/** The patterns, in the order they are tried: the most specific cause first. */
export const ALERT_PATTERNS = ["flapping", "night-only", "auto-resolved", "never-acknowledged"] as const;
export type AlertPattern = (typeof ALERT_PATTERNS)[number];

export interface KeySuggestion {
  /** null: no clear pattern, or too few alerts to tell. */
  pattern: AlertPattern | null;
  /** Alerts of the key in the window that show the pattern (for no pattern: 0). */
  matching: number;
  /** Alerts of the key in the window. */
  count: number;
  /** The facts that triggered the suggestion, as a sentence ("9 of 11 resolved on their own …"). */
  evidence: string;
  /** What to do about it. */
  advice: string;
}

/** Cleared by the monitoring system or its timeout, not by a person. */
export const resolvedOnItsOwn = (resolvedBy: Alert["resolvedBy"]): boolean => resolvedBy === "system" || resolvedBy === "timeout";

const ADVICE: Record<AlertPattern | "none" | "few", string> = {
  flapping: "Add hysteresis (a lower threshold to clear than to fire) or a for-duration, so the condition must hold before it pages again.",
  "night-only": "Check the nightly job or schedule that trips it; if it can wait, route it to business hours instead of paging.",
  "auto-resolved": "Raise the threshold or add a for-duration, or make it non-paging (a ticket or a dashboard): it clears before anyone acts.",
  "never-acknowledged": "Check it routes to an owner who can act on it; if nobody needs it, delete it.",
  none: "No single pattern: read this key's alerts in the records to decide whether it should page.",
  few: "Too few alerts to tell a pattern; read them in the records.",
};

const ofCount = (matching: number, count: number): string => (matching === count ? `All ${count}` : `${matching} of ${count}`);

/**
 * What a key's suggestion reads of its alerts in the window, as it composes over weeks and days
 * (the key rollups, `derive/units.ts`): counts add up, values come as sorted runs (or, for the
 * times, runs in any order).
 */
export interface KeyPatternRuns {
  count: number;
  acknowledged: number;
  /** Cleared on their own (system or timeout) with nobody acknowledging. */
  selfCleared: number;
  /** Minutes since the key's previous alert, of the alerts that fired within FLAPPING_REFIRE_MINUTES of it, ascending. */
  refireGaps: Ordered;
  /** Minutes open of the self-cleared alerts that have a resolution, ascending. */
  selfClearedOpen: Ordered;
  /** When each alert fired (epoch ms). */
  times: readonly ArrayLike<number>[];
}

/** The same of one list of alert facts, each value list sorted. */
export interface KeyPattern {
  count: number;
  acknowledged: number;
  selfCleared: number;
  refireGaps: Float64Array;
  selfClearedOpen: Float64Array;
  times: Float64Array;
}

/** What a key's suggestion reads of some of its alert facts. */
export function keyPatternOf(alerts: readonly AlertFact[]): KeyPattern {
  const selfCleared = alerts.filter((a) => !a.acknowledged && resolvedOnItsOwn(a.resolvedBy));
  return {
    count: alerts.length,
    acknowledged: alerts.filter((a) => a.acknowledged).length,
    selfCleared: selfCleared.length,
    refireGaps: sortedValues(alerts.flatMap((a) => (a.previousGapMinutes !== null && a.previousGapMinutes <= FLAPPING_REFIRE_MINUTES ? [a.previousGapMinutes] : []))),
    selfClearedOpen: sortedValues(selfCleared.flatMap((a) => spanMinutes(a.createdAt, a.resolvedAt) ?? [])),
    times: sortedValues(alerts.map((a) => a.createdAt)),
  };
}

/** The suggestion for one key from its alert facts in the window (see keySuggestionOf). */
export const keySuggestion = (alerts: readonly AlertFact[], zone: string): KeySuggestion => {
  const k = keyPatternOf(alerts);
  return keySuggestionOf({ ...k, refireGaps: orderedSorted(k.refireGaps), selfClearedOpen: orderedSorted(k.selfClearedOpen), times: [k.times] }, zone);
};

/**
 * The suggestion for one key from what its alerts in the window show, `zone` being the team's IANA
 * time zone (teamZone). Patterns, tried in this order, each needing at least PATTERN_MIN_ALERTS
 * alerts:
 * - flapping: at least FLAPPING_MIN_REFIRES alerts, and at least FLAPPING_MIN_SHARE of them, fired
 *   within FLAPPING_REFIRE_MINUTES of the key's previous alert (which may precede the window);
 * - night-only: every alert fired in sleep hours (22:00–08:00, DESIGN's sleep band) in `zone`;
 * - auto-resolved: at least AUTO_RESOLVED_MIN_SHARE cleared on their own (resolved by system or
 *   timeout) with nobody acknowledging them;
 * - never-acknowledged: none was acknowledged (whatever closed them).
 */
export function keySuggestionOf(k: KeyPatternRuns, zone: string): KeySuggestion {
  const count = k.count;
  if (count < PATTERN_MIN_ALERTS) {
    return { pattern: null, matching: 0, count, evidence: `Only ${plural(count, "alert")}.`, advice: ADVICE.few };
  }

  const refires = k.refireGaps.length;
  if (refires >= FLAPPING_MIN_REFIRES && refires >= FLAPPING_MIN_SHARE * count) {
    return {
      pattern: "flapping",
      matching: refires,
      count,
      evidence: `${ofCount(refires, count)} fired again within ${FLAPPING_REFIRE_MINUTES} min of the previous one (median gap ${duration(medianOf(k.refireGaps))}).`,
      advice: ADVICE.flapping,
    };
  }

  let atNight = 0;
  for (const run of k.times) for (let i = 0; i < run.length; i++) if (bandAt(run[i] as number, zone) === "sleep") atNight += 1;
  if (atNight === count) {
    return { pattern: "night-only", matching: count, count, evidence: `All ${count} fired between 22:00 and 08:00 (${zone}).`, advice: ADVICE["night-only"] };
  }

  if (k.selfCleared >= AUTO_RESOLVED_MIN_SHARE * count) {
    const open = medianOf(k.selfClearedOpen);
    return {
      pattern: "auto-resolved",
      matching: k.selfCleared,
      count,
      evidence: `${ofCount(k.selfCleared, count)} resolved on their own with nobody acknowledging${open === null ? "" : `, after ${duration(open)} (median)`}.`,
      advice: ADVICE["auto-resolved"],
    };
  }

  if (k.acknowledged === 0) {
    return { pattern: "never-acknowledged", matching: count, count, evidence: `None of ${count} was acknowledged.`, advice: ADVICE["never-acknowledged"] };
  }

  return {
    pattern: null,
    matching: 0,
    count,
    evidence: `${k.acknowledged} of ${count} acknowledged, ${k.selfCleared} resolved on their own, ${refires} re-fired within ${FLAPPING_REFIRE_MINUTES} min, ${atNight} at night.`,
    advice: ADVICE.none,
  };
}

/**
 * The time zone a team's alert hours are read in: the one most of its members are in (ties: the
 * first by name), UTC for a team without members. A pattern like "fires only at night" is about
 * the people it wakes.
 */
export function teamZone(memberZones: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const z of memberZones) counts.set(z, (counts.get(z) ?? 0) + 1);
  let best: [string, number] | null = null;
  for (const entry of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (best === null || entry[1] > best[1]) best = entry;
  return best?.[0] ?? "UTC";
}
