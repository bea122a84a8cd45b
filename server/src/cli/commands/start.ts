import { countRecords } from "@opsledger/db";
import type { CliContext } from "../context.ts";
import { demo } from "./demo.ts";
import { serve, type ServeOptions } from "./serve.ts";

/**
 * The one-command experience: migrate (done by the context), load the demo org when the
 * database holds no activity and no source is configured, then serve.
 */
export async function start(ctx: CliContext, options: ServeOptions): Promise<void> {
  const sourcesConfigured = Object.values(ctx.config.sources).some((s) => s !== undefined);
  const counts = await countRecords(ctx.connection.db);
  const empty = counts.deployments + counts.changes + counts.incidents === 0;
  if (empty && !sourcesConfigured) {
    ctx.log("empty database and no source configured: loading the demo org");
    await demo(ctx, { scale: 1, seed: 1 });
  }
  await serve(ctx, options);
}
