import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { CiRunStat } from "../facts/model.ts";
import { inChunks } from "./readHelpers.ts";
import { orderStatistics } from "../dialect.ts";

/**
 * What CI health needs of the runs of some repos started in [from, to): only the columns of the
 * covering index fact_ci_runs_stats, so the read never touches the table (a big team's quarter
 * is tens of thousands of runs).
 */
export async function getTeamCiFacts(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<CiRunStat[]> {
  const rows = await inChunks(repos, (chunk) =>
    db
      .selectFrom("fact_ci_runs")
      .select(["repo", "workflow", "status", "duration_minutes", "queue_minutes", "first_of_pair", "pair_flaky", "negative"])
      .where("repo", "in", chunk)
      .where("started_at", ">=", from)
      .where("started_at", "<", to)
      .execute(),
  );
  return rows.map((r) => ({
    repo: r.repo,
    workflow: r.workflow,
    status: r.status as CiRunStat["status"],
    durationMinutes: r.duration_minutes,
    queueMinutes: r.queue_minutes,
    firstOfPair: Boolean(r.first_of_pair),
    pairFlaky: Boolean(r.pair_flaky),
    negative: Boolean(r.negative),
  }));
}

/** What CI stats over some repos' runs in [from, to) are made of, aggregated in SQL (see CiIngredients in the metrics). */
export interface CiRunIngredients {
  counts: Record<CiRunStat["status"], number>;
  pairs: number;
  flaky: number;
  negative: number;
  /** Order statistics of the durations of successful and failed runs (see `orderStatistics`). */
  durations: ArrayLike<number>;
  /** Order statistics of the queue times of every run that has one. */
  queues: ArrayLike<number>;
}

/** The ascending-order indexes of a column of n values that a reader needs (a median's, a percentile's). */
export type WantedIndexes = (count: number) => readonly number[];

/**
 * CI health's ingredients for one team's runs in [from, to): counts by status and pair, and the
 * order statistics `durationIndexes` and `queueIndexes` name. The team's repos are read from
 * team_repos inside the query, so a team of a thousand repos is one statement, not chunks.
 */
export async function getCiIngredients(db: Db, team: { id: string }, from: EpochMs, to: EpochMs, durationIndexes: WantedIndexes, queueIndexes: WantedIndexes): Promise<CiRunIngredients> {
  const runs = db
    .selectFrom("fact_ci_runs")
    .where("repo", "in", db.selectFrom("team_repos").select("repo").where("team_id", "=", team.id))
    .where("started_at", ">=", from)
    .where("started_at", "<", to);
  const [groups, durations, queues] = await Promise.all([
    runs
      .select((eb) => [
        "status",
        eb.fn.countAll<number>().as("n"),
        eb.fn.sum<number>("first_of_pair").as("pairs"),
        eb.fn.sum<number>(eb.case().when(eb.and([eb("first_of_pair", "=", 1), eb("pair_flaky", "=", 1)])).then(1).else(0).end()).as("flaky"),
        eb.fn.sum<number>("negative").as("negative"),
      ])
      .groupBy("status")
      .execute(),
    orderStatistics(db, runs.where("status", "in", ["success", "failure"]).select("duration_minutes as v"), durationIndexes),
    orderStatistics(db, runs.select("queue_minutes as v"), queueIndexes),
  ]);
  const out: CiRunIngredients = { counts: { success: 0, failure: 0, cancelled: 0, skipped: 0 }, pairs: 0, flaky: 0, negative: 0, durations, queues };
  for (const g of groups) {
    const status = g.status as CiRunStat["status"];
    if (status in out.counts) out.counts[status] += Number(g.n);
    out.pairs += Number(g.pairs ?? 0);
    out.flaky += Number(g.flaky ?? 0);
    out.negative += Number(g.negative ?? 0);
  }
  return out;
}
