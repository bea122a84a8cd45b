/**
 * What the metric routes share: the team lookup (404 for an unknown team), the spans each query
 * reaches beyond the requested window, and ISO formatting of instants in responses.
 */
import { getTeam, type ActivityWindow, type Db, type Team } from "@opsledger/db";
import { notFound } from "../http/errors.ts";
import type { Range } from "../http/range.ts";
import type { MetricSettings } from "../metrics/index.ts";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Attribution looks back this far for changes merged before the window (DESIGN: 90 days). */
export const ATTRIBUTION_LOOKBACK_MS = 90 * DAY_MS;
/** team-size and architecture look at the last 90 days before asOf; the other signals at the last 4 weeks, inside it. */
export const SIGNALS_SPAN_MS = 90 * DAY_MS;
export const SIGNALS_SHORT_MS = 28 * DAY_MS;

export async function requireTeam(db: Db, id: string): Promise<Team> {
  const team = await getTeam(db, id);
  if (team === undefined) throw notFound(`no team "${id}"`);
  return team;
}

/** DORA rows: changes and deployments from 90 days back, deployments and incidents to the end of the failure window. */
export const deliveryWindow = (range: Range, settings: MetricSettings): ActivityWindow => ({
  ...range,
  lookbackMs: ATTRIBUTION_LOOKBACK_MS,
  lookaheadMs: settings.failureWindowHours * HOUR_MS,
});

/**
 * On-call rows: acknowledgements made up to one engaged-span cap before the window can still
 * reach into it, and a page just before the window can absorb one inside it (60 s merge).
 */
export const oncallWindow = (range: Range, settings: MetricSettings): ActivityWindow => ({
  ...range,
  lookbackMs: Math.max(settings.engagedCapHours * HOUR_MS, MINUTE_MS),
  lookaheadMs: 0,
});

/** Alerts: earlier alerts of the last 90 days tell recurring keys from new ones. */
export const alertsWindow = (range: Range): ActivityWindow => ({ ...range, lookbackMs: ATTRIBUTION_LOOKBACK_MS, lookaheadMs: 0 });

export const plainWindow = (range: Range): ActivityWindow => ({ ...range, lookbackMs: 0, lookaheadMs: 0 });

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const isoAt = (ms: number): string => new Date(ms).toISOString();
