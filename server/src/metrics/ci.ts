/** CI health per repo + workflow and overall (DESIGN.md "CI health"). */
import type { CiRun } from "@opsledger/db";
import { Notes } from "./notes.ts";
import { inWindow, isNegative, median, percentile, spanMinutes } from "./stats.ts";
import type { CiResult, CiRunDetail, CiStats, CiWorkflowStats, Window } from "./types.ts";

const pairKey = (r: CiRun): string => JSON.stringify([r.repo, r.workflow, r.sha]);
const workflowKey = (r: CiRun): string => JSON.stringify([r.repo, r.workflow]);

/** (workflow, sha) pairs whose first attempt failed and a later attempt succeeded. */
function flakyPairs(runs: CiRun[]): Set<string> {
  const byPair = new Map<string, CiRun[]>();
  for (const r of runs) {
    const k = pairKey(r);
    const list = byPair.get(k);
    if (list) list.push(r);
    else byPair.set(k, [r]);
  }
  const flaky = new Set<string>();
  for (const [k, list] of byPair) {
    const first = Math.min(...list.map((r) => r.attempt));
    const firstFailed = list.some((r) => r.attempt === first && r.status === "failure");
    const laterSucceeded = list.some((r) => r.attempt > first && r.status === "success");
    if (firstFailed && laterSucceeded) flaky.add(k);
  }
  return flaky;
}

function stats(runs: CiRun[], flaky: Set<string>): CiStats {
  const count = (s: CiRun["status"]): number => runs.filter((r) => r.status === s).length;
  const successes = count("success");
  const failures = count("failure");
  // Cancelled and skipped runs stop early or never run; their durations would flatter the median.
  const durations = runs
    .filter((r) => r.status === "success" || r.status === "failure")
    .flatMap((r) => {
      const m = spanMinutes(r.startedAt, r.finishedAt);
      return m === null ? [] : [m];
    });
  const queues = runs.flatMap((r) => {
    const m = spanMinutes(r.queuedAt, r.startedAt);
    return m === null ? [] : [m];
  });
  const pairs = new Set(runs.map(pairKey));
  const flakyCount = [...pairs].filter((k) => flaky.has(k)).length;
  return {
    runs: runs.length,
    successes,
    failures,
    cancelled: count("cancelled"),
    skipped: count("skipped"),
    durationMedianMinutes: median(durations),
    durationP90Minutes: percentile(durations, 90),
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
    flaky: flaky.has(pairKey(run)),
  }));
}
