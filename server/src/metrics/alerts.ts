/** Alert quality for the sprint review (DESIGN.md "Alert quality"). */
import type { Alert, AlertFact, AlertKeyCount, AlertKeyPeriod } from "@opsledger/db";
import { keyPatternOf, keySuggestionOf, resolvedOnItsOwn } from "./alertPatterns.ts";
import { Notes } from "./notes.ts";
import { interruptions } from "./oncall.ts";
import type { MetricSettings } from "./settings.ts";
import { DAY, HOUR, MINUTE, SortedRuns, groupBy, inWindow, medianOf, orderedSorted, sortedValues, spanMinutes, type Ordered } from "./stats.ts";
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
  const noiseByReason: Record<NoiseReason, number> = { marked: 0, auto_resolved: 0, repeat: 0 };
  for (const c of inWin) if (c.noiseReason) noiseByReason[c.noiseReason] += 1;
  const fix = inWin.flatMap((c) => (c.noiseReason === null && c.fixMinutes !== null ? [c.fixMinutes] : []));
  // The window as one period: each key's row holds what its suggestion reads, as the rollups do.
  const periods = alertKeyPeriods(inWin, () => 0);
  return alertQualityOf(
    {
      count: inWin.length,
      noiseByReason,
      fix: orderedSorted(sortedValues(fix)),
      keys: [...sumKeyCounts(periods).values()],
      keyPeriods: periods,
    },
    {
      ...context,
      pages:
        context.interruptions?.map((i) => ({ person: i.person, business: i.band === "business" ? 1 : 0, offHours: i.band === "offHours" ? 1 : 0, sleep: i.band === "sleep" ? 1 : 0 })) ?? null,
    },
  );
}

/**
 * What alert quality is made of, however it was read — from every fact of the window
 * (alertQualityFrom) or from rollups (services/teamWindow.ts): one statement of the figure.
 */
export interface AlertQualityParts {
  /** Alerts created in the window, and the noise among them by reason. */
  count: number;
  noiseByReason: Record<NoiseReason, number>;
  /** Time to fix of the window's actionable alerts (minutes), ascending. */
  fix: Ordered;
  /** Every key that fired in the window, with its alerts and noise there. */
  keys: readonly AlertKeyCount[];
  /** The window's key rows (weeks, days, part-days) of at least the noisiest keys: their service and suggestion are read from them. */
  keyPeriods: readonly AlertKeyPeriod[];
}

/** The people's interruptions in the window by band (null: pages not asked for); a person may come more than once. */
type PagesByPerson = readonly { person: string; business: number; offHours: number; sleep: number }[] | null;

