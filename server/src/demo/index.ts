/**
 * `opsledger demo`: load the seeded synthetic organisation through the ingest path — the
 * generator produces plain ingest lines, `validateLines` checks them like any uploaded batch
 * (both on a worker thread, ./worker.ts), and `writeRecords` upserts them here, a chunk at a time
 * so memory stays flat at any scale.
 */
import { Worker } from "node:worker_threads";
import { writeRecords, type Db, type NormalizedRecord } from "@opsledger/db";
import type { GenerateOptions } from "./generate.ts";
import type { ProducerMessage } from "./worker.ts";
import { urlFromRoot } from "../paths.ts";

export { generateDemo, demoWindow, type GenerateOptions } from "./generate.ts";

export interface DemoOptions {
  /**
   * Multiplies the volume of activity (not the number of teams), for benchmarks: every team gets
   * `scale` squads of the same shape, so per-week rates and ops shares stay the same.
   */
  scale: number;
  seed: number;
  /** The demo's "today": the 12 months of history end here. */
  now: number;
  /** Weeks of history (default 52); tests load a shorter one. */
  weeks?: number;
  log?: (line: string) => void;
}

/** Load the demo org; loading it again for the same seed and day changes nothing (idempotent upserts). */
export async function loadDemo(db: Db, options: DemoOptions): Promise<{ records: number }> {
  const log = options.log ?? (() => {});
  const counts = new Map<string, number>();
  let records = 0;
  let nextReport = 100_000;
  // Chunks of 100,000 lines: each batch's commit writes every index page it touched to the WAL,
  // so fewer, larger batches write far fewer pages in total (with 25,000-line chunks, commits took
  // 1.7 s of 8.8 s at --scale 10; at --scale 20, 55k → 66k rows/s). At most two chunks are in
  // memory at once, whatever the scale.
  const producer = startProducer({ scale: options.scale, seed: options.seed, now: options.now, weeks: options.weeks, chunkSize: 100_000 });
  try {
    // The producer makes chunk n + 1 on its own thread while chunk n is written here, in order.
    let pending = producer.next();
    for (;;) {
      const message = await pending;
      if (message.type === "done") break;
      if (message.type === "invalid") {
        // The generator writes the ingest format by hand; a line the schema rejects is a bug in it.
        throw new Error(`the demo generator produced invalid ingest lines:\n${message.problems.join("\n")}`);
      }
      pending = producer.next();
      // Awaited on the next turn; a failure that arrives while this chunk is written is not unhandled.
      pending.catch(() => {});
      const chunk = JSON.parse(message.json) as NormalizedRecord[];
      await writeRecords(db, chunk);
      for (const record of chunk) counts.set(record.kind, (counts.get(record.kind) ?? 0) + 1);
      records += chunk.length;
      if (records >= nextReport) {
        log(`demo: ${records} records written`);
        nextReport += 100_000;
      }
    }
  } finally {
    await producer.stop();
  }
  log(`demo (seed ${options.seed}, scale ${options.scale}): ${[...counts].map(([kind, n]) => `${n} ${kind}`).join(", ")}`);
  return { records };
}

interface Producer {
  /** Ask for the next chunk; the answer comes when the worker has made it. */
  next(): Promise<ProducerMessage>;
  stop(): Promise<void>;
}

function startProducer(options: GenerateOptions): Producer {
  // The worker is TypeScript like the rest of the server, so it starts by registering the same
  // tsx loader bin/opsledger.js uses (Node 20 does not apply `--import` to worker threads).
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(urlFromRoot("server", "src", "demo", "worker.ts"))});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: options });
  let failure: Error | undefined;
  worker.on("error", (error) => (failure ??= error));
  return {
    next: () =>
      new Promise<ProducerMessage>((resolve, reject) => {
        if (failure) return reject(failure);
        const settle = (): void => {
          worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        };
        const onMessage = (message: ProducerMessage): void => (settle(), resolve(message));
        const onError = (error: Error): void => (settle(), reject(error));
        const onExit = (code: number): void => (settle(), reject(failure ?? new Error(`the demo generator stopped (exit code ${code})`)));
        worker.on("message", onMessage).on("error", onError).on("exit", onExit);
        worker.postMessage("next");
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}
