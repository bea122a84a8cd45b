import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/**
 * The changes merged into some repos in [from, to), bots and drafts left out (as lead time leaves
 * them out): how many, and the ops fractions above 0, sorted — the investment view's share of
 * merged changes that went to ops work. Most changes touch no ops file: their zeros add nothing
 * to the sum, so they are counted, not read. Sorted, so a sum over them is the same on both
 * dialects to the last digit.
 */
export async function getChangeOpsFractions(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<{ merged: number; fractions: number[] }> {
  const merged = (chunk: readonly string[]) =>
    db.selectFrom("fact_changes").where("repo", "in", chunk).where("merged_at", ">=", from).where("merged_at", "<", to).where("excluded", "is", null);
  const [counts, rows] = await Promise.all([
    inChunks(repos, (chunk) => merged(chunk).select((eb) => eb.fn.countAll<number>().as("n")).execute()),
    inChunks(repos, (chunk) => merged(chunk).select("ops_fraction").where("ops_fraction", ">", 0).execute()),
  ]);
  return { merged: counts.reduce((n, r) => n + Number(r.n), 0), fractions: rows.map((r) => Number(r.ops_fraction)).sort((a, b) => a - b) };
}