/** Alert quality from its parts (see computeAlertQuality). */
export function alertQualityOf(parts: AlertQualityParts, context: Omit<AlertQualityContext, "interruptions"> & { pages: PagesByPerson }): AlertQualityResult {
  const notes = new Notes();
  const noise = parts.noiseByReason.marked + parts.noiseByReason.auto_resolved + parts.noiseByReason.repeat;
  const actionable = parts.count - noise;

  // Ranked from the counts first, then suggested from the few top keys' rows: a suggestion reads
  // each alert's hour in the team's zone, and only the top keys show one.
  const top = noisiestKeys(parts.keys, context.topKeys ?? 10);
  const rows = groupBy(
    parts.keyPeriods.filter((p) => top.some((k) => k.key === p.key)),
    (p) => p.key,
  );
  const topNoisyKeys: NoisyKey[] = top.map(({ key, alerts, noise: noiseCount }) => {
    const mine = rows.get(key) ?? [];
    const last = mine.reduce<AlertKeyPeriod | null>((l, p) => (l === null || p.lastAt > l.lastAt || (p.lastAt === l.lastAt && p.lastId > l.lastId) ? p : l), null);
    const suggestion = keySuggestionOf(
      {
        count: sum(mine, (p) => p.alerts),
        acknowledged: sum(mine, (p) => p.acknowledged),
        selfCleared: sum(mine, (p) => p.selfCleared),
        refireGaps: new SortedRuns(mine.map((p) => p.refireGaps)),
        selfClearedOpen: new SortedRuns(mine.map((p) => p.selfClearedOpen)),
        times: mine.map((p) => p.times),
      },
      context.zone,
    );
    return { key, service: last?.service ?? "", count: alerts, noiseCount, suggestion };
  });

  const keys = parts.keys.map((k) => k.key).sort();
  const newKeys = keys.filter((k) => !context.keysSeenBefore.has(k));
  const recurringKeys = keys.filter((k) => context.keysSeenBefore.has(k));

  let pagesByBand: AlertQualityResult["pagesByBand"] = null;
  let wokenUp: AlertQualityResult["wokenUp"] = [];
  if (context.pages) {
    pagesByBand = { business: 0, offHours: 0, sleep: 0, total: 0 };
    const sleep = new Map<string, number>();
    for (const p of context.pages) {
      pagesByBand.business += p.business;
      pagesByBand.offHours += p.offHours;
      pagesByBand.sleep += p.sleep;
      pagesByBand.total += p.business + p.offHours + p.sleep;
      if (p.sleep > 0) sleep.set(p.person, (sleep.get(p.person) ?? 0) + p.sleep);
    }
    wokenUp = [...sleep.entries()]
      .map(([person, count]) => ({ person, name: context.names.get(person) ?? person, count }))
      .sort((a, b) => b.count - a.count || a.person.localeCompare(b.person));
  }

  return {
    count: parts.count,
    actionable,
    noise,
    noiseByReason: { ...parts.noiseByReason },
    actionableRatio: parts.count > 0 ? actionable / parts.count : null,
    timeToFix: { medianMinutes: medianOf(parts.fix), count: parts.fix.length },
    topNoisyKeys,
    keys: { new: newKeys.length, recurring: recurringKeys.length, newKeys, recurringKeys },
    pagesByBand,
    wokenUp,
    notes: notes.list,
  };
}

/**
 * Per service, key and period (`startOf` an instant: isoWeekStart for weeks, utcDayStart for
 * days), the alerts of some facts, the noise among them, and what the key's suggestion reads of
 * them (keyPatternOf): the key rollups' rows.
 */
export function alertKeyPeriods(facts: readonly AlertFact[], startOf: (instant: number) => number): AlertKeyPeriod[] {
  const groups = groupBy(facts, (f) => `${f.service}\u0000${startOf(f.createdAt)}\u0000${f.key}`);
  return [...groups.values()].map((list) => {
    const first = list[0] as AlertFact;
    const last = list.reduce((l, f) => (f.createdAt > l.createdAt || (f.createdAt === l.createdAt && f.id > l.id) ? f : l));
    const k = keyPatternOf(list);
    return {
      service: first.service,
      key: first.key,
      periodStart: startOf(first.createdAt),
      alerts: list.length,
      noise: list.filter((f) => f.noiseReason !== null).length,
      acknowledged: k.acknowledged,
      selfCleared: k.selfCleared,
      lastAt: last.createdAt,
      lastId: last.id,
      refireGaps: k.refireGaps,
      selfClearedOpen: k.selfClearedOpen,
      times: k.times,
    };
  });
}

const sum = <T>(items: readonly T[], pick: (item: T) => number): number => items.reduce((n, item) => n + pick(item), 0);

/** The counts of each key added up: a window's keys from its weeks, days and part-days (and its services). */
export function sumKeyCounts(parts: readonly AlertKeyCount[]): Map<string, AlertKeyCount> {
  const byKey = new Map<string, AlertKeyCount>();
  for (const p of parts) {
    const k = byKey.get(p.key);
    if (k === undefined) byKey.set(p.key, { key: p.key, alerts: p.alerts, noise: p.noise });
    else {
      k.alerts += p.alerts;
      k.noise += p.noise;
    }
  }
  return byKey;
}

/** The `n` noisiest keys: those with noise, most noise first, then most alerts, then by key. */
export function noisiestKeys(keys: readonly AlertKeyCount[], n: number): AlertKeyCount[] {
  return keys
    .filter((k) => k.noise > 0)
    .sort((a, b) => b.noise - a.noise || b.alerts - a.alerts || a.key.localeCompare(b.key))
    .slice(0, n);
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
