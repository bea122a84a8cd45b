/** CI health per repo + workflow and overall (DESIGN.md "CI health"). */
import type { CiRun, CiRunFact, CiRunStat, CiWorkflowWeek, TeamWeek } from "@opsledger/db";
import { sumWeeks } from "./weeks.ts";
import { Notes } from "./notes.ts";
import { groupBy, inWindow, isoWeekStart, medianOf, percentileOf, sortedValues, spanMinutes, SortedRuns, type Ordered } from "./stats.ts";
import type { CiResult, CiRunDetail, CiStats, CiWorkflowStats, Window } from "./types.ts";

/**
 * Each run's fact: duration and queue time (minutes, null when unknown or negative), and its
 * (repo, workflow, sha) pair's flakiness — the first attempt failed and a later attempt
 * succeeded — judged over every run given of the pair, whenever it ran. A pair is counted once,
 * where its first run is (`firstOfPair`), so pairs add up over weeks.
 */
export function ciRunFacts(runs: readonly CiRun[]): CiRunFact[] {
  const pairs = new Map<string, CiRun[]>();
  for (const r of runs) {
    // NUL cannot appear in repo, workflow or sha, so joined keys cannot collide.
    const key = `${r.repo}\u0000${r.workflow}\u0000${r.sha}`;
    const list = pairs.get(key);
    if (list) list.push(r);
    else pairs.set(key, [r]);
  }
  const facts: CiRunFact[] = [];
  for (const list of pairs.values()) {
    list.sort((a, b) => a.attempt - b.attempt || a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const firstAttempt = list[0]?.attempt ?? 1;
    const firstFailed = list.some((r) => r.attempt === firstAttempt && r.status === "failure");
    const flaky = firstFailed && list.some((r) => r.attempt > firstAttempt && r.status === "success");
    // The pair's first run in time: where the pair is counted.
    let first = list[0];
    for (const r of list) if (first === undefined || r.startedAt < first.startedAt || (r.startedAt === first.startedAt && r.id < first.id)) first = r;
    for (const r of list) {
      const durationMinutes = spanMinutes(r.startedAt, r.finishedAt);
      const queueMinutes = spanMinutes(r.queuedAt, r.startedAt);
      facts.push({
        source: r.source,
        id: r.id,
        repo: r.repo,
        workflow: r.workflow,
        sha: r.sha,
        startedAt: r.startedAt,
        status: r.status,
        durationMinutes,
        queueMinutes,
        firstOfPair: r === first,
        pairFlaky: flaky,
        negative: durationMinutes === null || (r.queuedAt !== null && queueMinutes === null),
      });
    }
  }
  return facts;
}

/**
 * What CI stats are made of: counts by status, pairs and flaky pairs (counted at their first
 * run), and the durations of finished runs and queue times in ascending order. The read model gets
 * these from the team's weekly rollups (counts, and each week's sorted values read as sorted
 * runs) and, per workflow, from `ciWorkflowWeeks` (rollup_ci_workflow_week); both end in `ciStatsOf`.
 */
export interface CiIngredients {
  counts: Record<CiRunStat["status"], number>;
  pairs: number;
  flaky: number;
  /** Durations of successful and failed runs (cancelled and skipped runs stop early or never run). */
  durations: Ordered;
  /** Queue times of every run that has one. */
  queues: Ordered;
}

/** CI health of a window from its weeks (counts summed) and its durations and queue times in order (the read model's path). */
export function ciStatsFromWeeks(weeks: readonly TeamWeek[], durations: Ordered, queues: Ordered): CiStats {
  const sum = (pick: (w: TeamWeek) => number): number => sumWeeks(weeks, pick);
  return ciStatsOf({
    counts: { success: sum((w) => w.ciSuccess), failure: sum((w) => w.ciFailure), cancelled: sum((w) => w.ciCancelled), skipped: sum((w) => w.ciSkipped) },
    pairs: sum((w) => w.ciPairs),
    flaky: sum((w) => w.ciFlaky),
    durations,
    queues,
  });
}

export function ciStatsOf(i: CiIngredients): CiStats {
  const { success: successes, failure: failures, cancelled, skipped } = i.counts;
  return {
    runs: successes + failures + cancelled + skipped,
    successes,
    failures,
    cancelled,
    skipped,
    durationMedianMinutes: medianOf(i.durations),
    durationP90Minutes: percentileOf(i.durations, 90),
    failureRate: successes + failures > 0 ? failures / (successes + failures) : null,
    pairs: i.pairs,
    flaky: i.flaky,
    flakyRate: i.pairs > 0 ? i.flaky / i.pairs : null,
    queueMedianMinutes: medianOf(i.queues),
    queueCount: i.queues.length,
  };
}

/**
 * Each workflow's week (or part of a week) of runs: counts, pairs and the sorted durations and
 * queue times — the one statement of what per-workflow CI health is made of, for the rollups
 * (`rollup_ci_workflow_week`) and for a window's edge weeks alike.
 */
export function ciWorkflowWeeks(weekStart: number, facts: readonly CiRunStat[]): CiWorkflowWeek[] {
  return [...groupBy(facts, workflowKey).values()].map((list) => {
    const first = list[0] as CiRunStat;
    const counts = { success: 0, failure: 0, cancelled: 0, skipped: 0 };
    const durations: number[] = [];
    const queues: number[] = [];
    let pairs = 0;
    let flaky = 0;
    let negative = 0;
    for (const r of list) {
      counts[r.status] += 1;
      if (r.firstOfPair) {
        pairs += 1;
        if (r.pairFlaky) flaky += 1;
      }
      if (r.negative) negative += 1;
      // Cancelled and skipped runs stop early or never run: their durations say nothing of the pipeline.
      if ((r.status === "success" || r.status === "failure") && r.durationMinutes !== null) durations.push(r.durationMinutes);
      if (r.queueMinutes !== null) queues.push(r.queueMinutes);
    }
    return { repo: first.repo, workflow: first.workflow, weekStart, counts, pairs, flaky, negative, durations: sortedValues(durations), queues: sortedValues(queues) };
  });
}

/**
 * A repo's run facts (any span) as its workflow weeks, per ISO week of their start: what
 * `rollup_ci_workflow_week` holds. With `startOf` utcDayStart, per UTC day: `rollup_ci_workflow_day`.
 */
export function ciWorkflowWeeksOf(facts: readonly CiRunFact[], startOf: (instant: number) => number = isoWeekStart): CiWorkflowWeek[] {
  return [...groupBy(facts, (f) => startOf(f.startedAt)).entries()].flatMap(([period, list]) => ciWorkflowWeeks(period, list));
}

// NUL cannot appear in a repo or workflow name, so joined keys cannot collide.
const workflowKey = (r: { repo: string; workflow: string }): string => `${r.repo}\u0000${r.workflow}`;

/** CI health of some workflow weeks: their counts added, their sorted values read as sorted runs. */
function statsOfWeeks(weeks: readonly CiWorkflowWeek[]): CiStats {
  const sum = (pick: (w: CiWorkflowWeek) => number): number => weeks.reduce((n, w) => n + pick(w), 0);
  return ciStatsOf({
    counts: { success: sum((w) => w.counts.success), failure: sum((w) => w.counts.failure), cancelled: sum((w) => w.counts.cancelled), skipped: sum((w) => w.counts.skipped) },
    pairs: sum((w) => w.pairs),
    flaky: sum((w) => w.flaky),
    durations: new SortedRuns(weeks.map((w) => w.durations)),
    queues: new SortedRuns(weeks.map((w) => w.queues)),
  });
}

/**
 * CI health of a window from its workflow weeks (whole weeks from the rollups, edge weeks made
 * by `ciWorkflowWeeks` from facts): per repo + workflow (sorted) and overall. Pairs are counted
 * where their first run is.
 */
export function ciFromWorkflowWeeks(weeks: readonly CiWorkflowWeek[]): CiResult {
  const workflows: CiWorkflowStats[] = [...groupBy(weeks, workflowKey).values()].map((list) => ({ repo: (list[0] as CiWorkflowWeek).repo, workflow: (list[0] as CiWorkflowWeek).workflow, ...statsOfWeeks(list) }));
  workflows.sort((a, b) => (a.repo === b.repo ? a.workflow.localeCompare(b.workflow) : a.repo.localeCompare(b.repo)));
  const notes = new Notes();
  notes.add(
    "ci_runs_cancelled_or_skipped",
    weeks.reduce((n, w) => n + w.counts.cancelled + w.counts.skipped, 0),
    "cancelled and skipped runs are left out of durations and the failure rate",
  );
  notes.add(
    "negative_span_clock_skew",
    weeks.reduce((n, w) => n + w.negative, 0),
    "runs with a negative duration or queue time (clock skew); those values are left out",
  );
  return { overall: statsOfWeeks(weeks), workflows, notes: notes.list };
}

/** CI health of the runs (facts) started in a window, as one bucket of workflow weeks. */
export function ciFromFacts(facts: readonly CiRunStat[]): CiResult {
  return ciFromWorkflowWeeks(ciWorkflowWeeks(0, facts));
}

/** CI health of the runs started in the window; runs outside it only decide whether a pair is flaky. */
export function computeCi(runs: readonly CiRun[], window: Window): CiResult {
  return ciFromFacts(ciRunFacts(runs).filter((r) => inWindow(r.startedAt, window)));
}

/** Each run started in the window (in start order) with its duration, queue time and flaky flag. */
export function ciRunDetails(runs: readonly CiRun[], window: Window): CiRunDetail[] {
  const facts = new Map(ciRunFacts(runs).map((f) => [`${f.source}\u0000${f.id}`, f]));
  return runs
    .filter((r) => inWindow(r.startedAt, window))
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((run) => {
      const f = facts.get(`${run.source}\u0000${run.id}`);
      return { run, durationMinutes: f?.durationMinutes ?? null, queueMinutes: f?.queueMinutes ?? null, flaky: f?.pairFlaky ?? false };
    });
}
