/** The deriver's writes and the read model's reads of CI per repo, week and workflow (`rollup_ci_workflow_week`). */
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { upsertRows } from "../writes/upsert.ts";
import type { CiWorkflowWeek } from "./model.ts";
import { decodeSorted, encodeSorted } from "./weekValues.ts";

/** Replace a repo's rows with week_start in [from, to). */
export async function replaceCiWorkflowWeeks(db: Db, repo: string, from: EpochMs, to: EpochMs, weeks: readonly CiWorkflowWeek[]): Promise<void> {
  await db.deleteFrom("rollup_ci_workflow_week").where("repo", "=", repo).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(
    db,
    "rollup_ci_workflow_week",
    ["repo", "week_start", "workflow"],
    weeks.map((w) => ({
      repo: w.repo,
      week_start: w.weekStart,
      workflow: w.workflow,
      success: w.counts.success,
      failure: w.counts.failure,
      cancelled: w.counts.cancelled,
      skipped: w.counts.skipped,
      pairs: w.pairs,
      flaky: w.flaky,
      negative: w.negative,
      durations: encodeSorted(w.durations),
      queues: encodeSorted(w.queues),
    })),
  );
}

/** The rows of some repos with week_start in [from, to). */
export async function getCiWorkflowWeeks(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<CiWorkflowWeek[]> {
  const rows = await inChunks(repos, (chunk) => db.selectFrom("rollup_ci_workflow_week").selectAll().where("repo", "in", chunk).where("week_start", ">=", from).where("week_start", "<", to).execute());
  return rows.map((r) => ({
    repo: r.repo,
    workflow: r.workflow,
    weekStart: Number(r.week_start),
    counts: { success: Number(r.success), failure: Number(r.failure), cancelled: Number(r.cancelled), skipped: Number(r.skipped) },
    pairs: Number(r.pairs),
    flaky: Number(r.flaky),
    negative: Number(r.negative),
    durations: decodeSorted(r.durations),
    queues: decodeSorted(r.queues),
  }));
}
