/** CI health per repo + workflow and overall (DESIGN.md "CI health"). */
import type { CiRun } from "@opsledger/db";
import type { CiResult, CiRunDetail, Window } from "./types.ts";

/** Runs started in the window. */
export function computeCi(runs: CiRun[], window: Window): CiResult {
  void runs; void window;
  throw new Error("not implemented");
}

/** Each run started in the window with its duration, queue time and flaky flag. */
export function ciRunDetails(runs: CiRun[], window: Window): CiRunDetail[] {
  void runs; void window;
  throw new Error("not implemented");
}
