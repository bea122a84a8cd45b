/**
 * `opsledger collect gitlab [--project gitlab:group/project] [--since DATE] [--dry-run]`: builds
 * the GitLab collector from the config and environment (collect/sources.ts), shows progress per
 * project and stream, and prints the contract's summary. The token goes to the client only.
 */
import { CollectorConfigError, type GitlabClient, type GitlabClientOptions, type GitlabSyncSummary } from "@opsledger/collectors";
import { gitlabSourceConfig } from "../../config/schema.ts";
import { buildCollector, CollectorSetupError } from "../../collect/sources.ts";
import type { CliContext } from "../context.ts";
import { createProgress, type ProgressReporter } from "../progress.ts";
import { formatCollectPlan, formatCollectSummary, parseCollectFlags } from "./collectSummary.ts";

export interface CollectGitlabOptions {
  /** Only these projects ("gitlab:group/project"), in or out of the configured scope. */
  project?: string[];
  /** YYYY-MM-DD (UTC) or an ISO instant: where a first sync starts. Later syncs resume from their cursors. */
  since?: string;
  dryRun?: boolean;
}

export interface CollectGitlabDeps {
  progress?: ProgressReporter;
  now?: () => number;
  client?: GitlabClient;
  clientOptions?: Partial<Omit<GitlabClientOptions, "token">>;
  print?: (line: string) => void;
}

const PROJECT = /^gitlab:[^/\s]+(\/[^/\s]+)+$/;

/** The GitLab summary: the contract's lines, then per project and the compare failures. */
export function formatGitlabSummary(s: GitlabSyncSummary): string[] {
  const lines = formatCollectSummary(s, { unit: ["project", "projects"], requests: `GraphQL ${s.graphqlRequests}, REST ${s.restRequests}` });
  const perProject = s.projects.map((p) => `  ${p.repo}: ${Object.entries(p.written).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  lines.splice(3, 0, ...perProject);
  if (s.commitsUnknown > 0) lines.push(`  ${s.commitsUnknown} production deployment(s) without a commit list (compare failed: deleted or force-pushed commit); their lead time is attributed by time`);
  return lines;
}

export async function collectGitlabCommand(ctx: CliContext, options: CollectGitlabOptions, deps: CollectGitlabDeps = {}): Promise<number> {
  const source = ctx.config.sources.gitlab ?? gitlabSourceConfig.parse({});
  const print = deps.print ?? ((line: string) => console.log(line));
  const flags = parseCollectFlags({ since: options.since, only: options.project }, { flag: "--project", form: "gitlab:group/project", pattern: PROJECT });
  if ("error" in flags) {
    ctx.log(flags.error);
    return 1;
  }
  const { since, only } = flags;
  if (only.length === 0 && source.groups.length === 0 && source.projects.length === 0) {
    ctx.log("no GitLab projects to collect: set sources.gitlab.groups or sources.gitlab.projects in the config, or pass --project gitlab:group/project");
    return 1;
  }
  const now = deps.now ?? ctx.env.now;
  let built;
  try {
    built = buildCollector("gitlab", { config: ctx.config, env: ctx.env, db: ctx.connection.db, log: ctx.log, now, since }, { gitlab: { client: deps.client, options: deps.clientOptions } });
  } catch (error) {
    if (error instanceof CollectorSetupError || error instanceof CollectorConfigError) {
      ctx.log(error.message);
      return 1;
    }
    throw error;
  }
  const scopes = only.length > 0 ? only : null;
  if (options.dryRun) {
    for (const line of formatCollectPlan(await built.collector.plan({ scopes }))) print(line);
    return 0;
  }
  const progress = deps.progress ?? createProgress({ log: ctx.log });
  try {
    const summary = (await built.collector.run({ scopes, progress })) as GitlabSyncSummary;
    progress.stop();
    for (const line of formatGitlabSummary(summary)) print(line);
    return summary.ok ? 0 : 1;
  } finally {
    progress.stop();
    built.close();
  }
}
