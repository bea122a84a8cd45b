import { createRoute } from "@hono/zod-openapi";
import { getTeams } from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems } from "../api/schemas/common.ts";
import { teamsResponse } from "../api/schemas/teams.ts";

const listTeams = createRoute({
  method: "get",
  path: "/teams",
  tags: ["teams"],
  summary: "Teams and what they own",
  description: "Every team, as configured or ingested. The `team` of each is the id the other paths take.",
  security: viewer,
  responses: { 200: json(teamsResponse, "The teams"), ...problems(accessProblems) },
});

export const teamRoutes = (deps: ServerDeps) =>
  routeGroup().openapi(listTeams, async (c) => {
    const teams = await getTeams(deps.db);
    // Everything a team declares, except the bookkeeping of where it came from.
    return c.json({ teams: teams.map(({ source: _source, id, ...team }) => ({ team: id, ...team })) }, 200);
  });
