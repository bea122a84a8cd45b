import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/**
 * The ops fraction of each change merged into some repos in [from, to), bots and drafts left out
 * (as lead time leaves them out): the investment view's share of merged changes that went to ops
 * work. Sorted, so a sum over them is the same on both dialects to the last digit.
 */
export async function getChangeOpsFractions(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<number[]> {
  const rows = await inChunks(repos, (chunk) =>
    db.selectFrom("fact_changes").select("ops_fraction").where("repo", "in", chunk).where("merged_at", ">=", from).where("merged_at", "<", to).where("excluded", "is", null).execute(),
  );
  return rows.map((r) => Number(r.ops_fraction)).sort((a, b) => a - b);
}
