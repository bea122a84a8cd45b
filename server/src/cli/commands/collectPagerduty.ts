/**
 * `opsledger collect pagerduty [--since DATE] [--dry-run]`: maps the config and environment to
 * the collector's own options, shows progress per stream, prints a summary. The token is handed
 * to the client and nowhere else.
 */
import {
  collectPagerduty,
  createPagerdutyClient,
  PAGERDUTY_DEFAULT_API_URL,
  type PagerdutyCollectResult,
  type PagerdutyClient,
  type PagerdutyClientOptions,
} from "@opsledger/collectors";
import { pagerdutySourceConfig } from "../../config/schema.ts";
import { recordCollectorRun } from "@opsledger/db";
import type { CliContext } from "../context.ts";
import { createProgress, skippedLines, type ProgressReporter } from "../progress.ts";

export interface CollectPagerdutyOptions {
  /** YYYY-MM-DD: collect from this day (UTC) whatever the cursors say. */
  since?: string;
  dryRun?: boolean;
}

export interface CollectPagerdutyDeps {
  progress?: ProgressReporter;
  now?: () => number;
  /** A client to use instead of building one from the config and env. */
  client?: PagerdutyClient;
  /** Overrides for the client built from the config and env (tests: a fake clock). */
  clientOptions?: Partial<Omit<PagerdutyClientOptions, "token">>;
  print?: (line: string) => void;
}

const YEAR_MS = 365 * 86_400_000;

export function formatSummary(result: PagerdutyCollectResult): string[] {
  const lines = [
    `pagerduty: ${result.ok ? "done" : "finished with errors"} in ${(result.durationMs / 1000).toFixed(1)} s${result.dryRun ? " (dry run: nothing written)" : ""}`,
    `  records: ${Object.entries(result.records).map(([stream, n]) => `${stream} ${n}`).join(", ") || "none"}`,
    `  requests: ${result.requests}; 429s waited: ${result.rateLimited}${result.rateLimited > 0 ? ` (${(result.rateLimitWaitMs / 1000).toFixed(1)} s)` : ""}`,
  ];
  if (result.unmatchedUsers.length > 0) {
    lines.push(`  PagerDuty users matching no configured person (kept as pagerduty:<id>; map them under sources.pagerduty.users):`);
    for (const u of result.unmatchedUsers) lines.push(`    ${u.id} ${u.name}${u.email ? ` <${u.email}>` : ""}`);
  }
  lines.push(...skippedLines(result.skipped));
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  for (const e of result.errors) lines.push(`  error in ${e.stream}: ${e.message}`);
  return lines;
}

export async function collectPagerdutyCommand(ctx: CliContext, options: CollectPagerdutyOptions, deps: CollectPagerdutyDeps = {}): Promise<number> {
  const source = ctx.config.sources.pagerduty ?? pagerdutySourceConfig.parse({});
  const now = deps.now ?? ctx.env.now;
  const print = deps.print ?? ((line: string) => console.log(line));
  let since: number | null = null;
  if (options.since !== undefined) {
    since = Date.parse(`${options.since}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.since) || Number.isNaN(since)) {
      ctx.log(`--since must be a date YYYY-MM-DD (got "${options.since}")`);
      return 1;
    }
  }
  const apiUrl = ctx.env.pagerdutyApiUrl ?? source.apiUrl ?? PAGERDUTY_DEFAULT_API_URL;
  let client = deps.client;
  if (client === undefined) {
    const token = ctx.env.pagerdutyToken;
    if (token === null) {
      ctx.log("PAGERDUTY_TOKEN is not set: create a read-only REST API key in PagerDuty and export it");
      return 1;
    }
    client = createPagerdutyClient({ apiUrl, requestsPerMinute: source.requestsPerMinute, ...deps.clientOptions, token });
  }
  const progress = deps.progress ?? createProgress({ log: ctx.log });
  const startedAt = now();
  try {
    const result = await collectPagerduty({
      db: ctx.connection.db,
      client,
      people: ctx.config.people.map((p) => ({ id: p.id, email: p.email ?? null, pagerduty: p.pagerduty ?? null })),
      users: source.users,
      services: source.services,
      defaultSince: source.since === undefined ? now() - YEAR_MS : Date.parse(`${source.since}T00:00:00Z`),
      since,
      overlapMs: source.overlapMinutes * 60_000,
      dryRun: options.dryRun === true,
      scope: new URL(apiUrl).host,
      now,
      progress,
    });
    progress.stop();
    for (const line of formatSummary(result)) print(line);
    // Every run is recorded (collector_runs), so /metrics on any server counts it.
    if (!result.dryRun) {
      const recordsWritten = Object.values(result.records).reduce((n, w) => n + w, 0);
      await recordCollectorRun(ctx.connection.db, { source: "pagerduty", startedAt, finishedAt: now(), outcome: result.ok ? "success" : "failure", recordsWritten, rateLimitWaits: result.rateLimited });
    }
    return result.ok ? 0 : 1;
  } finally {
    progress.stop();
    if (deps.client === undefined) client.close();
  }
}
