/**
 * The demo's producer, run on a worker thread: generate the org and validate it like any
 * uploaded batch, one chunk per request from the loading thread. Writes to SQLite are
 * synchronous on the loading thread, so generating there left the second core idle; here the
 * next chunk is produced while the previous one is written.
 *
 * Chunks cross the thread boundary as JSON text: records are plain JSON values (strings,
 * numbers, booleans, null, arrays), and JSON.stringify + JSON.parse cost about half of a
 * structured clone of the same objects.
 */
import { parentPort, workerData } from "node:worker_threads";
import { formatProblem, validateLines } from "../ingest/parse.ts";
import { generateDemo, type GenerateOptions } from "./generate.ts";

export type ProducerMessage =
  | { type: "chunk"; json: string; count: number }
  | { type: "invalid"; problems: string[] }
  | { type: "done" };

if (!parentPort) throw new Error("server/src/demo/worker.ts runs as a worker thread of loadDemo");
const port = parentPort;
const chunks = generateDemo(workerData as GenerateOptions);
let line = 0;

port.on("message", () => {
  const next = chunks.next();
  if (next.done) {
    port.postMessage({ type: "done" } satisfies ProducerMessage);
    return;
  }
  const parsed = validateLines(next.value.map((value) => ({ line: ++line, value })));
  if (!parsed.ok) {
    port.postMessage({ type: "invalid", problems: parsed.problems.map(formatProblem) } satisfies ProducerMessage);
    return;
  }
  port.postMessage({ type: "chunk", json: JSON.stringify(parsed.records), count: parsed.records.length } satisfies ProducerMessage);
});
