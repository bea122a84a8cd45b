/**
 * The sprint review's six-sprint view (issue 13): each sprint's headline alert figures, and the
 * history of the selected sprint's noisy keys. A projection of figures the single-sprint reads
 * already computed (alert quality, MTTA), so the trend and the sprint's own page agree to the digit.
 */
import type { AlertFact } from "@opsledger/db";
import type { KeySuggestion } from "./alertPatterns.ts";
import type { SprintStatus } from "./alerts.ts";
import { inWindow } from "./stats.ts";
import type { AlertQualityResult, Window } from "./types.ts";

/** One sprint as its single-sprint reads gave it. */
export interface SprintReads {
  sprint: number;
  /** The sprint's whole window. */
  window: Window;
  /** What has happened of it: the running sprint stops at now. */
  range: Window;
  status: SprintStatus;
  quality: AlertQualityResult;
  /** MTTA over `range` (timeToAcknowledge). */
  timeToAcknowledge: { medianMinutes: number | null; count: number };
}

export interface SprintFigures {
  sprint: number;
  window: Window;
  range: Window;
  status: SprintStatus;
  /** Alerts created in the range on the team's services. */
  count: number;
  noise: number;
  /** actionable / all; null without alerts. */
  actionableRatio: number | null;
  /** Median minutes to first acknowledgement of the team's incidents, with their count. */
  timeToAcknowledge: { medianMinutes: number | null; count: number };
  /** Interruptions of the members in their sleep hours. */
  sleepPages: number | null;
}

export interface KeyHistory {
  key: string;
  service: string;
  /** When the key first fired on the team's services (epoch ms). */
  firstSeen: number | null;
  /** Alerts of the key per sprint, in the order of the sprints. */
  counts: number[];
  /** The key's pattern in the selected (last) sprint. */
  suggestion: KeySuggestion;
}

export interface SprintTrend {
  sprints: SprintFigures[];
  keys: KeyHistory[];
}

/**
 * The trend over `sprints` (oldest first; the last is the selected sprint): each sprint's figures
 * as its reads gave them, and for each noisy key of the selected sprint its alerts per sprint
 * (from `alerts`, the alert facts of the team's services over the sprints' ranges) and its first
 * sighting (`firstSeen`).
 */
export function sprintTrendFrom(sprints: readonly SprintReads[], alerts: readonly Pick<AlertFact, "key" | "createdAt">[], firstSeen: ReadonlyMap<string, number>): SprintTrend {
  const selected = sprints[sprints.length - 1];
  const keys = selected?.quality.topNoisyKeys ?? [];
  const wanted = new Set(keys.map((k) => k.key));
  const counts = new Map<string, number[]>([...wanted].map((k) => [k, sprints.map(() => 0)]));
  for (const a of alerts) {
    if (!wanted.has(a.key)) continue;
    const i = sprints.findIndex((s) => inWindow(a.createdAt, s.range));
    const row = counts.get(a.key);
    if (i >= 0 && row) row[i] = (row[i] ?? 0) + 1;
  }
  return {
    sprints: sprints.map((s) => ({
      sprint: s.sprint,
      window: s.window,
      range: s.range,
      status: s.status,
      count: s.quality.count,
      noise: s.quality.noise,
      actionableRatio: s.quality.actionableRatio,
      timeToAcknowledge: s.timeToAcknowledge,
      sleepPages: s.quality.pagesByBand?.sleep ?? null,
    })),
    keys: keys.map((k) => ({ key: k.key, service: k.service, firstSeen: firstSeen.get(k.key) ?? null, counts: counts.get(k.key) ?? [], suggestion: k.suggestion })),
  };
}
