/** CI health per repo + workflow and overall (DESIGN.md "CI health"). */
import type { CiRun } from "@opsledger/db";
import { Notes } from "./notes.ts";
import { inWindow, isNegative, median, medianOfSorted, percentileOfSorted, sortedValues, spanMinutes } from "./stats.ts";
import type { CiResult, CiRunDetail, CiStats, CiWorkflowStats, Window } from "./types.ts";

// NUL cannot appear in repo, workflow or sha, so joined keys cannot collide.
const pairKey = (r: CiRun): string => `${r.repo}\u0000${r.workflow}\u0000${r.sha}`;
const workflowKey = (r: CiRun): string => `${r.repo}\u0000${r.workflow}`;

/**
 * Each run's (repo, workflow, sha) key, built once per run object: computeCi runs over the same
 * runs for a range, its weeks and the signals' 4 weeks, and building these strings was its
 * largest cost. Runs are immutable rows, so the cache can never go stale.
 */
const pairKeys = new WeakMap<CiRun, string>();
function cachedPairKey(r: CiRun): string {
  let k = pairKeys.get(r);
  if (k === undefined) {
    k = pairKey(r);
    pairKeys.set(r, k);
  }
  return k;
}

/** (workflow, sha) pairs whose first attempt failed and a later attempt succeeded. */
function flakyPairs(runs: CiRun[]): Set<string> {
  const pairs = new Map<string, { first: number; firstFailed: boolean; lastSuccess: number }>();
  for (const r of runs) {
    const k = cachedPairKey(r);
    const failed = r.status === "failure";
    const success = r.status === "success" ? r.attempt : Number.NEGATIVE_INFINITY;
    const e = pairs.get(k);
    if (!e) {
      pairs.set(k, { first: r.attempt, firstFailed: failed, lastSuccess: success });
      continue;
    }
    if (r.attempt < e.first) {
      e.first = r.attempt;
      e.firstFailed = failed;
    } else if (r.attempt === e.first && failed) {
      e.firstFailed = true;
    }
    if (success > e.lastSuccess) e.lastSuccess = success;
  }
  const flaky = new Set<string>();
  for (const [k, e] of pairs) if (e.firstFailed && e.lastSuccess > e.first) flaky.add(k);
  return flaky;
}

function stats(runs: CiRun[], flaky: Set<string>): CiStats {
  const counts = { success: 0, failure: 0, cancelled: 0, skipped: 0 };
  const durations: number[] = [];
  const queues: number[] = [];
  const pairs = new Set<string>();
  for (const r of runs) {
    counts[r.status] += 1;
    pairs.add(cachedPairKey(r));
    // Cancelled and skipped runs stop early or never run; their durations would flatter the median.
    if (r.status === "success" || r.status === "failure") {
      const d = spanMinutes(r.startedAt, r.finishedAt);
      if (d !== null) durations.push(d);
    }
    const q = spanMinutes(r.queuedAt, r.startedAt);
    if (q !== null) queues.push(q);
  }
  let flakyCount = 0;
  for (const k of pairs) if (flaky.has(k)) flakyCount += 1;
  const { success: successes, failure: failures } = counts;
  const sortedDurations = sortedValues(durations);
  return {
    runs: runs.length,
    successes,
    failures,
    cancelled: counts.cancelled,
    skipped: counts.skipped,
    durationMedianMinutes: medianOfSorted(sortedDurations),
    durationP90Minutes: percentileOfSorted(sortedDurations, 90),
    failureRate: successes + failures > 0 ? failures / (successes + failures) : null,
    pairs: pairs.size,
    flaky: flakyCount,
    flakyRate: pairs.size > 0 ? flakyCount / pairs.size : null,
    queueMedianMinutes: median(queues),
    queueCount: queues.length,
  };
}

/**
 * CI health of the runs started in the window: durations and queue times in minutes, failure and
 * flaky rates as fractions; per repo + workflow (sorted) and overall.
 */
export function computeCi(runs: CiRun[], window: Window): CiResult {
  const inWin = runs.filter((r) => inWindow(r.startedAt, window));
  const flaky = flakyPairs(inWin);
  const groups = new Map<string, CiRun[]>();
  for (const r of inWin) {
    const k = workflowKey(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  const workflows: CiWorkflowStats[] = [...groups.values()]
    .map((list) => {
      const first = list[0];
      return { repo: first?.repo ?? "", workflow: first?.workflow ?? "", ...stats(list, flaky) };
    })
    .sort((a, b) => (a.repo === b.repo ? a.workflow.localeCompare(b.workflow) : a.repo.localeCompare(b.repo)));
  const notes = new Notes();
  notes.add(
    "ci_runs_cancelled_or_skipped",
    inWin.filter((r) => r.status === "cancelled" || r.status === "skipped").length,
    "cancelled and skipped runs are left out of durations and the failure rate",
  );
  notes.add(
    "negative_span_clock_skew",
    inWin.filter((r) => isNegative(r.startedAt, r.finishedAt) || isNegative(r.queuedAt, r.startedAt)).length,
    "runs with a negative duration or queue time (clock skew); those values are left out",
  );
  return { overall: stats(inWin, flaky), workflows, notes: notes.list };
}

/** Each run started in the window (in start order) with its duration, queue time and flaky flag. */
export function ciRunDetails(runs: CiRun[], window: Window): CiRunDetail[] {
  const inWin = runs.filter((r) => inWindow(r.startedAt, window)).sort((a, b) => a.startedAt - b.startedAt);
  const flaky = flakyPairs(inWin);
  return inWin.map((run) => ({
    run,
    durationMinutes: spanMinutes(run.startedAt, run.finishedAt),
    queueMinutes: spanMinutes(run.queuedAt, run.startedAt),
    flaky: flaky.has(cachedPairKey(run)),
  }));
}
