/**
 * The investment view (issue 12 item 5): how much of a team's delivery already goes to ops work —
 * the question a VP asks after "fund DevOps now". Two shares, each over its own base:
 * - merged changes: the ops fractions of the changes merged into the team's repos in the window
 *   (DESIGN "Ops work": "a change's ops fraction is the share of its changed files that match the
 *   ops patterns (a label marking it ops makes it 1)"), summed, over the number of those changes;
 * - author time: the members' estimated minutes on ops changes over their estimated minutes on
 *   all changes (the ledger's `authorTimeOpsShare`, estimated from activity).
 */
import type { OpsWorkResult } from "./ledger.ts";

export interface Investment {
  /** Changes merged into the team's repos in the window, bots and drafts left out. */
  mergedChanges: number;
  /** Their ops fractions summed: how many changes' worth of them was ops work. */
  opsChanges: number;
  /** opsChanges / mergedChanges; null without a merged change. */
  mergedChangesOpsShare: number | null;
  /** The members' estimated author time on ops changes / on all changes; null without any (estimated). */
  authorTimeOpsShare: number | null;
}

/**
 * The investment view of a window, from the merged changes' ops fractions and the window's ops
 * work. `mergedChanges`: how many changes merged, when `opsFractions` holds only those above 0
 * (a zero adds nothing to the sum; the read leaves them out).
 */
export function investmentFrom(opsFractions: readonly number[], ops: Pick<OpsWorkResult, "authorTimeOpsShare">, mergedChanges = opsFractions.length): Investment {
  // Summed smallest first, as the read gives them, so both dialects agree to the last digit.
  const opsChanges = [...opsFractions].sort((a, b) => a - b).reduce((s, f) => s + f, 0);
  return {
    mergedChanges,
    opsChanges,
    mergedChangesOpsShare: mergedChanges === 0 ? null : opsChanges / mergedChanges,
    authorTimeOpsShare: ops.authorTimeOpsShare,
  };
}
