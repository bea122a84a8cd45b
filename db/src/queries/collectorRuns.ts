/**
 * Collector runs, one row each, written by whichever process ran the collector (the CLI, a
 * scheduler, a worker), so /metrics counts them the same on every API replica.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../connection.ts";

export interface CollectorRun {
  source: string;
  startedAt: number;
  finishedAt: number;
  outcome: "success" | "failure";
  recordsWritten: number;
  rateLimitWaits: number;
}

export async function recordCollectorRun(db: Db, run: CollectorRun): Promise<void> {
  await db
    .insertInto("collector_runs")
    .values({
      id: randomUUID(),
      source: run.source,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      outcome: run.outcome,
      records_written: run.recordsWritten,
      rate_limit_waits: run.rateLimitWaits,
    })
    .execute();
}

export interface CollectorRunTotals {
  source: string;
  outcome: string;
  runs: number;
  recordsWritten: number;
  rateLimitWaits: number;
  lastFinishedAt: number;
}

/** Runs, records written and rate-limit waits per source and outcome, over all time (Prometheus counters). */
export async function getCollectorRunTotals(db: Db): Promise<CollectorRunTotals[]> {
  const rows = await db
    .selectFrom("collector_runs")
    .select((eb) => [
      "source",
      "outcome",
      eb.fn.countAll<number>().as("runs"),
      eb.fn.sum<number>("records_written").as("records"),
      eb.fn.sum<number>("rate_limit_waits").as("waits"),
      eb.fn.max<number>("finished_at").as("last"),
    ])
    .groupBy(["source", "outcome"])
    .orderBy("source")
    .orderBy("outcome")
    .execute();
  return rows.map((r) => ({
    source: r.source,
    outcome: r.outcome,
    runs: Number(r.runs),
    recordsWritten: Number(r.records),
    rateLimitWaits: Number(r.waits),
    lastFinishedAt: Number(r.last),
  }));
}
