/**
 * What each scheduled job does. Collection reuses the `collect` commands (same options, same
 * summaries); GitHub is planned first, then collected one job per repository so a large
 * organisation spreads over workers. Evaluation and digests go through the notifier.
 */
import { createGithubClient, DEFAULT_GITHUB_API_URL, resolveGithubRepos } from "@opsledger/collectors";
import { githubSourceConfig } from "../config/schema.ts";
import type { CliContext } from "../cli/context.ts";
import type { ProgressReporter } from "../cli/progress.ts";
import { collectGithubCommand } from "../cli/commands/collectGithub.ts";
import { collectPagerdutyCommand } from "../cli/commands/collectPagerduty.ts";
import { digestId } from "../notifications/digests.ts";
import type { Notifier } from "../notifications/index.ts";
import type { JobData, JobHandler, JobName, JobQueue } from "./queue.ts";

/** Collections in the background say what they wrote in the log, not with progress bars. */
const quiet: ProgressReporter = { task: () => ({ total() {}, advance() {}, done() {} }), stop() {} };

/** The repositories a GitHub collection covers: the org's (one query) and the ones named. */
async function githubRepos(ctx: CliContext): Promise<string[]> {
  const source = ctx.config.sources.github ?? githubSourceConfig.parse({});
  if (!source.org) return source.repos;
  const token = ctx.env.githubToken;
  if (token === null) throw new Error("GITHUB_TOKEN is not set: the scheduled GitHub collection cannot list the organization's repositories");
  const client = createGithubClient({ apiUrl: ctx.env.githubApiUrl ?? source.apiUrl ?? DEFAULT_GITHUB_API_URL, token, log: ctx.log });
  return (await resolveGithubRepos({ client, org: source.org, repoPattern: source.repoPattern ?? null, repos: source.repos })).map((r) => r.repo);
}

export function jobHandler(ctx: CliContext, notifier: Notifier, queue: JobQueue): JobHandler {
  const failIfNonZero = (what: string, code: number) => {
    if (code !== 0) throw new Error(`${what} stopped (see the lines above)`);
  };
  const handlers: Record<JobName, (data: JobData) => Promise<void>> = {
    "collect-github-plan": async (data) => {
      const repos = await githubRepos(ctx);
      ctx.log(`scheduled GitHub collection (${data.slot}): ${repos.length} ${repos.length === 1 ? "repository" : "repositories"}`);
      for (const repo of repos) await queue.enqueue("collect-github", { slot: data.slot, repo }, `collect-github|${data.slot}|${repo}`);
    },
    "collect-github": async (data) => {
      if (data.repo === undefined) throw new Error("a collect-github job names no repository");
      failIfNonZero(`GitHub collection of ${data.repo}`, await collectGithubCommand(ctx, { repo: [data.repo] }, { progress: quiet, print: ctx.log }));
    },
    "collect-pagerduty": async () => {
      failIfNonZero("PagerDuty collection", await collectPagerdutyCommand(ctx, {}, { progress: quiet, print: ctx.log }));
    },
    evaluate: async (data) => {
      const { report, deliveries } = await notifier.evaluate({ dryRun: false, trigger: `schedule ${data.slot}` });
      const changed = report.scopes.filter((s) => s.applied && s.event !== null);
      ctx.log(`evaluated ${report.scopes.length} rule scopes (${data.slot}): ${changed.length} notifications, ${deliveries.filter((d) => d.status === "failed").length} failed deliveries`);
      for (const problem of report.problems) ctx.log(`  ${problem}`);
    },
    digest: async (data) => {
      const digest = ctx.config.notifications.digests.find((d) => digestId(d) === data.digest);
      if (digest === undefined) throw new Error(`no digest "${data.digest ?? ""}" in notifications.digests`);
      const { outcomes } = await notifier.digest(digest);
      for (const o of outcomes) ctx.log(`digest ${o.digest} for ${o.team}: ${o.note}`);
    },
  };
  return (name, data) => handlers[name](data);
}
