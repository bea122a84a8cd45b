/**
 * The one contract every source implements (after openstatus' `packages/importers/src/types.ts`:
 * each provider validates its configuration, then runs to one summary shape).
 *
 * - Configuration is validated when a collector is built (`CollectorConfigError` lists every
 *   problem), before any request or write.
 * - `plan` says what a run would do: the streams per scope, whether each continues from a stored
 *   cursor, and roughly what it would cost.
 * - `run` collects, reporting progress per stream and scope, and returns a `CollectSummary`: the
 *   same shape for the CLI's progress bars and summary, the scheduler's jobs and `/metrics`.
 * - A run can be narrowed to some scopes (one repository, one GitLab project, one PagerDuty
 *   account) and some streams, so a job queue can spread a large organisation as one job per scope.
 *
 * Every write goes through `writeRecordsIn` (db/) with the stream's cursor in the same transaction.
 */
import { describeValueProblems, setSyncCursor, valueProblems, writeRecordsIn, type Db, type NormalizedRecord, type SyncKey } from "@opsledger/db";
import { z } from "zod";

/** One unit of progress: a stream of a scope. The CLI draws a bar or logs lines; collectors never know which. */
export interface ProgressTask {
  total(n: number): void;
  advance(n?: number): void;
  done(summary?: string): void;
}

export interface ProgressSink {
  task(label: string): ProgressTask;
}

export const noProgress: ProgressSink = { task: () => ({ total: () => {}, advance: () => {}, done: () => {} }) };

/** What a vendor client counts, whatever the library underneath (octokit's plugins, bottleneck). */
export interface RequestCounters {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests repeated after a server error, a timeout or a dropped connection. */
  retries: number;
  /** Times the client waited for a rate limit (a 429, a Retry-After, a budget about to run dry). */
  rateLimitWaits: number;
  /** How long those waits were, as the vendor asked (ms). */
  rateLimitWaitMs: number;
}

export interface StreamSummary {
  stream: string;
  /** The repository, project or account the stream read. */
  scope: string;
  status: "completed" | "failed";
  /** Rows written (or, in a dry run, that would have been). */
  written: number;
  /** Requests this stream made, retries included. */
  requests: number;
  error: string | null;
}

/** What a run did. Every collector returns this shape (vendor summaries extend it). */
export interface CollectSummary extends RequestCounters {
  source: string;
  /** False when any stream failed; what was written before the failure is kept with its cursor. */
  ok: boolean;
  scopes: string[];
  streams: StreamSummary[];
  /** Rows written per stream, over every scope. */
  written: Record<string, number>;
  /** Records read but not written, by reason. Nothing is dropped without a word. */
  skipped: Record<string, number>;
  /** Things a person should look at that did not stop the run. */
  warnings: string[];
  /** Streams that failed; `scope` names the repository or project where a source has several. */
  errors: { stream: string; scope?: string; message: string }[];
  durationMs: number;
}

export interface StreamPlan {
  stream: string;
  scope: string;
  /** True when a stored cursor exists: the run continues from it instead of a full sync. */
  incremental: boolean;
  /** Rough request count, null when it cannot be told without reading. */
  estimatedRequests: number | null;
}

export interface CollectPlan {
  source: string;
  scopes: string[];
  streams: StreamPlan[];
  estimatedRequests: number | null;
  /** Requests the plan itself made (resolving a group or an org, counting records). */
  requestsMade: number;
  notes: string[];
}

export interface RunRequest {
  /** Only these scopes, in or out of the configured ones (a job per repository); default every configured scope. */
  scopes?: readonly string[] | null;
  /** Only these streams; default all. */
  streams?: readonly string[] | null;
  progress?: ProgressSink;
}

export interface Collector {
  readonly source: string;
  readonly streams: readonly string[];
  /** The configured scopes, resolved (an org's or a group's repositories cost a few requests). */
  scopes(): Promise<string[]>;
  plan(request?: RunRequest): Promise<CollectPlan>;
  run(request?: RunRequest): Promise<CollectSummary>;
}

/** A collector's options failed validation: every problem, each naming its field. */
export class CollectorConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid collector configuration: ${problems.join("; ")}`);
    this.name = "CollectorConfigError";
  }
}

/** Parse options with a zod schema, or throw every problem at once with its path. */
export function validateOptions<S extends z.ZodType>(source: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new CollectorConfigError(
    source,
    parsed.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`),
  );
}

/** An optional case-insensitive pattern option (a repo or project filter) that must compile. */
export const patternOption = z
  .string()
  .nullish()
  .refine((p) => {
    if (p == null) return true;
    try {
      new RegExp(p, "i");
      return true;
    } catch {
      return false;
    }
  }, "must be a valid regular expression");

