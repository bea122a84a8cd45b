/**
 * PagerDuty collection: reference data (users with time zones, services, teams, escalation
 * policies, schedules), incidents with their log entries and alerts (acknowledgements and pages
 * come from the log entries), and on-call shifts.
 *
 * Incremental and resumable: each stream keeps a cursor in sync_state. Incidents are listed by
 * created_at in windows of at most 6 months (smaller when a window holds more than PagerDuty's
 * 10,000-offset cap), oldest first; each page of incidents is written with the cursor in one
 * transaction, so a crash or an error loses at most the page in flight and a rerun neither
 * duplicates (natural-key upserts) nor skips (the cursor only moves past written rows). The
 * incidents cursor is a created_at watermark (a rerun starts an overlap before it, for
 * incidents that show up late) plus the incidents still open, re-read each run until they
 * resolve. The on-call cursor is the end of the last window written.
 */
import { getSyncCursor, type Db, type EpochMs, type NormalizedRecord, type SyncKey } from "@opsledger/db";
import { chosenStreams, noProgress, RunLog, validateOptions, writePage, type CollectPlan, type CollectSummary, type Collector, type ProgressSink, type RunRequest } from "../contract.ts";
import { z } from "zod";
import {
  alertsPage,
  incidentResponse,
  pdAlert,
  pdEscalationPolicy,
  pdIncident,
  pdLogEntry,
  pdOncall,
  pdSchedule,
  pdService,
  pdTeam,
  pdUser,
  type PdIncident,
  type PdReference,
} from "./api-types.ts";
import { MAX_OFFSET_WINDOW, PagerdutyApiError, type PagerdutyClient } from "./client.ts";
import { mapIncident, mapOncall, matchUsers, SOURCE, unmatchedPerson, type MappedIncident, type PersonIdentity } from "./mapper.ts";

/** PagerDuty allows since/until ranges of at most 6 months for incidents, 90 days for on-calls. */
export const INCIDENT_WINDOW_MS = 180 * 86_400_000;
export const ONCALL_WINDOW_MS = 90 * 86_400_000;
export const DEFAULT_OVERLAP_MS = 3_600_000;

/** Progress as the collector reports it: the contract's sink. */
export type CollectProgress = ProgressSink;

export interface PagerdutyCollectorOptions {
  db: Db;
  client: PagerdutyClient;
  /** Configured people, for identity matching. */
  people: readonly PersonIdentity[];
  /** PagerDuty user id → person id, for users whose email does not match. */
  users?: Readonly<Record<string, string>>;
  /** PagerDuty service id → service id used in the team config. */
  services?: Readonly<Record<string, string>>;
  /** Start of the first sync (no cursor yet). */
  defaultSince: EpochMs;
  /** Collect from here whatever the cursors say (a backfill). */
  since?: EpochMs | null;
  overlapMs?: number;
  /** Map and count, write nothing (no rows, no cursors). */
  dryRun?: boolean;
  /** Incidents whose details (log entries, alerts) are fetched at once. Default 4. */
  concurrency?: number;
  /** Cursor scope, e.g. the account; default "default". */
  scope?: string;
  now?: () => number;
  progress?: CollectProgress;
}

export type StreamName =
  | "users"
  | "services"
  | "teams"
  | "escalation_policies"
  | "schedules"
  | "incidents"
  | "log_entries"
  | "alerts"
  | "acknowledgements"
  | "pages"
  | "oncall_shifts"
  | "people";

/**
 * What a sync did: the contract's summary (rows written per stream, skipped records by reason,
 * requests, waits, retries) and PagerDuty's own figures.
 */
export interface CollectResult extends CollectSummary {
  /** Records read (reference streams) or written (normalized rows), per record kind. */
  records: Partial<Record<StreamName, number>>;
  unmatchedUsers: { id: string; name: string; email: string | null }[];
  /** 429s waited out (the contract's `rateLimitWaits`). */
  rateLimited: number;
  dryRun: boolean;
}

interface IncidentCursor {
  /** created_at (ms) up to which every incident is written. */
  watermark: EpochMs;
  /** Incidents written while unresolved: id → created_at (ms). */
  open: Record<string, EpochMs>;
}

