/** CI health per repo + workflow and overall (DESIGN.md "CI health"). */
import type { CiRun } from "@opsledger/db";
import { Notes } from "./notes.ts";
import { inWindow, isNegative, median, medianOfSorted, percentileOfSorted, sortedValues, spanMinutes } from "./stats.ts";
import type { CiResult, CiRunDetail, CiStats, CiWorkflowStats, Window } from "./types.ts";

// NUL cannot appear in repo, workflow or sha, so joined keys cannot collide.
const pairKey = (r: CiRun): string => `${r.repo}\u0000${r.workflow}\u0000${r.sha}`;

/**
 * Each run's (repo, workflow, sha) key for the drill-down's flaky flags, built once per run
 * object. Runs are immutable rows, so the cache can never go stale. (computeCi pairs runs by
 * nested maps instead, with no joined key at all.)
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

/**
 * The window's runs grouped per repo + workflow (positions in `runs`), and each run's (repo,
 * workflow, sha) pair as a dense index: nested maps on the row's own strings, no joined keys.
 */
function groupAndPair(runs: readonly CiRun[]): { groups: number[][]; pairOf: Int32Array; pairs: number } {
  const byRepo = new Map<string, Map<string, { positions: number[]; shas: Map<string, number> }>>();
  const groups: number[][] = [];
  const pairOf = new Int32Array(runs.length);
  let pairs = 0;
  runs.forEach((r, i) => {
    let workflows = byRepo.get(r.repo);
    if (workflows === undefined) {
      workflows = new Map();
      byRepo.set(r.repo, workflows);
    }
    let group = workflows.get(r.workflow);
    if (group === undefined) {
      group = { positions: [], shas: new Map() };
      workflows.set(r.workflow, group);
      groups.push(group.positions);
    }
    group.positions.push(i);
    let id = group.shas.get(r.sha);
    if (id === undefined) {
      id = pairs++;
      group.shas.set(r.sha, id);
    }
    pairOf[i] = id;
  });
  return { groups, pairOf, pairs };
}

/** flakyPairs on pair indexes: 1 for a pair whose first attempt failed and a later attempt succeeded. */
function flakyByPair(runs: readonly CiRun[], pairOf: Int32Array, pairs: number): Uint8Array {
  const first = new Float64Array(pairs).fill(Number.POSITIVE_INFINITY);
  const firstFailed = new Uint8Array(pairs);
  const lastSuccess = new Float64Array(pairs).fill(Number.NEGATIVE_INFINITY);
  runs.forEach((r, i) => {
    const p = pairOf[i] ?? 0;
    const failed = r.status === "failure";
    const f = first[p] ?? Number.POSITIVE_INFINITY;
    if (r.attempt < f) {
      first[p] = r.attempt;
      firstFailed[p] = failed ? 1 : 0;
    } else if (r.attempt === f && failed) {
      firstFailed[p] = 1;
    }
    if (r.status === "success" && r.attempt > (lastSuccess[p] ?? Number.NEGATIVE_INFINITY)) lastSuccess[p] = r.attempt;
  });
  const flaky = new Uint8Array(pairs);
  for (let p = 0; p < pairs; p++) if (firstFailed[p] === 1 && (lastSuccess[p] ?? Number.NEGATIVE_INFINITY) > (first[p] ?? Number.POSITIVE_INFINITY)) flaky[p] = 1;
  return flaky;
}

/** What stats() reads about the window's runs, built once per computeCi. */
interface PairTable {
  pairOf: Int32Array;
  flaky: Uint8Array;
  /** Scratch: the last stats() call that counted each pair (distinct pairs without a Set). */
  seenIn: Int32Array;
  calls: number;
}

/** Stats of the runs at `positions` of `runs`. */
function stats(runs: readonly CiRun[], positions: readonly number[] | null, table: PairTable): CiStats {
  const counts = { success: 0, failure: 0, cancelled: 0, skipped: 0 };
  const durations: number[] = [];
  const queues: number[] = [];
  const stamp = ++table.calls;
  let pairs = 0;
  let flakyCount = 0;
  const n = positions === null ? runs.length : positions.length;
  for (let j = 0; j < n; j++) {
    const i = positions === null ? j : (positions[j] ?? 0);
    const r = runs[i];
    if (r === undefined) continue;
    counts[r.status] += 1;
    const p = table.pairOf[i] ?? 0;
    if (table.seenIn[p] !== stamp) {
      table.seenIn[p] = stamp;
      pairs += 1;
      if (table.flaky[p] === 1) flakyCount += 1;
    }
    // Cancelled and skipped runs stop early or never run; their durations would flatter the median.
    if (r.status === "success" || r.status === "failure") {
      const d = spanMinutes(r.startedAt, r.finishedAt);
      if (d !== null) durations.push(d);
    }
    const q = spanMinutes(r.queuedAt, r.startedAt);
    if (q !== null) queues.push(q);
  }
  const { success: successes, failure: failures } = counts;
  const sortedDurations = sortedValues(durations);
  return {
    runs: n,
    successes,
    failures,
    cancelled: counts.cancelled,
    skipped: counts.skipped,
    durationMedianMinutes: medianOfSorted(sortedDurations),
    durationP90Minutes: percentileOfSorted(sortedDurations, 90),
    failureRate: successes + failures > 0 ? failures / (successes + failures) : null,
    pairs,
    flaky: flakyCount,
    flakyRate: pairs > 0 ? flakyCount / pairs : null,
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
  // Pairs as dense indexes: typed-array marks instead of a Set of joined keys per group.
  const { groups, pairOf, pairs } = groupAndPair(inWin);
  const table: PairTable = { pairOf, flaky: flakyByPair(inWin, pairOf, pairs), seenIn: new Int32Array(pairs), calls: 0 };
  const workflows: CiWorkflowStats[] = groups
    .map((positions) => {
      const first = inWin[positions[0] ?? 0];
      return { repo: first?.repo ?? "", workflow: first?.workflow ?? "", ...stats(inWin, positions, table) };
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
  return { overall: stats(inWin, null, table), workflows, notes: notes.list };
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
