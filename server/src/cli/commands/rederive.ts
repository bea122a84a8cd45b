import { enqueueTouched, REDERIVE_ALL } from "@opsledger/db";
import type { CliContext } from "../context.ts";

/**
 * `opsledger rederive`: derive every fact and rollup again from the records (docs/decisions/0012).
 * The request goes through the deriver's queue like any write, so a server deriving at the same
 * time finishes its pass first and no two derivations overlap.
 */
export async function rederive(ctx: CliContext): Promise<void> {
  const started = Date.now();
  await enqueueTouched(ctx.connection.db, REDERIVE_ALL, [], ctx.env.now());
  const report = await ctx.deriver.drain();
  ctx.log(`read model derived again from the records in ${((Date.now() - started) / 1000).toFixed(1)} s (${report.teams.length} teams' figures changed)`);
}
