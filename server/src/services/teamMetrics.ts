/**
 * Fetch-and-compute for one team: the one place that knows which rows each metric reads and over
 * which span (attribution look-back, failure-window look-ahead, engaged-span look-back, the
 * 90-day and 4-week signal spans). Routes, the drill-down and the quarterly report call these, so
 * a number never differs between a team page, the org summary and the report. SQL stays in db/,
 * maths in metrics/; what is here only picks windows and, for the org summary and the report,
 * reuses one fetch for every figure of a team.
 */
import {
  getTeamAlertKeys,
  getTeamAlerts,
  getTeamCiRuns,
  getTeamCommitters,
  getTeamDelivery,
  getTeamOncall,
  type ActivityWindow,
  type Alert,
  type CiRun,
  type Db,
  type Incident,
  type Team,
  type TeamDelivery,
  type TeamDeliveryOptions,
  type TeamOncall,
} from "@opsledger/db";
import {
  computeAlertQuality,
  computeCi,
  computeDora,
  computeOncall,
  computeSignals,
  weeklySeries,
  type AlertQualityResult,
  type CiResult,
  type DoraResult,
  type MetricSettings,
  type OncallResult,
  type SeriesInput,
  type SeriesMetric,
  type SeriesOptions,
  type SeriesResult,
  type SignalsInput,
  type SignalsResult,
  type Window,
  DAY,
  HOUR,
  MINUTE,
  RECURRING_LOOKBACK_MS,
  REPEAT_MS,
  signalWindows,
} from "../metrics/index.ts";
import { memoRows } from "./rowMemo.ts";

/** Attribution looks back this far for changes merged before the window (DESIGN: 90 days). */
export const ATTRIBUTION_LOOKBACK_MS = 90 * DAY;

// ---------------------------------------------------------------- windows

/** DORA rows: changes and deployments from 90 days back, deployments and incidents to the end of the failure window. */
export const deliveryWindow = (range: Window, settings: MetricSettings): ActivityWindow => ({
  ...range,
  lookbackMs: ATTRIBUTION_LOOKBACK_MS,
  lookaheadMs: settings.failureWindowHours * HOUR,
});

/**
 * On-call rows: acknowledgements made up to one engaged-span cap before the window can still
 * reach into it, and a page just before the window can absorb one inside it (60 s merge).
 */
export const oncallWindow = (range: Window, settings: MetricSettings): ActivityWindow => ({
  ...range,
  lookbackMs: Math.max(settings.engagedCapHours * HOUR, MINUTE),
  lookaheadMs: 0,
});

/** Alerts: those of the day before the window tell its first alerts' repeats from first alerts. */
export const alertsWindow = (range: Window): ActivityWindow => ({ ...range, lookbackMs: REPEAT_MS, lookaheadMs: 0 });

/** Recurring vs new keys: the keys (only) of the 90 days before the window. */
export const alertKeysWindow = (range: Window): Window => ({ from: range.from - RECURRING_LOOKBACK_MS, to: range.from });

export const plainWindow = (range: Window): ActivityWindow => ({ ...range, lookbackMs: 0, lookaheadMs: 0 });


// ---------------------------------------------------------------- rows

/** A memo key naming everything a team query reads: the query, the team's repos, services and members, the window, the options. */
const rowsKey = (query: string, team: Team, window: ActivityWindow, options: object = {}): string =>
  JSON.stringify([query, team.repos, team.services, team.members, window.from, window.to, window.lookbackMs, window.lookaheadMs, options]);

/**
 * The team read queries, memoised while the kinds each reads are unwritten (rowMemo.ts): the
 * endpoints of one page share one read.
 */
const readDelivery = (db: Db, team: Team, window: ActivityWindow, options: TeamDeliveryOptions): Promise<TeamDelivery> =>
  memoRows(db, rowsKey("delivery", team, window, options), ["deployment", "change", "incident"], () => getTeamDelivery(db, team, window, options));
const readCiRuns = (db: Db, team: Team, window: ActivityWindow): Promise<CiRun[]> =>
  memoRows(db, rowsKey("ci", team, window), ["ci_run"], () => getTeamCiRuns(db, team, window));
const readOncall = (db: Db, team: Team, window: ActivityWindow): Promise<TeamOncall> =>
  memoRows(db, rowsKey("oncall", team, window), ["person", "page", "oncall_shift", "acknowledgement", "incident"], () => getTeamOncall(db, team, window));
const readAlerts = (db: Db, team: Team, window: ActivityWindow): Promise<Alert[]> =>
  memoRows(db, rowsKey("alerts", team, window), ["alert"], () => getTeamAlerts(db, team, window));
const readAlertKeys = (db: Db, team: Team, window: Window): Promise<string[]> =>
  memoRows(db, rowsKey("alert-keys", team, { ...window, lookbackMs: 0, lookaheadMs: 0 }), ["alert"], () => getTeamAlertKeys(db, team, window));
