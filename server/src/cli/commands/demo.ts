import { loadDemo } from "../../demo/index.ts";
import type { CliContext } from "../context.ts";

export async function demo(ctx: CliContext, options: { scale: number; seed: number }): Promise<void> {
  const started = Date.now();
  const { records } = await loadDemo(ctx.connection.db, { scale: options.scale, seed: options.seed, now: ctx.env.now(), log: ctx.log });
  ctx.log(`demo org loaded: ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const deriving = Date.now();
  await ctx.deriver.drain();
  ctx.log(`read model derived in ${((Date.now() - deriving) / 1000).toFixed(1)} s`);
}
