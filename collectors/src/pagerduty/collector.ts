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
import { describeValueProblems, getSyncCursor, setSyncCursor, valueProblems, writeRecordsIn, type Db, type EpochMs, type NormalizedRecord, type SyncKey } from "@opsledger/db";
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

/** Progress as the collector reports it; the CLI hands in bars or log lines. */
export interface CollectProgress {
  task(label: string): { total(n: number): void; advance(n?: number): void; done(summary?: string): void };
}

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

export interface CollectResult {
  ok: boolean;
  /** Records read (reference streams) or written (normalized rows), per stream. */
  records: Partial<Record<StreamName, number>>;
  unmatchedUsers: { id: string; name: string; email: string | null }[];
  /** Records read but not written, by reason (unknown notify medium, a notify entry naming no user, …). */
  skipped: Record<string, number>;
  /** Things a person should look at that did not stop the sync (e.g. notify entries that gave no page). */
  warnings: string[];
  errors: { stream: string; message: string }[];
  requests: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  durationMs: number;
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

const noProgress: CollectProgress = { task: () => ({ total() {}, advance() {}, done() {} }) };

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

export async function collectPagerduty(options: PagerdutyCollectorOptions): Promise<CollectResult> {
  const { db, client } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const until = started;
  const scope = options.scope ?? "default";
  const dryRun = options.dryRun === true;
  const overlap = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const concurrency = options.concurrency ?? 4;
  const progress = options.progress ?? noProgress;
  const serviceMap = options.services ?? {};
  const records: Partial<Record<StreamName, number>> = {};
  const errors: CollectResult["errors"] = [];
  const skipped: Record<string, number> = {};
  const warnings: string[] = [];
  const skip = (reason: string, n = 1) => {
    if (n > 0) skipped[reason] = (skipped[reason] ?? 0) + n;
  };
  const count = (stream: StreamName, n: number) => {
    records[stream] = (records[stream] ?? 0) + n;
  };
  const key = (stream: string): SyncKey => ({ source: SOURCE, stream, scope });
  const stats0 = { ...client.stats };

  /**
   * Rows and a cursor, in one transaction (nothing in a dry run). A row the value rules refuse (a
   * NUL in a title, a level past int4) is left out and counted, so it cannot fail on one database
   * and pass on the other.
   */
  const commit = async (all: NormalizedRecord[], stream: string, cursor: string) => {
    const rows = all.filter((r) => {
      const problems = valueProblems(r);
      if (problems.length === 0) return true;
      skip(`${r.kind} with a value the database cannot store`);
      warnings.push(`skipped ${describeValueProblems(r, problems)}`);
      return false;
    });
    if (dryRun) return;
    await db.transaction().execute(async (trx) => {
      if (rows.length > 0) await writeRecordsIn(trx, rows);
      await setSyncCursor(trx, key(stream), cursor, Math.round(now()));
    });
  };

  const finish = (): CollectResult => ({
    ok: errors.length === 0,
    records,
    unmatchedUsers: identity?.unmatched.map((u) => ({ id: u.id, name: u.name, email: u.email || null })) ?? [],
    skipped,
    warnings,
    errors,
    requests: client.stats.requests - stats0.requests,
    rateLimited: client.stats.rateLimited - stats0.rateLimited,
    rateLimitWaitMs: client.stats.rateLimitWaitMs - stats0.rateLimitWaitMs,
    durationMs: now() - started,
    dryRun,
  });
  const fail = (stream: string, error: unknown) => {
    errors.push({ stream, message: error instanceof Error ? error.message : String(error) });
  };

  // Reference data. Users come first: every later record needs identities.
  let identity: ReturnType<typeof matchUsers> | null = null;
  const knownUsers = new Set<string>();
  const usersTask = progress.task("users");
  try {
    const task = usersTask;
    const users = await client.list("/users", "users", pdUser);
    identity = matchUsers(users, options.people, options.users);
    for (const u of users) knownUsers.add(u.id);
    const people = identity.unmatched.map(unmatchedPerson);
    await commit(people.map((p) => ({ kind: "person", ...p })), "users", iso(until));
    count("users", users.length);
    count("people", people.length);
    task.total(users.length);
    task.advance(users.length);
    task.done(`${users.length} users, ${identity.unmatched.length} not in the config`);
  } catch (error) {
    fail("users", error);
    usersTask.done(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return finish();
  }
  const personOf = identity.personOf;

  const reference = [
    { stream: "services", path: "/services", item: pdService },
    { stream: "teams", path: "/teams", item: pdTeam },
    { stream: "escalation_policies", path: "/escalation_policies", item: pdEscalationPolicy },
    { stream: "schedules", path: "/schedules", item: pdSchedule },
  ] as const;
  for (const { stream, path, item } of reference) {
    const task = progress.task(stream);
    try {
      const items: unknown[] = await client.list<unknown>(path, stream, item);
      await commit([], stream, iso(until));
      count(stream, items.length);
      task.total(items.length);
      task.advance(items.length);
      task.done(`${items.length} ${stream.replace(/_/g, " ")}`);
    } catch (error) {
      fail(stream, error);
      task.done(`failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const ctx = { personOf, serviceOf: (id: string) => serviceMap[id] ?? id };

  /** Users seen in log entries that the users list did not have (deleted or deactivated). */
  const strangers = (mapped: MappedIncident[]): NormalizedRecord[] => {
    const out: NormalizedRecord[] = [];
    for (const ref of mapped.flatMap((m) => m.users)) {
      if (knownUsers.has(ref.id) || personOf(ref.id) !== `pagerduty:${ref.id}`) continue;
      knownUsers.add(ref.id);
      out.push({ kind: "person", ...unmatchedPerson({ id: ref.id, name: ref.summary ?? ref.id }) });
    }
    return out;
  };

  const details = async (incident: PdIncident): Promise<MappedIncident> => {
    const base = `/incidents/${encodeURIComponent(incident.id)}`;
    const entries = await client.list(`${base}/log_entries`, "log_entries", pdLogEntry, { is_overview: false });
    const alerts = incident.alert_counts?.all === 0 ? [] : await client.list(`${base}/alerts`, "alerts", pdAlert);
    return mapIncident(incident, entries, alerts, ctx);
  };

  const rowsOf = (mapped: MappedIncident[]): NormalizedRecord[] => [
    ...strangers(mapped),
    ...mapped.flatMap((m): NormalizedRecord[] => [
      { kind: "incident", ...m.incident },
      ...m.alerts.map((a): NormalizedRecord => ({ kind: "alert", ...a })),
      ...m.acknowledgements.map((a): NormalizedRecord => ({ kind: "acknowledgement", ...a })),
      ...m.pages.map((p): NormalizedRecord => ({ kind: "page", ...p })),
    ]),
  ];

  let notifyEntries = 0;
  const countMapped = (mapped: MappedIncident[]) => {
    for (const m of mapped) for (const [reason, n] of Object.entries(m.skipped)) skip(reason, n);
    notifyEntries += mapped.reduce((n, m) => n + m.notifyEntries, 0);
    count("incidents", mapped.length);
    count("log_entries", mapped.reduce((n, m) => n + m.logEntries, 0));
    count("alerts", mapped.reduce((n, m) => n + m.alerts.length, 0));
    count("acknowledgements", mapped.reduce((n, m) => n + m.acknowledgements.length, 0));
    count("pages", mapped.reduce((n, m) => n + m.pages.length, 0));
  };

  // Incidents.
  await (async () => {
    const task = progress.task("incidents");
    const stored = parseIncidentCursor(await getSyncCursor(db, key("incidents")));
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
            return await details(incident);
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
        await commit(rowsOf(found), "incidents", save());
        countMapped(found);
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
          const mapped = await mapLimit(page.items, concurrency, details);
          for (const incident of page.items) track(incident);
          const last = page.items[page.items.length - 1];
          if (last !== undefined) cursor.watermark = Math.max(cursor.watermark, Date.parse(last.created_at));
          if (!page.more) cursor.watermark = Math.max(cursor.watermark, window.until);
          await commit(rowsOf(mapped), "incidents", save());
          countMapped(mapped);
          task.advance(page.items.length);
          if (!page.more) return;
          page = await client.page("/incidents", "incidents", pdIncident, query, page.offset + page.items.length);
        }
      };
      for (const window of splitRange(from, until, INCIDENT_WINDOW_MS)) await syncWindow(window);
      // The watermark only moves forward, also when --since asked for an earlier start.
      if (stored !== null) cursor.watermark = Math.max(cursor.watermark, stored.watermark);
      await commit([], "incidents", save());
      // Responders were notified, yet nothing became a page: the payloads are not what the mapper
      // reads (the bug this warning exists for gave real accounts 0 pages and an exit code of 0).
      if (notifyEntries > 0 && (records.pages ?? 0) === 0) {
        warnings.push(`${notifyEntries} notify log entries were read but none became a page (see skipped); interruptions and on-call load will be missing`);
      }
      task.done(`${records.incidents ?? 0} incidents, ${records.alerts ?? 0} alerts, ${records.pages ?? 0} pages`);
    } catch (error) {
      fail("incidents", error);
      task.done(`failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();

  // On-call shifts.
  await (async () => {
    const task = progress.task("oncalls");
    try {
      const stored = await getSyncCursor(db, key("oncalls"));
      const storedAt = stored === null ? Number.NaN : Date.parse(stored);
      const from = options.since ?? (Number.isNaN(storedAt) ? options.defaultSince : storedAt);
      const windows = splitRange(from, until, ONCALL_WINDOW_MS);
      task.total(windows.length);
      for (const window of windows) {
        const entries = await client.list("/oncalls", "oncalls", pdOncall, { since: iso(window.since), until: iso(window.until), time_zone: "UTC" });
        const shifts = entries.flatMap((e) => {
          const shift = mapOncall(e, window, personOf);
          return shift === null ? [] : [shift];
        });
        const newcomers: NormalizedRecord[] = [];
        for (const e of entries) {
          const ref: PdReference = e.user;
          if (knownUsers.has(ref.id) || personOf(ref.id) !== `pagerduty:${ref.id}`) continue;
          knownUsers.add(ref.id);
          newcomers.push({ kind: "person", ...unmatchedPerson({ id: ref.id, name: ref.summary ?? ref.id }) });
        }
        const next = stored !== null && !Number.isNaN(storedAt) && storedAt > window.until ? storedAt : window.until;
        await commit([...newcomers, ...shifts.map((s): NormalizedRecord => ({ kind: "oncall_shift", ...s }))], "oncalls", iso(next));
        count("oncall_shifts", shifts.length);
        task.advance();
      }
      task.done(`${records.oncall_shifts ?? 0} shifts`);
    } catch (error) {
      fail("oncalls", error);
      task.done(`failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();

  return finish();
}