/** The streams a run asked for, checked against the source's; an unknown one is an error naming the known ones. */
export function chosenStreams<S extends string>(source: string, known: readonly S[], requested: readonly string[] | null | undefined): S[] {
  const streams = requested ?? known;
  const unknown = streams.filter((s) => !(known as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`${source} has no stream ${unknown.map((s) => `"${s}"`).join(", ")}; its streams are ${known.join(", ")}`);
  return streams as S[];
}

/** Counters of a client between two readings: what one run (or one stream) cost. */
export function countersSince(now: RequestCounters, before: RequestCounters): RequestCounters {
  return {
    requests: now.requests - before.requests,
    retries: now.retries - before.retries,
    rateLimitWaits: now.rateLimitWaits - before.rateLimitWaits,
    rateLimitWaitMs: now.rateLimitWaitMs - before.rateLimitWaitMs,
  };
}

/** A stored cursor parsed with its schema; null when absent or of an older, unreadable shape (a full sync follows). */
export function readCursor<S extends z.ZodType>(raw: string | null, schema: S): z.output<S> | null {
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The running account of one collection: rows written per stream and scope, records skipped by
 * reason, warnings and errors. Each collector keeps one and turns it into its summary at the end.
 */
export class RunLog {
  readonly written: Record<string, number> = {};
  readonly skipped: Record<string, number> = {};
  readonly warnings: string[] = [];
  readonly errors: CollectSummary["errors"] = [];
  readonly streams: StreamSummary[] = [];
  private readonly started = performance.now();

  constructor(
    readonly source: string,
    private readonly counters: () => RequestCounters,
    private readonly log: (line: string) => void = () => {},
    /** A source with one scope (a PagerDuty account) names only the stream in its errors. */
    private readonly scoped = true,
  ) {
    this.baseline = counters();
  }

  private readonly baseline: RequestCounters;

  warn(line: string): void {
    this.warnings.push(line);
    this.log(`warning: ${line}`);
  }

  /** Count a record read but not written, with why (the summary and the CLI say it). */
  skip(reason: string, n = 1): void {
    if (n > 0) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  wrote(stream: string, n: number): void {
    this.written[stream] = (this.written[stream] ?? 0) + n;
    const open = this.current.get(stream);
    if (open) open.written += n;
  }

  private readonly current = new Map<string, StreamSummary>();

  /**
   * Run one stream of one scope: its requests and rows are counted, and a failure is recorded
   * (and returned) instead of thrown when `contain` is set, so the other streams still run.
   */
  async stream(stream: string, scope: string, body: () => Promise<void>, options: { contain?: boolean } = {}): Promise<StreamSummary> {
    const before = this.counters().requests;
    const entry: StreamSummary = { stream, scope, status: "completed", written: 0, requests: 0, error: null };
    this.streams.push(entry);
    this.written[stream] ??= 0;
    this.current.set(stream, entry);
    try {
      await body();
    } catch (error) {
      entry.status = "failed";
      entry.error = error instanceof Error ? error.message : String(error);
      this.errors.push(this.scoped ? { stream, scope, message: entry.error } : { stream, message: entry.error });
      if (!options.contain) throw error;
    } finally {
      entry.requests = this.counters().requests - before;
      this.current.delete(stream);
    }
    return entry;
  }

  fail(stream: string, scope: string | null, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.push(this.scoped && scope !== null ? { stream, scope, message } : { stream, message });
  }

  summary(scopes: readonly string[]): CollectSummary {
    return {
      source: this.source,
      ok: this.errors.length === 0,
      scopes: [...scopes],
      streams: [...this.streams],
      written: { ...this.written },
      skipped: { ...this.skipped },
      warnings: [...this.warnings],
      errors: [...this.errors],
      ...countersSince(this.counters(), this.baseline),
      // Wall time, not an injected clock: the summary says how long the run really took.
      durationMs: Math.round(performance.now() - this.started),
    };
  }
}

/**
 * Rows and their stream's cursor in one transaction, so a crash never leaves rows without a cursor
 * or a cursor ahead of its rows. A row the value rules refuse (a NUL in a name, a number past
 * int4: values.ts in @opsledger/db) is left out and counted, not allowed to fail the page on one
 * database and pass on the other. In a dry run nothing is written. Returns the rows kept.
 */
export async function writePage(
  db: Db,
  rows: readonly NormalizedRecord[],
  cursor: { key: SyncKey; value: string } | null,
  options: { log: RunLog; at: number; label?: string; dryRun?: boolean; skip?: (reason: string) => void },
): Promise<NormalizedRecord[]> {
  const skip = options.skip ?? ((reason: string) => options.log.skip(reason));
  const records = rows.filter((r) => {
    const problems = valueProblems(r);
    if (problems.length === 0) return true;
    skip(`${r.kind} with a value the database cannot store`);
    options.log.warn(`${options.label ? `${options.label}: ` : ""}skipped ${describeValueProblems(r, problems)}`);
    return false;
  });
  if (options.dryRun) return records;
  await db.transaction().execute(async (trx) => {
    if (records.length > 0) await writeRecordsIn(trx, records);
    if (cursor !== null) await setSyncCursor(trx, cursor.key, cursor.value, Math.round(options.at));
  });
  return records;
}
