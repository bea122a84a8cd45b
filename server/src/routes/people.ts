/** `/people/{person}`: the on-call engineer's own view (issue 13), read from the person's facts. */
import { createRoute } from "@hono/zod-openapi";
import { getPeopleFacts, getPeopleNames, getTeams } from "@opsledger/db";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems, rangeQuery } from "../api/schemas/common.ts";
import { personParams, personResponse } from "../api/schemas/people.ts";
import { notFound } from "../http/errors.ts";
import { rangeJson, resolveRange } from "../http/range.ts";
import { personView, settingsFromConfig } from "../metrics/index.ts";
import { isoAt } from "./metricsSupport.ts";

const getPerson = createRoute({
  method: "get",
  path: "/people/{person}",
  tags: ["people"],
  summary: "One person's interruptions, nights, ops work and shifts",
  description:
    "For the on-call engineer: their interruptions by band and by hour of their own day (in their IANA zone), the nights they were woken, their ops-work ledger minutes per ISO week (measured and estimated apart) and their shifts, over the range.",
  security: viewer,
  request: { params: personParams, query: rangeQuery },
  responses: {
    200: json(personResponse, "The person's view"),
    ...problems({ 400: "A bad or unknown query parameter, or an invalid range", 404: "No such person", 504: "Past the request deadline", ...accessProblems }),
  },
});

export const peopleRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  return routeGroup().openapi(getPerson, async (c) => {
    const id = c.req.valid("param").person;
    const range = resolveRange(c.req.valid("query"), deps.now());
    const found = (await getPeopleNames(deps.db, [id])).get(id);
    if (found === undefined) throw notFound(`no person "${id}"`);
    const [facts, teams] = await Promise.all([getPeopleFacts(deps.db, [id], range.from, range.to), getTeams(deps.db)]);
    const view = personView({ id, ...found }, facts, range, settings.ledger.categories);
    return c.json(
      {
        ...view,
        teams: teams.filter((t) => t.members.includes(id)).map((t) => ({ team: t.id, name: t.name })),
        range: rangeJson(range),
        shifts: view.shifts.map((s) => ({ ...s, start: isoAt(s.start), end: isoAt(s.end) })),
        interruptions: view.interruptions.map((i) => ({ ...i, at: isoAt(i.at) })),
      },
      200,
    );
  });
};
