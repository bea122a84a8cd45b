/**
 * The deriver's loop (docs/decisions/0012): take the lock, read the queued keys, bring the facts
 * up to date in the same transaction that deletes what it handled, repeat until the queue is
 * empty. One deriver runs at a time per database (Postgres advisory lock, SQLite's write lock);
 * a write that lands meanwhile queues its own keys, handled by the next pass, so the facts
 * converge on what a full derivation of the records gives.
 */
import { REDERIVE_ALL, deleteQueued, enqueueTouched, getDeriveState, lockDeriver, readQueue, setDeriveState, type Db } from "@opsledger/db";
import type { MetricSettings } from "../metrics/index.ts";
import { deriveAll } from "./full.ts";
import { deriveIncrement } from "./increment.ts";

/** Queue rows read per pass (a row is one kind of one write batch). */
const ROWS_PER_PASS = 64;
/** Past this many touched keys in one pass, deriving everything is cheaper than following each key. */
export const FULL_DERIVATION_KEYS = 20_000;

export interface DerivationSettings {
  settings: MetricSettings;
  /** `derivationFingerprint(config)`: facts derived with other settings are derived again. */
  fingerprint: string;
  log?: (line: string) => void;
}

export interface DrainReport {
  passes: number;
  /** Queue rows handled. */
  rows: number;
  /** A full derivation ran. */
  full: boolean;
  /** Teams whose results changed. */
  teams: string[];
}

/** Derive until the queue is empty. */
export async function drainQueue(db: Db, options: DerivationSettings): Promise<DrainReport> {
  const report: DrainReport = { passes: 0, rows: 0, full: false, teams: [] };
  const teams = new Set<string>();
  for (;;) {
    const pass = await db.transaction().execute(async (trx) => {
      await lockDeriver(trx);
      const queued = await readQueue(trx, ROWS_PER_PASS);
      if (queued === null) return null;
      const keys = [...queued.keys.values()].reduce((n, list) => n + list.length, 0);
      const stale = (await getDeriveState(trx, "fingerprint")) !== options.fingerprint;
      if (queued.all || stale || keys > FULL_DERIVATION_KEYS) {
        // Everything queued until now is covered: the derivation reads every record.
        const last = await trx.selectFrom("derive_queue").select((eb) => eb.fn.max<number>("id").as("id")).executeTakeFirst();
        const changed = await deriveAll(trx, options.settings, options.log);
        await setDeriveState(trx, "fingerprint", options.fingerprint);
        await deleteQueued(trx, Number(last?.id ?? queued.maxId));
        return { rows: queued.rows, full: true, teams: changed };
      }
      const changed = await deriveIncrement(trx, options.settings, queued.keys);
      await deleteQueued(trx, queued.maxId);
      return { rows: queued.rows, full: false, teams: changed };
    });
    if (pass === null) break;
    report.passes += 1;
    report.rows += pass.rows;
    report.full ||= pass.full;
    for (const t of pass.teams) teams.add(t);
  }
  report.teams = [...teams].sort();
  return report;
}

/** Make the facts current with these settings: when they were derived with others (or never), derive everything again. */
export async function ensureDerived(db: Db, options: DerivationSettings): Promise<DrainReport> {
  if ((await getDeriveState(db, "fingerprint")) !== options.fingerprint) await enqueueTouched(db, REDERIVE_ALL, [], Date.now());
  return drainQueue(db, options);
}

/** `opsledger rederive`: everything again from the records. */
export async function rederiveEverything(db: Db, options: DerivationSettings): Promise<DrainReport> {
  await enqueueTouched(db, REDERIVE_ALL, [], Date.now());
  return drainQueue(db, options);
}
