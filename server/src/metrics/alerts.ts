/** Alert quality for the sprint review (DESIGN.md "Alert quality"). */
import type { Alert, AlertFact } from "@opsledger/db";
import { keySuggestion, resolvedOnItsOwn } from "./alertPatterns.ts";
import { Notes } from "./notes.ts";
import { interruptions } from "./oncall.ts";
import type { MetricSettings } from "./settings.ts";
import { DAY, HOUR, MINUTE, inWindow, median, spanMinutes } from "./stats.ts";
import type {
  Band,
  AlertQualityOptions,
  AlertQualityResult,
  ClassifiedAlert,
  NoiseReason,
  NoisyKey,
  Window,
} from "./types.ts";

/** An unacknowledged alert this soon after the previous one of its key is a repeat: also how far before a window classification must look. */
export const REPEAT_MS = 24 * HOUR;

/** A key that fired this long before a window is recurring, not new (DESIGN: 90 days). */
export const RECURRING_LOOKBACK_MS = 90 * DAY;

/**
 * Every alert given, in creation order, with its noise classification: marked by a person; else
 * resolved by system or timeout with nobody acknowledging; else unacknowledged within 24 h of the
 * previous alert of the same key (a repeat). Pass alerts from before the window so the first
 * alert of the window can be recognised as a repeat.
 */
export function classifyAlerts(alerts: Alert[]): ClassifiedAlert[] {
  const sorted = [...alerts].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lastByKey = new Map<string, number>();
  return sorted.map((alert) => {
    const previous = lastByKey.get(alert.key);
    lastByKey.set(alert.key, alert.createdAt);
    const previousGapMs = previous !== undefined && alert.createdAt - previous < REPEAT_MS ? alert.createdAt - previous : null;
    const unacknowledged = alert.acknowledgedAt === null;
    let noiseReason: NoiseReason | null = null;
    if (alert.noise) noiseReason = "marked";
    else if (unacknowledged && resolvedOnItsOwn(alert.resolvedBy)) noiseReason = "auto_resolved";
    else if (unacknowledged && previousGapMs !== null) noiseReason = "repeat";
    return { alert, noise: noiseReason !== null, noiseReason, previousGapMs };
  });
}

/** An alert's fact from its classification. */
export const alertFact = (c: ClassifiedAlert): AlertFact => ({
  source: c.alert.source,
  id: c.alert.id,
  service: c.alert.service,
  key: c.alert.key,
  createdAt: c.alert.createdAt,
  noiseReason: c.noiseReason,
  acknowledged: c.alert.acknowledgedAt !== null,
  fixMinutes: c.noise ? null : spanMinutes(c.alert.createdAt, c.alert.resolvedAt),
  resolvedAt: c.alert.resolvedAt,
  resolvedBy: c.alert.resolvedBy,
  previousGapMinutes: c.previousGapMs === null ? null : c.previousGapMs / MINUTE,
});

/**
 * Alert quality of the alerts created in the window: counts, actionable ratio (fraction), time to
 * fix (median created → resolved of actionable alerts, minutes), the noisiest keys with the
 * suggestion their pattern calls for (alertPatterns.ts), new vs recurring keys (recurring = fired before the window; pass earlier alerts),
 * and, when pages are given, interruptions by band and who was woken up. Repeats are judged per
 * key over every alert given (a key is one alert source, whichever team owns the service).
 */
export function computeAlertQuality(
  alerts: Alert[],
  window: Window,
  settings: MetricSettings,
  options: AlertQualityOptions = {},
): AlertQualityResult {
  void settings; // thresholds for alerts are fixed by DESIGN today; kept for a stable signature.
  const owned = options.ownedServices ? new Set(options.ownedServices) : null;
  const facts = classifyAlerts(alerts).map(alertFact);
  const kept = owned ? facts.filter((a) => owned.has(a.service)) : facts;
  const before = new Set(options.keysSeenBefore ?? kept.filter((a) => a.createdAt < window.from).map((a) => a.key));
  const counted = options.pages ? interruptions(options.pages, options.people ?? [], window) : null;
  const result = alertQualityFrom(
    kept.filter((a) => inWindow(a.createdAt, window)),
    {
      keysSeenBefore: before,
      interruptions: counted?.map((i) => ({ person: i.page.person, band: i.band })) ?? null,
      names: new Map((options.people ?? []).map((p) => [p.id, p.name])),
      topKeys: options.topKeys,
      zone: options.zone ?? "UTC",
    },
  );
  if (owned) {
    const unowned = facts.filter((a) => !owned.has(a.service) && inWindow(a.createdAt, window)).length;
    if (unowned > 0) result.notes.unshift({ code: "alerts_without_owner", count: unowned, message: "alerts on services no team owns are left out" });
  }
  return result;
}

