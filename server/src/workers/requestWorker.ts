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

export interface WorkerData {
  config: Config;
  /** "read": the pool; "write": the one writer, which also derives. */
  role: "read" | "write";
}

export type WorkerTask = { kind: "request"; request: RequestTask } | { kind: "drain" } | { kind: "ensure" };
export type WorkerAnswer = ResponseAnswer | DrainReport;

interface Thread {
  app: ReturnType<typeof createApp>;
  deriver: Deriver;
}

let thread: Thread | null = null;

function start(): Thread {
  const { config, role } = workerData as WorkerData;
  const env = readEnvironment();
  const log = createLogger({ level: env.logLevel }).child({ thread: role });
  const connection = connect(env.databaseUrl);
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
  }
}
