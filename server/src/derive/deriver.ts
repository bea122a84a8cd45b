/**
 * How the rest of the server asks for facts to be brought up to date after a write. One drain
 * at a time per process: a request that arrives while one runs waits for the next, which picks
 * up its keys (a drain started earlier may have read the queue before they were written).
 */
import type { Db } from "@opsledger/db";
import type { Config } from "../config/schema.ts";
import { derivationFingerprint, settingsFromConfig } from "../metrics/index.ts";
import { drainQueue, ensureDerived, type DerivationSettings, type DrainReport } from "./drain.ts";

export interface Deriver {
  /** Resolves once every key queued before the call has been derived. */
  drain(): Promise<DrainReport>;
  /** Derive everything again when the facts were made with other settings (or never). */
  ensure(): Promise<DrainReport>;
  /** Resolves when no drain is running or waiting (before the database closes). */
  idle(): Promise<void>;
}

export const derivationSettings = (config: Config, log?: (line: string) => void): DerivationSettings => ({
  settings: settingsFromConfig(config),
  fingerprint: derivationFingerprint(config),
  log,
});

/** A deriver that drains on the calling thread (the CLI, tests; the server's runs on a worker: ./worker.ts). */
export function inlineDeriver(db: Db, options: DerivationSettings): Deriver {
  let running: Promise<DrainReport> | null = null;
  let next: Promise<DrainReport> | null = null;
  const run = (work: () => Promise<DrainReport>): Promise<DrainReport> => {
    if (running === null) {
      running = work().finally(() => (running = null));
      return running;
    }
    // One drain after the running one covers every caller that came meanwhile.
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = null;
      return run(work);
    });
    return next;
  };
  return {
    drain: () => run(() => drainQueue(db, options)),
    ensure: () => run(() => ensureDerived(db, options)),
    idle: async () => {
      while (running !== null || next !== null) await (next ?? running)?.catch(() => undefined);
    },
  };
}
