import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { CiRunStat } from "../facts/model.ts";
import { inChunks } from "./readHelpers.ts";
import { sortedColumn } from "../dialect.ts";

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
  durations: number[];
  queues: number[];
}

export async function getCiIngredients(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<CiRunIngredients> {
  const out: CiRunIngredients = { counts: { success: 0, failure: 0, cancelled: 0, skipped: 0 }, pairs: 0, flaky: 0, negative: 0, durations: [], queues: [] };
  // One chunk of repos at a time (a team of a thousand repos): counts add, sorted lists merge.
  const chunks: string[][] = [];
  for (let i = 0; i < repos.length; i += 500) chunks.push(repos.slice(i, i + 500));
  for (const chunk of chunks) {
    const runs = db.selectFrom("fact_ci_runs").where("repo", "in", chunk).where("started_at", ">=", from).where("started_at", "<", to);
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
      sortedColumn(db, runs.where("status", "in", ["success", "failure"]).select("duration_minutes as v")),
      sortedColumn(db, runs.select("queue_minutes as v")),
    ]);
    for (const g of groups) {
      const status = g.status as CiRunStat["status"];
      if (status in out.counts) out.counts[status] += Number(g.n);
      out.pairs += Number(g.pairs ?? 0);
      out.flaky += Number(g.flaky ?? 0);
      out.negative += Number(g.negative ?? 0);
    }
    out.durations = chunks.length === 1 ? durations : mergeSorted(out.durations, durations);
    out.queues = chunks.length === 1 ? queues : mergeSorted(out.queues, queues);
  }
  return out;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}
