import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { CiRunStat } from "../facts/model.ts";
import { inChunks } from "./readHelpers.ts";

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