/** What alert quality reads besides the window's alert facts. */
export interface AlertQualityContext {
  /** Keys that fired in the 90 days before the window. */
  keysSeenBefore: ReadonlySet<string>;
  /** Interruptions of the team's members in the window (null: pages not asked for). */
  interruptions: readonly { person: string; band: Band }[] | null;
  /** Person id → name. */
  names: ReadonlyMap<string, string>;
  topKeys?: number | undefined;
  /** The team's time zone (teamZone): the hours a key's pattern is read in. */
  zone: string;
}

/** Alert quality of the alert facts created in a window (see computeAlertQuality). */
export function alertQualityFrom(inWin: readonly AlertFact[], context: AlertQualityContext): AlertQualityResult {
  const notes = new Notes();
  const actionable = inWin.filter((c) => c.noiseReason === null);
  const noiseByReason: Record<NoiseReason, number> = { marked: 0, auto_resolved: 0, repeat: 0 };
  for (const c of inWin) if (c.noiseReason) noiseByReason[c.noiseReason] += 1;
  const fix = actionable.flatMap((c) => (c.fixMinutes === null ? [] : [c.fixMinutes]));

  const byKey = new Map<string, AlertFact[]>();
  for (const c of [...inWin].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const list = byKey.get(c.key);
    if (list) list.push(c);
    else byKey.set(c.key, [c]);
  }
  // Ranked first, then suggested: a suggestion reads each alert's hour in the team's zone, which a
  // big team's thousands of keys made the slowest part of the alerts endpoint — only the top ones show it.
  const topNoisyKeys: NoisyKey[] = [...byKey.entries()]
    .map(([key, list]) => ({ key, list, service: list[list.length - 1]?.service ?? "", count: list.length, noiseCount: list.filter((c) => c.noiseReason !== null).length }))
    .filter((k) => k.noiseCount > 0)
    .sort((a, b) => b.noiseCount - a.noiseCount || b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, context.topKeys ?? 10)
    .map(({ key, list, service, count, noiseCount }) => ({ key, service, count, noiseCount, suggestion: keySuggestion(list, context.zone) }));

  const keys = [...byKey.keys()].sort();
  const newKeys = keys.filter((k) => !context.keysSeenBefore.has(k));
  const recurringKeys = keys.filter((k) => context.keysSeenBefore.has(k));

  let pagesByBand: AlertQualityResult["pagesByBand"] = null;
  let wokenUp: AlertQualityResult["wokenUp"] = [];
  if (context.interruptions) {
    pagesByBand = { business: 0, offHours: 0, sleep: 0, total: 0 };
    const sleep = new Map<string, number>();
    for (const i of context.interruptions) {
      pagesByBand[i.band] += 1;
      pagesByBand.total += 1;
      if (i.band === "sleep") sleep.set(i.person, (sleep.get(i.person) ?? 0) + 1);
    }
    wokenUp = [...sleep.entries()]
      .map(([person, count]) => ({ person, name: context.names.get(person) ?? person, count }))
      .sort((a, b) => b.count - a.count || a.person.localeCompare(b.person));
  }

  return {
    count: inWin.length,
    actionable: actionable.length,
    noise: inWin.length - actionable.length,
    noiseByReason,
    actionableRatio: inWin.length > 0 ? actionable.length / inWin.length : null,
    timeToFix: { medianMinutes: median(fix), count: fix.length },
    topNoisyKeys,
    keys: { new: newKeys.length, recurring: recurringKeys.length, newKeys, recurringKeys },
    pagesByBand,
    wokenUp,
    notes: notes.list,
  };
}

const anchorMs = (settings: MetricSettings): number => Date.parse(`${settings.sprint.anchor}T00:00:00Z`);

/** Sprint n (0 = the one starting at the anchor date, UTC midnight; negative before it). */
export function sprintWindow(n: number, settings: MetricSettings): Window {
  const length = settings.sprint.lengthDays * DAY;
  const from = anchorMs(settings) + Math.trunc(n) * length;
  return { from, to: from + length };
}

export type SprintStatus = "complete" | "running" | "upcoming";

/** Whether a sprint's window has ended, is under way, or has not started at `now`. */
export const sprintStatus = (window: Window, now: number): SprintStatus => (window.from >= now ? "upcoming" : window.to > now ? "running" : "complete");

/** The sprint containing an instant. */
export function sprintAt(instant: number, settings: MetricSettings): { index: number; window: Window } {
  const index = Math.floor((instant - anchorMs(settings)) / (settings.sprint.lengthDays * DAY));
  return { index, window: sprintWindow(index, settings) };
}
