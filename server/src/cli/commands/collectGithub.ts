/**
 * `opsledger collect github [--repo owner/name] [--since DATE] [--dry-run]`: maps the config and
 * environment to the collector's own options, shows progress per repo and stream, and prints a
 * summary (records per stream, requests, GraphQL points, time). The token goes to the client only.
 */
import {
  collectGithub,
  createGithubClient,
  DEFAULT_GITHUB_API_URL,
  planGithub,
  type GithubClient,
  type GithubClientOptions,
  type GithubCollectorOptions,
  type GithubPlan,
  type GithubSyncSummary,
} from "@opsledger/collectors";
import { recordCollectorRun } from "@opsledger/db";
import { githubRepoRule, githubSourceConfig } from "../../config/schema.ts";
import type { CliContext } from "../context.ts";
import { createProgress, skippedLines, type ProgressReporter } from "../progress.ts";
import { parseCollectFlags } from "./collectSummary.ts";

export interface CollectGithubOptions {
  /** Only these repositories ("owner/name"), in or out of the configured scope. */
  repo?: string[];
  /** YYYY-MM-DD (UTC) or an ISO instant: where a first sync starts. Later syncs resume from their cursors. */
  since?: string;
  dryRun?: boolean;
}

export interface CollectGithubDeps {
  progress?: ProgressReporter;
  now?: () => number;
  /** A client to use instead of one built from the config and env. */
  client?: GithubClient;
  /** Overrides for the client built from the config and env (tests: tiny waits). */
  clientOptions?: Partial<Omit<GithubClientOptions, "token">>;
  print?: (line: string) => void;
}

const REPO = /^[^/\s]+\/[^/\s]+$/;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatGithubSummary(s: GithubSyncSummary): string[] {
  const streams = (w: GithubSyncSummary["written"]) => Object.entries(w).map(([k, n]) => `${k} ${n}`).join(", ");
  const lines = [
    `github: ${s.repos.length} ${s.repos.length === 1 ? "repository" : "repositories"} in ${seconds(s.durationMs)}`,
    `  records written: ${streams(s.written)}`,
    `  requests: ${s.requests} (GraphQL ${s.graphqlRequests}, REST ${s.restRequests}); GraphQL points spent: ${s.points}; retried: ${s.retried}; rate-limit pauses: ${s.pauses}`,
  ];
  for (const r of s.repos) lines.push(`  ${r.repo}: ${streams(r.written)} (deployments from ${r.deploymentSource === "deployments" ? "GitHub Deployments" : r.deploymentSource})`);
  if (s.commitsUnknown > 0) {
    lines.push(`  ${s.commitsUnknown} production deployment(s) without a commit list (compare failed: deleted or force-pushed commit); their lead time is attributed by time`);
  }
  lines.push(...skippedLines(s.skipped));
  if (s.warnings.length > 0) {
    lines.push("  warnings:");
    for (const w of s.warnings) lines.push(`    ${w}`);
  }
  return lines;
}

export function formatGithubPlan(plan: GithubPlan): string[] {
  const lines = [`github dry run: ${plan.repos.length} ${plan.repos.length === 1 ? "repository" : "repositories"}, nothing written`];
  for (const r of plan.repos) {
    const mode = Object.entries(r.incremental).map(([stream, inc]) => `${stream} ${inc ? "incremental" : "full"}`).join(", ");
    lines.push(
      `  ${r.repo}: ${r.mergedPulls ?? "?"} merged PRs, ${r.deployments ?? "?"} deployments (from ${r.deploymentSource === "deployments" ? "GitHub Deployments" : r.deploymentSource}); ${mode}; ~${r.estimatedGraphqlRequests} GraphQL requests, ~${r.estimatedPoints} points`,
    );
  }
  lines.push(`  estimated: ~${plan.estimatedGraphqlRequests} GraphQL requests, ~${plan.estimatedPoints} GraphQL points (of 5,000 an hour), plus REST for Actions runs and commit compares`);
  lines.push(`  the plan itself made ${plan.requestsMade} request(s)`);
  return lines;
}

export async function collectGithubCommand(ctx: CliContext, options: CollectGithubOptions, deps: CollectGithubDeps = {}): Promise<number> {
  const source = ctx.config.sources.github ?? githubSourceConfig.parse({});
  const print = deps.print ?? ((line: string) => console.log(line));
  const flags = parseCollectFlags({ since: options.since, only: options.repo }, { flag: "--repo", form: "owner/name", pattern: REPO });
  if ("error" in flags) {
    ctx.log(flags.error);
    return 1;
  }
  const { since, only } = flags;
  const now = deps.now ?? ctx.env.now;
  if (only.length === 0 && !source.org && source.repos.length === 0) {
    ctx.log("no GitHub repositories to collect: set sources.github.org or sources.github.repos in the config, or pass --repo owner/name");
    return 1;
  }
  let client = deps.client;
  if (client === undefined) {
    const token = ctx.env.githubToken;
    if (token === null) {
      ctx.log("GITHUB_TOKEN is not set: export a token that can read the repositories (see docs/github.md for the scopes)");
      return 1;
    }
    client = createGithubClient({ apiUrl: ctx.env.githubApiUrl ?? source.apiUrl ?? DEFAULT_GITHUB_API_URL, log: ctx.log, ...deps.clientOptions, token });
  }
  const collectorOptions: GithubCollectorOptions = {
    db: ctx.connection.db,
    client,
    org: source.org ?? null,
    repoPattern: source.repoPattern ?? null,
    repos: source.repos,
    only: only.length > 0 ? only : null,
    since,
    rule: (repo) => githubRepoRule(ctx.config, repo),
    rerunLookbackMs: source.rerunLookbackHours * 3_600_000,
    rerunSweepEveryMs: source.rerunSweepHours * 3_600_000,
    log: ctx.log,
    now,
  };
  if (options.dryRun) {
    for (const line of formatGithubPlan(await planGithub(collectorOptions))) print(line);
    return 0;
  }
  const progress = deps.progress ?? createProgress({ log: ctx.log });
  const startedAt = now();
  // Every run is recorded (collector_runs), so /metrics on any server counts it.
  const recordRun = (outcome: "success" | "failure", recordsWritten: number, rateLimitWaits: number) =>
    recordCollectorRun(ctx.connection.db, { source: "github", startedAt, finishedAt: now(), outcome, recordsWritten, rateLimitWaits });
  try {
    const summary = await collectGithub({ ...collectorOptions, progress });
    progress.stop();
    for (const line of formatGithubSummary(summary)) print(line);
    await recordRun("success", Object.values(summary.written).reduce((n, w) => n + w, 0), summary.pauses);
    return 0;
  } catch (error) {
    progress.stop();
    const stats = client.stats();
    await recordRun("failure", 0, stats.pauses);
    ctx.log(`github: stopped: ${(error as Error).message}`);
    ctx.log(`  everything written before the failure is kept with its cursor; run the command again to continue (${stats.requests} requests, ${stats.points} GraphQL points spent)`);
    return 1;
  }
}
