/**
 * Liveness (`/health`: the process answers; nothing else is checked, so a slow database does not
 * get the process restarted) and readiness (`/ready`: the database answers, every migration has
 * run, and the server is not shutting down — what a load balancer or compose waits for).
 */
import { createRoute } from "@hono/zod-openapi";
import { migrationStatus } from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup } from "../api/openapi.ts";
import { healthResponse, readyResponse } from "../api/schemas/system.ts";
import { VERSION } from "../version.ts";
import { createScrubber, environmentSecrets } from "../observability/redact.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness",
  description: "200 while the process answers. Public.",
  responses: { 200: json(healthResponse, "The process is up") },
});

const ready = createRoute({
  method: "get",
  path: "/ready",
  tags: ["system"],
  summary: "Readiness",
  description: "200 when the database answers, no migration is pending and the server is not shutting down; 503 otherwise, saying which. Public.",
  responses: { 200: json(readyResponse, "Ready"), 503: json(readyResponse, "Not ready: the database is unreachable, migrations are pending, or the server is shutting down") },
});

export const healthRoutes = (deps: ServerDeps) => {
  const scrub = createScrubber(environmentSecrets(deps.env));
  return routeGroup()
    .openapi(health, (c) => c.json({ status: "ok" as const, version: VERSION }, 200))
    .openapi(ready, async (c) => {
      const draining = deps.lifecycle.draining;
      try {
        const { applied, pending } = await migrationStatus(deps.db);
        const ok = pending.length === 0 && !draining;
        const body = { status: ok ? ("ready" as const) : ("not-ready" as const), version: VERSION, database: { reachable: true, migrations: { applied: applied.length, pending } }, draining };
        return ok ? c.json(body, 200) : c.json(body, 503);
      } catch (error) {
        // Driver messages name hosts and users, never passwords; scrubbed all the same.
        const message = scrub(error instanceof Error ? error.message : String(error));
        return c.json({ status: "not-ready" as const, version: VERSION, database: { reachable: false, migrations: null, error: message }, draining }, 503);
      }
    });
};
