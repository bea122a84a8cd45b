/**
 * The scheduler of `opsledger serve` and the job worker of `opsledger worker` (issue 15 item 5).
 * Cron ticks (croner) queue jobs — each configured source's collection, rule evaluation, each
 * digest — keyed by the tick's slot, and workers run them: in this process with SQLite, through
 * pg-boss with Postgres (queue.ts), where every serving and worker process takes its share.
 */
import { Cron } from "croner";
import type { CliContext } from "../cli/context.ts";
import { digestId } from "../notifications/digests.ts";
import { createNotifier, type Notifier } from "../notifications/index.ts";
import { jobHandler } from "./jobs.ts";
import { createInProcessQueue, createPgBossQueue, type JobData, type JobName, type JobQueue, type QueuedJob } from "./queue.ts";

export interface JobsHandle {
  queue: JobQueue;
  notifier: Notifier;
  stop(): Promise<void>;
}

export interface JobsOptions {
  /** Run the cron ticks that queue jobs (serve). */
  schedule: boolean;
  /** Take jobs from the queue and run them (serve, unless told not to; worker). */
  work: boolean;
  /**
   * Where jobs run (default: in this thread). `serve` runs them on its jobs thread, which answers
   * the jobs a job queued (a collection plan's repositories) for this process's queue to take.
   */
  run?: (name: JobName, data: JobData) => Promise<QueuedJob[]>;
}

interface Tick {
  name: JobName;
  pattern: string;
  what: string;
  data?: Omit<JobData, "slot">;
  key: string;
}

/** Every tick the configuration asks for: sources that are configured, evaluation, each digest. */
function ticks(ctx: CliContext): Tick[] {
  const { schedule, sources, notifications } = ctx.config;
  const list: Tick[] = [];
  if (sources.github !== undefined) list.push({ name: "collect-github-plan", pattern: schedule.collect.github, what: "GitHub collection", key: "collect-github-plan" });
  if (sources.pagerduty !== undefined) list.push({ name: "collect-pagerduty", pattern: schedule.collect.pagerduty, what: "PagerDuty collection", key: "collect-pagerduty" });
  list.push({ name: "evaluate", pattern: schedule.evaluate, what: "rule evaluation", key: "evaluate" });
  for (const digest of notifications.digests) {
    const id = digestId(digest);
    list.push({ name: "digest", pattern: digest.cron ?? (digest.kind === "weekly" ? "0 8 * * 1" : "0 8 * * *"), what: `digest ${id}`, data: { digest: id }, key: `digest|${id}` });
  }
  return list;
}

export async function startJobs(ctx: CliContext, options: JobsOptions): Promise<JobsHandle> {
  const queue =
    ctx.connection.dialect === "postgres"
      ? await createPgBossQueue({ connectionString: ctx.env.databaseUrl, jobs: ctx.config.schedule.jobs, log: ctx.log, supervise: options.work })
      : createInProcessQueue(ctx.log);
  const notifier = createNotifier({ db: ctx.connection.db, config: ctx.config, env: ctx.env, now: ctx.env.now, log: ctx.log });
  const run = options.run;
  const handler =
    run === undefined
      ? jobHandler(ctx, notifier, queue)
      : async (name: JobName, data: JobData) => {
          for (const next of await run(name, data)) await queue.enqueue(next.name, next.data, next.onceKey);
        };
  if (options.work) await queue.work(handler);

  const crons: Cron[] = [];
  if (options.schedule) {
    const timezone = ctx.config.schedule.timezone;
    for (const tick of ticks(ctx)) {
      const cron = new Cron(tick.pattern, { timezone, catch: (error) => ctx.log(`scheduler: ${tick.what}: ${(error as Error).message}`) }, async (self) => {
        // The slot is the instant the pattern named, the same in every process that ticks for it.
        const slot = (self.previousRuns(1, new Date(Date.now() + 1))[0] ?? new Date()).toISOString();
        await queue.enqueue(tick.name, { slot, ...tick.data }, `${tick.key}|${slot}`);
      });
      crons.push(cron);
      ctx.log(`scheduler: ${tick.what} "${tick.pattern}" (${timezone}), next ${cron.nextRun()?.toISOString() ?? "never"}`);
    }
    ctx.log(`scheduler: jobs run ${queue.kind === "pg-boss" ? "through the Postgres job queue" : "in this process"}${options.work ? "" : " (by other processes: this one only schedules)"}`);
  }

  return {
    queue,
    notifier,
    async stop() {
      for (const cron of crons) cron.stop();
      await queue.stop();
      notifier.close();
    },
  };
}
