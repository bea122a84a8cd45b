/**
 * First in front of every request: a request id (the client's X-Request-Id when it is a sane
 * token, else a new UUID) on the context, the response and every log line the request writes;
 * then, once answered, one log line and one latency observation labelled by the route pattern
 * (never the raw path, which would make a series per team and date).
 */
import { randomUUID } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/context.ts";
import type { Logger } from "./log.ts";
import type { Telemetry } from "./metrics.ts";
import { ROUTE_HEADER } from "../http/offload.ts";

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes arrive every few seconds: logged at debug, so they do not drown the rest. */
const QUIET = new Set(["/api/health", "/api/ready", "/metrics"]);

export function requestContext(log: Logger, telemetry: Telemetry, options: { logRequests: boolean } = { logRequests: true }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const id = given !== undefined && SANE_ID.test(given) ? given : randomUUID();
    c.set("requestId", id);
    const requestLog = log.child({ reqId: id });
    c.set("log", requestLog);
    c.set("principal", null);
    try {
      await next();
    } finally {
      c.header("X-Request-Id", id);
      const status = c.res.status;
      const route = c.var.route ?? (c.req.routePath || "unmatched");
      const seconds = (performance.now() - started) / 1000;
      telemetry.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
      // A worker thread's answer names its route for the main thread, which logs and counts it.
      if (!options.logRequests) c.header(ROUTE_HEADER, route);
      else {
        const line = { method: c.req.method, path: c.req.path, route, status, ms: Math.round(seconds * 1000), user: c.var.principal?.name ?? null };
        if (QUIET.has(c.req.path) && status < 400) requestLog.debug(line, "request");
        else requestLog.info(line, "request");
      }
    }
  });
}
