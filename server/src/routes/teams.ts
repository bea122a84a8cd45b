import { Hono } from "hono";
import { getTeams } from "@opsledger/db";
import type { AppDeps } from "../deps.ts";

export const teamRoutes = (deps: AppDeps) =>
  new Hono().get("/teams", async (c) => {
    const teams = await getTeams(deps.db);
    return c.json({
      teams: teams.map((t) => ({ id: t.id, name: t.name, members: t.members, repos: t.repos, services: t.services, compliance: t.compliance })),
    });
  });