const readCommitters = (db: Db, team: Team, window: ActivityWindow): Promise<SignalsInput["committers"]> =>
  memoRows(db, rowsKey("committers", team, window), ["committer"], () => getTeamCommitters(db, team, window));

export type DeliveryRows = TeamDelivery & { team: Team };
export type OncallRows = TeamOncall & { team: Team };

/**
 * Changes come with only their shas that some fetched deployment lists: attribution looks a
 * change's shas up in those lists and can use no other, and the full lists are the biggest read.
 */
export async function fetchDeliveryRows(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<DeliveryRows> {
  return { team, ...(await readDelivery(db, team, deliveryWindow(range, settings), { changeCommits: "deployed" })) };
}

export const fetchCiRows = (db: Db, team: Team, range: Window): Promise<CiRun[]> => readCiRuns(db, team, plainWindow(range));

export async function fetchOncallRows(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<OncallRows> {
  return { team, ...(await readOncall(db, team, oncallWindow(range, settings))) };
}

export const fetchAlertRows = (db: Db, team: Team, range: Window): Promise<Alert[]> => readAlerts(db, team, alertsWindow(range));

const incidentKey = (i: Incident): string => `${i.source}\u0000${i.id}`;

/** Incidents found by both the delivery and the on-call query, once each (first position, as a Map keeps them). */
const uniqueIncidents = (lists: Incident[][]): Incident[] => {
  const map = new Map<string, Incident>();
  for (const list of lists) for (const i of list) map.set(incidentKey(i), i);
  return [...map.values()];
};

function signalsInput(team: Team, settings: MetricSettings, delivery: TeamDelivery, committers: SignalsInput["committers"], ciRuns: CiRun[], oncall: TeamOncall): SignalsInput {
  return {
    team,
    orgCompliance: settings.orgCompliance,
    ...delivery,
    committers,
    ciRuns,
    ...oncall,
    incidents: uniqueIncidents([delivery.incidents, oncall.incidents]),
  };
}

/**
 * The rows the signals read as of an instant, and nothing more: deployments, merged changes
 * (without their commit lists) and committers of the 90 days before it; CI runs and on-call rows
 * of the last 4 weeks, the on-call rows reaching back one engaged-span cap.
 */
export async function fetchSignalRows(db: Db, team: Team, asOf: number, settings: MetricSettings): Promise<SignalsInput> {
  const { long, short } = signalWindows(asOf);
  const [delivery, committers, ciRuns, oncall] = await Promise.all([
    readDelivery(db, team, plainWindow(long), { changeCommits: false }),
    readCommitters(db, team, plainWindow(long)),
    readCiRuns(db, team, plainWindow(short)),
    readOncall(db, team, oncallWindow(short, settings)),
  ]);
  return signalsInput(team, settings, delivery, committers, ciRuns, oncall);
}

const between = (t: number, w: Window): boolean => t >= w.from && t < w.to;

/**
 * The signal rows as of `range.to`, cut out of rows already fetched for `range` when those cover
 * the signal spans: the rows `fetchSignalRows` would read (same filters as its queries, same
 * order), so the org summary and the report fetch a team once. Undefined when they do not cover
 * (a range shorter than 90 days); then fetch.
 */
function signalRowsFrom(
  range: Window,
  rows: { delivery: DeliveryRows; ciRuns: CiRun[]; oncall: OncallRows; committers: SignalsInput["committers"] },
  settings: MetricSettings,
): SignalsInput | undefined {
  const { delivery, ciRuns, oncall } = rows;
  const { long, short } = signalWindows(range.to);
  // Delivery incidents of the team's services start at range.from; on-call rows at range.from − cap.
  if (range.from > long.from) return undefined;
  const team = delivery.team;
  const deployments = delivery.deployments.filter((d) => between(d.finishedAt, long));
  const deploymentIds = new Set(deployments.map((d) => d.id));
  const services = new Set(team.services);
  const longDelivery: TeamDelivery = {
    deployments,
    // Changes keep their commit lists here; the signals never read them (fetchSignalRows skips them only to save the read).
    changes: delivery.changes.filter((c) => between(c.mergedAt, long)),
    incidents: delivery.incidents.filter(
      (i) =>
        (services.has(i.service) && between(i.createdAt, long)) ||
        (i.deploymentId !== null && deploymentIds.has(i.deploymentId)) ||
        (i.fixDeploymentId !== null && deploymentIds.has(i.fixDeploymentId)),
    ),
  };
  const w = oncallWindow(short, settings);
  const early = w.from - w.lookbackMs;
  const pages = oncall.pages.filter((p) => p.at >= early && p.at < w.to);
  const acknowledgements = oncall.acknowledgements.filter((a) => a.at >= early && a.at < w.to);
  const serviceIncidents = oncall.incidents.filter((i) => services.has(i.service) && i.createdAt >= early && i.createdAt < w.to);
  const known = new Set(serviceIncidents.map((i) => i.id));
  const engaged = new Set([...pages.map((p) => p.incidentId), ...acknowledgements.map((a) => a.incidentId)].filter((id) => !known.has(id)));
  // An engaged id the range fetch found as a service incident was not looked up by id there, so
  // a same-id incident of another source may be missing: fetch instead.
  const rangeKnown = new Set(oncall.incidents.filter((i) => services.has(i.service)).map((i) => i.id));
  for (const id of engaged) if (rangeKnown.has(id)) return undefined;
  const shortOncall: TeamOncall = {
    people: oncall.people,
    pages,
    shifts: oncall.shifts.filter((s) => s.start < w.to && s.end > w.from),
    acknowledgements,
    incidents: oncall.incidents.filter((i) => (services.has(i.service) && i.createdAt >= early && i.createdAt < w.to) || engaged.has(i.id)),
  };
  const shortRuns = ciRuns.filter((r) => between(r.startedAt, short));
  return signalsInput(team, settings, longDelivery, rows.committers, shortRuns, shortOncall);
}

// ---------------------------------------------------------------- metrics

export async function teamDora(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<DoraResult> {
  return computeDora(await fetchDeliveryRows(db, team, range, settings), range, settings);
}

export async function teamCi(db: Db, team: Team, range: Window): Promise<CiResult> {
  return computeCi(await fetchCiRows(db, team, range), range);
}

export async function teamOncall(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<OncallResult> {
  return computeOncall(await fetchOncallRows(db, team, range, settings), range, settings);
}

/** Alert quality of the window, with the members' pages for who was woken up. */
export async function teamAlertQuality(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<AlertQualityResult> {
  const [alerts, keysSeenBefore, oncall] = await Promise.all([
    fetchAlertRows(db, team, range),
    readAlertKeys(db, team, alertKeysWindow(range)),
    fetchOncallRows(db, team, range, settings),
  ]);
  return computeAlertQuality(alerts, range, settings, { pages: oncall.pages, people: oncall.people, ownedServices: team.services, keysSeenBefore });
}

export async function teamSignals(db: Db, team: Team, asOf: number, settings: MetricSettings): Promise<SignalsResult> {
  return computeSignals(await fetchSignalRows(db, team, asOf, settings), asOf, settings);
}

/** The rows one series needs, and nothing else. */
async function seriesInput(db: Db, team: Team, metric: SeriesMetric, range: Window, settings: MetricSettings): Promise<SeriesInput> {
  switch (metric) {
    case "deployments":
    case "lead-time":
    case "change-failure-rate":
    case "recovery-time":
      return { dora: await fetchDeliveryRows(db, team, range, settings) };
    case "ci-duration":
    case "ci-failure-rate":
      return { ciRuns: await fetchCiRows(db, team, range) };
    case "ops-share":
      return { oncall: await fetchOncallRows(db, team, range, settings) };
    case "alerts":
      return { alerts: await fetchAlertRows(db, team, range) };
  }
}

export async function teamSeries(db: Db, team: Team, metric: SeriesMetric, range: Window, settings: MetricSettings, options: SeriesOptions = {}): Promise<SeriesResult> {
  return weeklySeries(metric, await seriesInput(db, team, metric, range, settings), range, settings, options);
}

/** Every headline figure of a team, from one fetch: what the org summary and the report show per team. */
export interface TeamOverview {
  team: Team;
  dora: DoraResult;
  ci: CiResult;
  oncall: OncallResult;
  signals: SignalsResult;
  /** On-call load of the 4 weeks before `range.to`: the span the ops-load signal reads. */
  recentOncall: OncallResult;
  /** The rows behind the figures, for callers that chart them. */
  rows: { delivery: DeliveryRows; ciRuns: CiRun[]; oncall: OncallRows };
}

/**
 * DORA, CI and on-call for the range and the signals as of its end, each as its team endpoint
 * computes it, from one fetch of the team's rows (the signal rows are cut out of the range's rows
 * when they cover them).
 */
export async function teamOverview(db: Db, team: Team, range: Window, settings: MetricSettings): Promise<TeamOverview> {
  const [delivery, ciRuns, oncall, committers] = await Promise.all([
    fetchDeliveryRows(db, team, range, settings),
    fetchCiRows(db, team, range),
    fetchOncallRows(db, team, range, settings),
    readCommitters(db, team, plainWindow(signalWindows(range.to).long)),
  ]);
  const signalRows = signalRowsFrom(range, { delivery, ciRuns, oncall, committers }, settings) ?? (await fetchSignalRows(db, team, range.to, settings));
  const signals = computeSignals(signalRows, range.to, settings);
  return {
    team,
    dora: computeDora(delivery, range, settings),
    ci: computeCi(ciRuns, range),
    oncall: computeOncall(oncall, range, settings),
    signals,
    recentOncall: computeOncall(signalRows, signalWindows(range.to).short, settings),
    rows: { delivery, ciRuns, oncall },
  };
}
