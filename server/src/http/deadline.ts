/**
 * Every read has a deadline, and is given up when its client goes away: the response is a 504
 * problem at the deadline, nothing once the client has left, and the signal on the context aborts
 * so work that checks it stops. Writes are not cut short: a batch is written whole or not at all,
 * and a client that lost its answer can send it again (every write is an idempotent upsert).
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";
import type { Telemetry } from "../observability/metrics.ts";
import { isReadMethod } from "../security/access.ts";

export function deadline(ms: number, telemetry: Telemetry) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const client = c.req.raw.signal;
    const timer = new AbortController();
    c.set("signal", AbortSignal.any([client, timer.signal]));
    if (!isReadMethod(c.req.method)) return next();
    let timeout: NodeJS.Timeout | undefined;
    const work = next().then(() => "done" as const);
    // Seen in the log, not lost, if it fails after the answer was given up on.
    work.catch((error: unknown) => c.var.log.warn({ err: error }, "abandoned request failed after it was given up"));
    const givenUp = new Promise<"deadline" | "client">((resolve) => {
      timeout = setTimeout(() => resolve("deadline"), ms);
      if (client.aborted) resolve("client");
      else client.addEventListener("abort", () => resolve("client"), { once: true });
    });
    const outcome = await Promise.race([work, givenUp]).finally(() => clearTimeout(timeout));
    if (outcome === "done") return;
    timer.abort();
    telemetry.requestsAbandoned.inc({ reason: outcome });
    if (outcome === "deadline") throw new ApiError(504, `the answer took longer than ${Math.round(ms / 1000)} s; try a shorter range`);
    c.var.log.info("client went away; request given up");
    c.res = new Response(null, { status: 499 });
  });
}
