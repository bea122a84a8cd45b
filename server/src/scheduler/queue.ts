/**
 * Where scheduled work runs (docs/decisions/0011): with SQLite, in this process, one job at a
 * time; with Postgres, through pg-boss, so that several processes share the work, each job runs
 * once whoever queued it, and a job whose process died is retried by another.
 *
 * "Once": a job is queued with an id derived from what it is and the schedule slot it belongs to
 * (`onceKey`); pg-boss inserts with ON CONFLICT DO NOTHING, so every process ticking at the same
 * slot queues the same job and all but the first are no-ops.
 */
import { createHash } from "node:crypto";
import pRetry from "p-retry";
import PgBoss from "pg-boss";
import type { ScheduleConfig } from "../config/notifications.ts";

export const JOB_NAMES = ["collect-github-plan", "collect-github", "collect-pagerduty", "evaluate", "digest"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobData {
  /** The schedule slot (ISO instant) the job belongs to. */
  slot: string;
  repo?: string;
  digest?: string;
}

export type JobHandler = (name: JobName, data: JobData) => Promise<void>;

/** A job that a job queued (a collection plan queues one per repository), for a queue to take. */
export interface QueuedJob {
  name: JobName;
  data: JobData;
  onceKey: string;
}

export interface JobQueue {
  kind: "in-process" | "pg-boss";
  /** Queue a job; the same `onceKey` queued again (by any process) does not run it twice. */
  enqueue(name: JobName, data: JobData, onceKey: string): Promise<void>;
  /** Start taking jobs and running them with `handler` (pg-boss: only processes that work). */
  work(handler: JobHandler): Promise<void>;
  /** Finish (or give back) what is running and stop. */
  stop(): Promise<void>;
}

/** A UUID-shaped id that is the same in every process for the same key. */
export function jobId(onceKey: string): string {
  const h = createHash("sha256").update(`opsledger-job:${onceKey}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * SQLite: one process owns the database, so jobs run here, one after another (a collection and an
 * evaluation never overlap), each key once while the process lives.
 */
export function createInProcessQueue(log: (line: string) => void): JobQueue {
  let handler: JobHandler | null = null;
  let chain: Promise<void> = Promise.resolve();
  const seen = new Set<string>();
  let stopped = false;
  return {
    kind: "in-process",
    async enqueue(name, data, onceKey) {
      if (stopped || seen.has(onceKey)) return;
      seen.add(onceKey);
      // Keys of old slots are not needed once their jobs have run; keep the set small.
      if (seen.size > 10_000) seen.clear();
      chain = chain.then(async () => {
        if (handler === null || stopped) return;
        try {
          await handler(name, data);
        } catch (error) {
          log(`job ${name}${data.repo ? ` ${data.repo}` : ""} failed: ${(error as Error).message}`);
        }
      });
    },
    async work(h) {
      handler = h;
    },
    async stop() {
      stopped = true;
      await chain;
    },
  };
}

export interface PgBossQueueOptions {
  connectionString: string;
  jobs: ScheduleConfig["jobs"];
  log: (line: string) => void;
  /** Whether this process checks for expired jobs and retries them (every process that works does). */
  supervise: boolean;
}

export async function createPgBossQueue(options: PgBossQueueOptions): Promise<JobQueue> {
  const { jobs, log } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: "pgboss",
    max: 4,
    supervise: options.supervise,
    schedule: false,
    maintenanceIntervalSeconds: jobs.maintenanceSeconds,
  });
  // pg-boss reports lost connections and failed maintenance here; unheard, they would end the process.
  boss.on("error", (error) => log(`job queue: ${error.message}`));
  await boss.start();
  const ensureQueues = async () => {
    for (const name of JOB_NAMES) {
      if ((await boss.getQueue(name)) !== null) continue;
      await boss.createQueue(name, { name, retryLimit: jobs.retryLimit, retryDelay: jobs.retryDelaySeconds, retryBackoff: jobs.retryDelaySeconds > 0, expireInSeconds: jobs.expireSeconds });
    }
  };
  // Processes starting together on a fresh database create the same queues (tables and
  // partitions) at once, and Postgres may end one of them as a deadlock victim (40P01): the next
  // try finds the queues the other made.
  await pRetry(ensureQueues, { retries: 5, minTimeout: 200, maxTimeout: 2000, shouldRetry: ({ error }) => (error as { code?: unknown }).code === "40P01" });
  return {
    kind: "pg-boss",
    async enqueue(name, data, onceKey) {
      await boss.send(name, { ...data }, { id: jobId(onceKey) });
    },
    async work(handler) {
      for (const name of JOB_NAMES) {
        await boss.work<JobData>(name, { pollingIntervalSeconds: jobs.pollSeconds, batchSize: 1 }, async (batch) => {
          for (const job of batch) {
            const label = `job ${name}${job.data.repo ? ` ${job.data.repo}` : ""} (${job.id})`;
            log(`${label} started`);
            try {
              await handler(name, job.data);
            } catch (error) {
              // pg-boss records the failure and retries the job (schedule.jobs.retryLimit).
              log(`${label} failed: ${(error as Error).message}`);
              throw error;
            }
            log(`${label} done`);
          }
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}