function parseIncidentCursor(raw: string | null): IncidentCursor | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null || !("watermark" in value) || typeof value.watermark !== "number") return null;
    const open: Record<string, EpochMs> = {};
    if ("open" in value && typeof value.open === "object" && value.open !== null) {
      for (const [id, at] of Object.entries(value.open)) if (typeof at === "number") open[id] = at;
    }
    return { watermark: value.watermark, open };
  } catch {
    return null;
  }
}

/** [since, until) cut into consecutive windows of at most `size`. */
export function splitRange(since: EpochMs, until: EpochMs, size: number): { since: EpochMs; until: EpochMs }[] {
  const out: { since: EpochMs; until: EpochMs }[] = [];
  for (let from = since; from < until; from += size) out.push({ since: from, until: Math.min(from + size, until) });
  return out;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item !== undefined) out[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

const iso = (ms: EpochMs) => new Date(ms).toISOString();

const PD_STREAMS = ["users", "services", "teams", "escalation_policies", "schedules", "incidents", "oncalls"] as const;
export type PagerdutyStream = (typeof PD_STREAMS)[number];
export const PAGERDUTY_STREAMS: readonly PagerdutyStream[] = PD_STREAMS;

/** Everything the stream functions share: options, the run's log, identities, and the one way to write. */
interface Sync {
  options: PagerdutyCollectorOptions;
  db: Db;
  client: PagerdutyClient;
  log: RunLog;
  now: () => number;
  until: EpochMs;
  dryRun: boolean;
  progress: ProgressSink;
  records: Partial<Record<StreamName, number>>;
  key: (stream: string) => SyncKey;
  identity: ReturnType<typeof matchUsers> | null;
  knownUsers: Set<string>;
  ctx: { personOf: (id: string) => string; serviceOf: (id: string) => string };
  notifyEntries: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function count(sync: Sync, stream: StreamName, n: number): void {
  sync.records[stream] = (sync.records[stream] ?? 0) + n;
}

/**
 * Rows and a cursor, in one transaction (nothing in a dry run): contract.ts `writePage`, which
 * leaves out and counts a row the value rules refuse (a NUL in a title, a level past int4).
 */
async function commit(sync: Sync, rows: NormalizedRecord[], stream: PagerdutyStream, cursor: string): Promise<void> {
  const kept = await writePage(sync.db, rows, { key: sync.key(stream), value: cursor }, { log: sync.log, at: sync.now(), dryRun: sync.dryRun });
  sync.log.wrote(stream, kept.length);
}

/** Users come first: every later record needs identities. Without them the sync stops. */
async function syncUsers(sync: Sync): Promise<void> {
  const task = sync.progress.task("users");
  try {
    const users = await sync.client.list("/users", "users", pdUser);
    const identity = matchUsers(users, sync.options.people, sync.options.users);
    sync.identity = identity;
    sync.ctx.personOf = identity.personOf;
    for (const u of users) sync.knownUsers.add(u.id);
    const people = identity.unmatched.map(unmatchedPerson);
    await commit(sync, people.map((p) => ({ kind: "person", ...p })), "users", iso(sync.until));
    count(sync, "users", users.length);
    count(sync, "people", people.length);
    task.total(users.length);
    task.advance(users.length);
    task.done(`${users.length} users, ${identity.unmatched.length} not in the config`);
  } catch (error) {
    task.done(`failed: ${message(error)}`);
    throw error;
  }
}

const REFERENCE = {
  services: { path: "/services", item: pdService },
  teams: { path: "/teams", item: pdTeam },
  escalation_policies: { path: "/escalation_policies", item: pdEscalationPolicy },
  schedules: { path: "/schedules", item: pdSchedule },
} as const;

/** Reference data is read and counted (its cursor says when), not stored: teams and services come from the config. */
async function syncReference(sync: Sync, stream: keyof typeof REFERENCE): Promise<void> {
  const task = sync.progress.task(stream);
  const { path, item } = REFERENCE[stream];
  try {
    const items: unknown[] = await sync.client.list<unknown>(path, stream, item);
    await commit(sync, [], stream, iso(sync.until));
    count(sync, stream, items.length);
    task.total(items.length);
    task.advance(items.length);
    task.done(`${items.length} ${stream.replace(/_/g, " ")}`);
  } catch (error) {
    task.done(`failed: ${message(error)}`);
    throw error;
  }
}

/** Users seen in log entries or on-calls that the users list did not have (deleted or deactivated). */
function strangers(sync: Sync, refs: readonly PdReference[]): NormalizedRecord[] {
  const out: NormalizedRecord[] = [];
  for (const ref of refs) {
    if (sync.knownUsers.has(ref.id) || sync.ctx.personOf(ref.id) !== `pagerduty:${ref.id}`) continue;
    sync.knownUsers.add(ref.id);
    out.push({ kind: "person", ...unmatchedPerson({ id: ref.id, name: ref.summary ?? ref.id }) });
  }
  return out;
}

async function details(sync: Sync, incident: PdIncident): Promise<MappedIncident> {
  const base = `/incidents/${encodeURIComponent(incident.id)}`;
  const entries = await sync.client.list(`${base}/log_entries`, "log_entries", pdLogEntry, { is_overview: false });
  const alerts = incident.alert_counts?.all === 0 ? [] : await sync.client.list(`${base}/alerts`, "alerts", pdAlert);
  return mapIncident(incident, entries, alerts, sync.ctx);
}

function rowsOf(sync: Sync, mapped: MappedIncident[]): NormalizedRecord[] {
  return [
    ...strangers(sync, mapped.flatMap((m) => m.users)),
    ...mapped.flatMap((m): NormalizedRecord[] => [
      { kind: "incident", ...m.incident },
      ...m.alerts.map((a): NormalizedRecord => ({ kind: "alert", ...a })),
      ...m.acknowledgements.map((a): NormalizedRecord => ({ kind: "acknowledgement", ...a })),
      ...m.pages.map((p): NormalizedRecord => ({ kind: "page", ...p })),
    ]),
  ];
}

function countMapped(sync: Sync, mapped: MappedIncident[]): void {
  for (const m of mapped) for (const [reason, n] of Object.entries(m.skipped)) sync.log.skip(reason, n);
  sync.notifyEntries += mapped.reduce((n, m) => n + m.notifyEntries, 0);
  count(sync, "incidents", mapped.length);
  count(sync, "log_entries", mapped.reduce((n, m) => n + m.logEntries, 0));
  count(sync, "alerts", mapped.reduce((n, m) => n + m.alerts.length, 0));
  count(sync, "acknowledgements", mapped.reduce((n, m) => n + m.acknowledgements.length, 0));
  count(sync, "pages", mapped.reduce((n, m) => n + m.pages.length, 0));
}

/** Incidents with their log entries and alerts: the open ones of earlier syncs first, then the new windows. */
async function syncIncidents(sync: Sync): Promise<void> {
  const { client, options } = sync;
  const task = sync.progress.task("incidents");
  const overlap = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const concurrency = options.concurrency ?? 4;
  const stored = parseIncidentCursor(await getSyncCursor(sync.db, sync.key("incidents")));
  const cursor: IncidentCursor = { watermark: stored?.watermark ?? 0, open: { ...(stored?.open ?? {}) } };
  const from = options.since ?? (stored === null ? options.defaultSince : Math.max(0, stored.watermark - overlap));
  const save = () => JSON.stringify(cursor);
  const track = (incident: PdIncident) => {
    if (incident.status === "resolved") delete cursor.open[incident.id];
    else cursor.open[incident.id] = Date.parse(incident.created_at);
  };
  try {
    // Incidents still open at the last sync and older than this run's windows: re-read each.
    const stale = Object.entries(cursor.open).filter(([, createdAt]) => createdAt < from).map(([id]) => id);
    let total = stale.length;
    task.total(total);
    for (let i = 0; i < stale.length; i += 100) {
      const ids = stale.slice(i, i + 100);
      const mapped = await mapLimit(ids, concurrency, async (id) => {
        try {
          const { incident } = await client.get(`/incidents/${encodeURIComponent(id)}`, {}, incidentResponse);
          track(incident);
          return await details(sync, incident);
        } catch (error) {
          // Deleted (or merged away) since: stop following it.
          if (error instanceof PagerdutyApiError && error.status === 404) {
            delete cursor.open[id];
            return null;
          }
          throw error;
        }
      });
      const found = mapped.filter((m): m is MappedIncident => m !== null);
      await commit(sync, rowsOf(sync, found), "incidents", save());
      countMapped(sync, found);
      task.advance(ids.length);
    }

    const syncWindow = async (window: { since: EpochMs; until: EpochMs }): Promise<void> => {
      const query = { since: iso(window.since), until: iso(window.until), sort_by: "created_at:asc", time_zone: "UTC" };
      const first = await client.page("/incidents", "incidents", pdIncident, query, 0, { total: true });
      if (first.total !== null && first.total > MAX_OFFSET_WINDOW) {
        // Past the offset cap: halve the window and take each half in order.
        if (window.until - window.since < 2) throw new Error(`more than ${MAX_OFFSET_WINDOW} incidents created at ${iso(window.since)}`);
        const middle = window.since + Math.floor((window.until - window.since) / 2);
        await syncWindow({ since: window.since, until: middle });
        await syncWindow({ since: middle, until: window.until });
        return;
      }
      total += first.total ?? first.items.length;
      task.total(total);
      let page = first;
      for (;;) {
        const mapped = await mapLimit(page.items, concurrency, (incident) => details(sync, incident));
        for (const incident of page.items) track(incident);
        const last = page.items[page.items.length - 1];
        if (last !== undefined) cursor.watermark = Math.max(cursor.watermark, Date.parse(last.created_at));
        if (!page.more) cursor.watermark = Math.max(cursor.watermark, window.until);
        await commit(sync, rowsOf(sync, mapped), "incidents", save());
        countMapped(sync, mapped);
        task.advance(page.items.length);
        if (!page.more) return;
        page = await client.page("/incidents", "incidents", pdIncident, query, page.offset + page.items.length);
      }
    };
    for (const window of splitRange(from, sync.until, INCIDENT_WINDOW_MS)) await syncWindow(window);
    // The watermark only moves forward, also when --since asked for an earlier start.
    if (stored !== null) cursor.watermark = Math.max(cursor.watermark, stored.watermark);
    await commit(sync, [], "incidents", save());
    // Responders were notified, yet nothing became a page: the payloads are not what the mapper
    // reads (the bug this warning exists for gave real accounts 0 pages and an exit code of 0).
    if (sync.notifyEntries > 0 && (sync.records.pages ?? 0) === 0) {
      sync.log.warnings.push(`${sync.notifyEntries} notify log entries were read but none became a page (see skipped); interruptions and on-call load will be missing`);
    }
    task.done(`${sync.records.incidents ?? 0} incidents, ${sync.records.alerts ?? 0} alerts, ${sync.records.pages ?? 0} pages`);
  } catch (error) {
    task.done(`failed: ${message(error)}`);
    throw error;
  }
}

/** On-call shifts in windows of at most 90 days; the cursor is the end of the last window written. */
async function syncOncalls(sync: Sync): Promise<void> {
  const task = sync.progress.task("oncalls");
  try {
    const stored = await getSyncCursor(sync.db, sync.key("oncalls"));
    const storedAt = stored === null ? Number.NaN : Date.parse(stored);
    const from = sync.options.since ?? (Number.isNaN(storedAt) ? sync.options.defaultSince : storedAt);
    const windows = splitRange(from, sync.until, ONCALL_WINDOW_MS);
    task.total(windows.length);
    for (const window of windows) {
      const entries = await sync.client.list("/oncalls", "oncalls", pdOncall, { since: iso(window.since), until: iso(window.until), time_zone: "UTC" });
      const shifts = entries.flatMap((e) => {
        const shift = mapOncall(e, window, sync.ctx.personOf);
        return shift === null ? [] : [shift];
      });
      const newcomers = strangers(sync, entries.map((e) => e.user));
      const next = stored !== null && !Number.isNaN(storedAt) && storedAt > window.until ? storedAt : window.until;
      await commit(sync, [...newcomers, ...shifts.map((s): NormalizedRecord => ({ kind: "oncall_shift", ...s }))], "oncalls", iso(next));
      count(sync, "oncall_shifts", shifts.length);
      task.advance();
    }
    task.done(`${sync.records.oncall_shifts ?? 0} shifts`);
  } catch (error) {
    task.done(`failed: ${message(error)}`);
    throw error;
  }
}

/** The client's counters in the contract's terms. */
const pagerdutyCounters = (client: PagerdutyClient) => ({
  requests: client.stats.requests,
  retries: client.stats.retries,
  rateLimitWaits: client.stats.rateLimited,
  rateLimitWaitMs: client.stats.rateLimitWaitMs,
});

export async function collectPagerduty(options: PagerdutyCollectorOptions, request: { streams?: readonly string[] | null } = {}): Promise<CollectResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const scope = options.scope ?? "default";
  const serviceMap = options.services ?? {};
  const only = request.streams ?? null;
  const wanted = (stream: PagerdutyStream) => only === null || only.includes(stream);
  const log = new RunLog(SOURCE, () => pagerdutyCounters(options.client), () => {}, false);
  const sync: Sync = {
    options,
    db: options.db,
    client: options.client,
    log,
    now,
    until: started,
    dryRun: options.dryRun === true,
    progress: options.progress ?? noProgress,
    records: {},
    key: (stream) => ({ source: SOURCE, stream, scope }),
    identity: null,
    knownUsers: new Set(),
    ctx: { personOf: (id) => `pagerduty:${id}`, serviceOf: (id: string) => serviceMap[id] ?? id },
    notifyEntries: 0,
  };
  const finish = (): CollectResult => {
    const common = log.summary([scope]);
    return {
      ...common,
      records: sync.records,
      unmatchedUsers: sync.identity?.unmatched.map((u) => ({ id: u.id, name: u.name, email: u.email || null })) ?? [],
      rateLimited: common.rateLimitWaits,
      // The injected clock: tests measure the waits the client slept, not the wall.
      durationMs: now() - started,
      dryRun: sync.dryRun,
    };
  };

  // Identities are needed by every other stream, so users are read even when not asked for.
  const users = await log.stream("users", scope, () => syncUsers(sync), { contain: true });
  if (users.status === "failed") return finish();
  for (const stream of Object.keys(REFERENCE) as (keyof typeof REFERENCE)[]) {
    if (wanted(stream)) await log.stream(stream, scope, () => syncReference(sync, stream), { contain: true });
  }
  if (wanted("incidents")) await log.stream("incidents", scope, () => syncIncidents(sync), { contain: true });
  if (wanted("oncalls")) await log.stream("oncalls", scope, () => syncOncalls(sync), { contain: true });
  return finish();
}

const pagerdutyOptionsSchema = z.looseObject({
  people: z.array(z.looseObject({ id: z.string().min(1) })),
  users: z.record(z.string(), z.string().min(1)).optional(),
  services: z.record(z.string(), z.string().min(1)).optional(),
  defaultSince: z.number().finite(),
  since: z.number().finite().nullish(),
  overlapMs: z.number().nonnegative().optional(),
  concurrency: z.number().int().positive().optional(),
  scope: z.string().min(1).optional(),
});

/**
 * The PagerDuty collector behind the contract (contract.ts). Its one scope is the account (the
 * API host): incidents and on-calls are listed account-wide, with one cursor each.
 */
export function pagerdutyCollector(options: PagerdutyCollectorOptions): Collector & { run(request?: RunRequest): Promise<CollectResult> } {
  validateOptions(SOURCE, pagerdutyOptionsSchema, options);
  const scope = options.scope ?? "default";
  const checkStreams = (request: RunRequest = {}) => {
    chosenStreams(SOURCE, PD_STREAMS, request.streams);
    const foreign = (request.scopes ?? []).filter((s) => s !== scope);
    if (foreign.length > 0) throw new Error(`pagerduty collects one account (${scope}); ${foreign.map((s) => `"${s}"`).join(", ")} is not it`);
  };
  return {
    source: SOURCE,
    streams: PD_STREAMS,
    scopes: async () => [scope],
    plan: async (request = {}): Promise<CollectPlan> => {
      checkStreams(request);
      const streams = request.streams ?? PD_STREAMS;
      const plans = [];
      for (const stream of streams) plans.push({ stream, scope, incremental: (await getSyncCursor(options.db, { source: SOURCE, stream, scope })) !== null, estimatedRequests: null });
      return { source: SOURCE, scopes: [scope], streams: plans, estimatedRequests: null, requestsMade: 0, notes: ["PagerDuty costs about two requests per incident (log entries and alerts); see docs/pagerduty.md"] };
    },
    run: async (request = {}) => {
      checkStreams(request);
      return collectPagerduty({ ...options, progress: request.progress ?? options.progress }, { streams: request.streams ?? null });
    },
  };
}
