/**
 * One worker thread of the request pool (./pool.ts): the same application as the main thread,
 * over its own database connection, answering the API requests the main thread hands it and, on
 * the writer, deriving facts when asked. Built once per thread, on its first task.
 */
import { workerData } from "node:worker_threads";
import { connect } from "@opsledger/db";
import { createApp } from "../app.ts";
import type { Config } from "../config/schema.ts";
import { derivationSettings, inlineDeriver, type Deriver } from "../derive/deriver.ts";
import type { DrainReport } from "../derive/drain.ts";
import { readEnvironment } from "../env.ts";
import { answerOf, requestOf, type RequestTask, type ResponseAnswer } from "../http/offload.ts";
import { createLogger } from "../observability/log.ts";
import type { CliContext } from "../cli/context.ts";
import { createNotifier } from "../notifications/index.ts";
import { jobHandler } from "../scheduler/jobs.ts";
import type { JobData, JobHandler, JobName, JobQueue, QueuedJob } from "../scheduler/queue.ts";
import { yieldToMainThread } from "./priority.ts";

yieldToMainThread();

export interface WorkerData {
  config: Config;
  /** "read": the pool; "write": the one writer, which also derives; "jobs": scheduled jobs. */
  role: "read" | "write" | "jobs";
}

export type WorkerTask = { kind: "request"; request: RequestTask } | { kind: "drain" } | { kind: "ensure" } | { kind: "job"; name: JobName; data: JobData };
export type WorkerAnswer = ResponseAnswer | DrainReport | QueuedJob[];

interface Thread {
  app: ReturnType<typeof createApp>;
  deriver: Deriver;
}

let thread: Thread | null = null;
let jobs: { handler: JobHandler; queued: QueuedJob[] } | null = null;

/**
 * The jobs thread's context: its own connection, notifier and deriver (derivation passes take the
 * deriver lock, so they never overlap the writer's). Jobs a job queues are handed back to the main
 * thread, whose queue (in-process, or pg-boss) owns them.
 */
function startJobs(): { handler: JobHandler; queued: QueuedJob[] } {
  const { config, role } = workerData as WorkerData;
  const env = readEnvironment();
  const logger = createLogger({ level: env.logLevel }).child({ thread: role });
  const log = (line: string) => logger.info(line);
  const connection = connect(env.databaseUrl);
  const ctx: CliContext = { env, config, connection, log, logger, deriver: inlineDeriver(connection.db, derivationSettings(config, log)) };
  const notifier = createNotifier({ db: connection.db, config, env, now: env.now, log });
  const queued: QueuedJob[] = [];
  const queue: JobQueue = {
    kind: "in-process",
    enqueue: async (name, data, onceKey) => {
      queued.push({ name, data, onceKey });
    },
    work: async () => {},
    stop: async () => {},
  };
  return { handler: jobHandler(ctx, notifier, queue), queued };
}

/**
 * A read thread's SQLite page cache (MB). Its reads find their pages in the OS's file cache too;
 * at the bulk writers' 64 MB, each read thread held that much more of the server's RSS.
 */
const READ_PAGE_CACHE_MB = 8;

function start(): Thread {
  const { config, role } = workerData as WorkerData;
  const env = readEnvironment();
  const log = createLogger({ level: env.logLevel }).child({ thread: role });
  const connection = connect(env.databaseUrl, role === "read" ? { pageCacheMb: READ_PAGE_CACHE_MB } : {});
  const deriver = inlineDeriver(connection.db, derivationSettings(config, (line) => log.info(line)));
  // The main thread logs each request once; the worker logs only what goes wrong.
  const app = createApp({ db: connection.db, config, env, webDist: null, now: env.now, log, deriver, requestLog: false });
  return { app, deriver };
}

export default async function handle(task: WorkerTask): Promise<WorkerAnswer> {
  thread ??= start();
  switch (task.kind) {
    case "request":
      return answerOf(await thread.app.request(requestOf(task.request), undefined, { handedPrincipal: task.request.principal }));
    case "drain":
      return thread.deriver.drain();
    case "ensure":
      return thread.deriver.ensure();
    case "job": {
      jobs ??= startJobs();
      jobs.queued.length = 0;
      await jobs.handler(task.name, task.data);
      return jobs.queued.splice(0);
    }
  }
}
