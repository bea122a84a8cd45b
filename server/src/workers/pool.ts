/**
 * The worker threads `serve` answers API requests on (docs/decisions/0012): a pool for reads,
 * sized to the machine, and one writer — SQLite takes one writer at a time, and one place for
 * writes keeps a batch and the derivation after it in order — plus one thread for scheduled jobs
 * (collections, rule evaluation, digests), which read and compute as much as an org summary and
 * held the main thread, and its health probe, for a second or more each time they ran. Piscina
 * queues the tasks, keeps the threads warm and replaces one that dies.
 */
import os from "node:os";
import { Piscina } from "piscina";
import type { Config } from "../config/schema.ts";
import type { Deriver } from "../derive/deriver.ts";
import type { DrainReport } from "../derive/drain.ts";
import type { Offload, RequestTask, ResponseAnswer } from "../http/offload.ts";
import type { JobData, JobName, QueuedJob } from "../scheduler/queue.ts";
import type { WorkerData, WorkerTask } from "./requestWorker.ts";
import { urlFromRoot } from "../paths.ts";

/** The threads' module through tsx: what they load when no bundle (./bundle.ts) is handed in. */
const WORKER = urlFromRoot("server", "src", "workers", "requestWorker.mjs");

export interface RequestPools {
  offload: Offload;
  /** Derives on the writer thread, after the writes queued before it. */
  deriver: Deriver;
  /** Runs a scheduled job on the jobs thread; answers the jobs it queued. */
  runJob(name: JobName, data: JobData): Promise<QueuedJob[]>;
  /** Stops the threads once their tasks are done. */
  close(): Promise<void>;
}

export interface PoolOptions {
  config: Config;
  /** Read threads; default: one per core, at least one. */
  readers?: number;
  /** The environment the threads read their settings from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The module the threads run: `bundleWorker()`'s, else the sources through tsx. */
  worker?: string;
}

export function startRequestPools(options: PoolOptions): RequestPools {
  const readers = options.readers ?? Math.max(1, os.availableParallelism());
  const pool = (role: WorkerData["role"], threads: number, idle: { minThreads: number; idleTimeout: number } = { minThreads: threads, idleTimeout: Number.POSITIVE_INFINITY }) =>
    new Piscina<WorkerTask, ResponseAnswer | DrainReport | QueuedJob[]>({
      filename: options.worker ?? WORKER,
      minThreads: idle.minThreads,
      maxThreads: threads,
      // A thread takes one task at a time: a second would only wait behind the first's queries.
      concurrentTasksPerWorker: 1,
      idleTimeout: idle.idleTimeout,
      workerData: { config: options.config, role } satisfies WorkerData,
      env: options.env ?? process.env,
    });
  const read = pool("read", readers);
  // Writes (ingest, webhooks, settings) and jobs come in bursts a few times an hour: each thread
  // (its own heap and app, 40 MB or more) starts for them and leaves a minute after the last one,
  // instead of sitting in the server's RSS. There is still never more than one writer.
  const onDemand = { minThreads: 0, idleTimeout: 60_000 };
  const write = pool("write", 1, onDemand);
  const jobs = pool("jobs", 1, onDemand);
  // Writer tasks not yet settled: shutdown waits for them before the database closes.
  const inFlight = new Set<Promise<unknown>>();
  const onWriter = <T>(task: WorkerTask): Promise<T> => {
    const run = write.run(task) as Promise<T>;
    const settled: Promise<unknown> = run.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    return run;
  };
  return {
    offload: {
      read: (request: RequestTask, signal: AbortSignal) => read.run({ kind: "request", request }, { signal }) as Promise<ResponseAnswer>,
      write: (request: RequestTask) => onWriter<ResponseAnswer>({ kind: "request", request }),
    },
    deriver: {
      drain: () => onWriter<DrainReport>({ kind: "drain" }),
      ensure: () => onWriter<DrainReport>({ kind: "ensure" }),
      idle: async () => {
        while (inFlight.size > 0) await Promise.all(inFlight);
      },
    },
    runJob: (name, data) => jobs.run({ kind: "job", name, data }) as Promise<QueuedJob[]>,
    close: async () => {
      await Promise.all([read.close(), write.close(), jobs.close()]);
    },
  };
}
