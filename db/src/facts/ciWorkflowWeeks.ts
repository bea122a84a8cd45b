/**
 * The deriver's writes and the read model's reads of CI per repo, week and workflow
 * (`rollup_ci_workflow_week`) and per repo, UTC day and workflow (`rollup_ci_workflow_day`, each
 * row a CiWorkflowWeek whose `weekStart` is its day's start).
 */
import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import type { RollupCiWorkflowWeekTable } from "../schema.ts";
import { upsertRows } from "../writes/upsert.ts";
import type { CiWorkflowWeek } from "./model.ts";
import { decodeSorted, encodeSorted } from "./weekValues.ts";

const toRow = (w: CiWorkflowWeek): Insertable<RollupCiWorkflowWeekTable> => ({
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
});

const fromRow = (r: Selectable<RollupCiWorkflowWeekTable>): CiWorkflowWeek => ({
  repo: r.repo,
  workflow: r.workflow,
  weekStart: Number(r.week_start),
  counts: { success: Number(r.success), failure: Number(r.failure), cancelled: Number(r.cancelled), skipped: Number(r.skipped) },
  pairs: Number(r.pairs),
  flaky: Number(r.flaky),
  negative: Number(r.negative),
  durations: decodeSorted(r.durations),
  queues: decodeSorted(r.queues),
});

/** Replace a repo's week rows with week_start in [from, to). */
export async function replaceCiWorkflowWeeks(db: Db, repo: string, from: EpochMs, to: EpochMs, weeks: readonly CiWorkflowWeek[]): Promise<void> {
  await db.deleteFrom("rollup_ci_workflow_week").where("repo", "=", repo).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(db, "rollup_ci_workflow_week", ["repo", "week_start", "workflow"], weeks.map(toRow));
}

/** Replace a repo's day rows with day_start in [from, to). */
export async function replaceCiWorkflowDays(db: Db, repo: string, from: EpochMs, to: EpochMs, days: readonly CiWorkflowWeek[]): Promise<void> {
  await db.deleteFrom("rollup_ci_workflow_day").where("repo", "=", repo).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(
    db,
    "rollup_ci_workflow_day",
    ["repo", "day_start", "workflow"],
    days.map((d) => {
      const { week_start, ...row } = toRow(d);
      return { ...row, day_start: week_start };
    }),
  );
}

/** Each period's table and the column its rows start at. */
const PERIODS = {
  week: { table: "rollup_ci_workflow_week", start: "week_start" },
  day: { table: "rollup_ci_workflow_day", start: "day_start" },
} as const;

/** The week (or UTC day) rows of some repos starting in [from, to); a day's row is a CiWorkflowWeek whose `weekStart` is its day's start. */
export async function getCiWorkflows(db: Db, repos: readonly string[], period: "week" | "day", from: EpochMs, to: EpochMs): Promise<CiWorkflowWeek[]> {
  const { table, start } = PERIODS[period];
  const rows = await inChunks(repos, (chunk) =>
    db
      .selectFrom(table)
      .select([sql.ref<EpochMs>(start).as("week_start"), "repo", "workflow", "success", "failure", "cancelled", "skipped", "pairs", "flaky", "negative", "durations", "queues"])
      .where("repo", "in", chunk)
      .where(sql.ref(start), ">=", from)
      .where(sql.ref(start), "<", to)
      .execute(),
  );
  return rows.map(fromRow);
}
