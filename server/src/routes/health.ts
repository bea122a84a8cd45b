import { Hono } from "hono";
import { migrationStatus } from "@opsledger/db";
import type { AppDeps } from "../deps.ts";
import { VERSION } from "../version.ts";

/** Liveness and readiness in one: the database answers and every migration has run. */
export const healthRoutes = (deps: AppDeps) =>
  new Hono().get("/health", async (c) => {
    try {
      const { applied, pending } = await migrationStatus(deps.db);
      const ok = pending.length === 0;
      return c.json(
        { status: ok ? ("ok" as const) : ("degraded" as const), version: VERSION, database: { reachable: true, migrations: { applied: applied.length, pending } } },
        ok ? 200 : 503,
      );
    } catch (error) {
      return c.json(
        { status: "down" as const, version: VERSION, database: { reachable: false, error: (error as Error).message, migrations: null } },
        503,
      );
    }
  });
