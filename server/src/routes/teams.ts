import { Hono } from "hono";
import { getTeams } from "@opsledger/db";
import type { AppDeps } from "../deps.ts";

export const teamRoutes = (deps: AppDeps) =>
  new Hono().get("/teams", async (c) => {
    const teams = await getTeams(deps.db);
    // Everything a team declares, except the bookkeeping of where it came from.
    return c.json({ teams: teams.map(({ source: _source, ...team }) => team) });
  });
