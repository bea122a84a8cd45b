/**
 * `opsledger worker`: a process that only runs jobs — collections, rule evaluations, digests —
 * taken from the Postgres job queue that `opsledger serve` processes fill. No HTTP, no schedule.
 */
import { startJobs } from "../../scheduler/index.ts";
import type { CliContext } from "../context.ts";

export async function worker(ctx: CliContext): Promise<void> {
  if (ctx.connection.dialect !== "postgres") {
    await ctx.connection.close();
    throw new Error("opsledger worker needs DATABASE_URL=postgres://…: with SQLite, `opsledger serve` runs the jobs itself");
  }
  const jobs = await startJobs(ctx, { schedule: false, work: true });
  ctx.log("opsledger worker: taking jobs from the Postgres job queue");
  await new Promise<void>((resolve) => {
    const stop = () => {
      void jobs.stop().finally(() => ctx.connection.close().then(resolve));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
