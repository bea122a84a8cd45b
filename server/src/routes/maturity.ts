/**
 * The maturity scorecard of a team (issue 16): validate, read the evidence, run the pure checks,
 * return JSON with the phase per quarter and what to fund first.
 */
import { createRoute } from "@hono/zod-openapi";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems, teamParams } from "../api/schemas/common.ts";
import { maturityQuery, maturityResponse } from "../api/schemas/maturity.ts";
import { asOfInstant } from "../http/range.ts";
import { settingsFromConfig, signalWindows } from "../metrics/index.ts";
import { maturityHistory, teamMaturity } from "../services/maturity.ts";
import { WindowReads, teamSignals } from "../services/teamWindow.ts";
import { isoAt, requireTeam } from "./metricsSupport.ts";

const maturity = createRoute({
  method: "get",
  path: "/teams/{team}/maturity",
  tags: ["metrics"],
  summary: "The operational maturity scorecard",
  description:
    "Which phase of the plan the team has reached — 1 survivable, 2 changes are safe, 3 repeatable — checked from evidence over the 90 days before `asOf`: each check with pass, fail or unknown (evidence that cannot be read), its evidence and how it was decided, per repository and rolled up; the phase per quarter; and what to fund first.",
  security: viewer,
  request: { params: teamParams, query: maturityQuery },
  responses: {
    200: json(maturityResponse, "The scorecard"),
    ...problems({ 400: "A bad or unknown query parameter; `errors` names each field", 404: "No team with that id", 504: "The answer took longer than the request deadline", ...accessProblems }),
  },
});

export const maturityRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  return routeGroup().openapi(maturity, async (c) => {
    const team = await requireTeam(deps.db, c.req.valid("param").team);
    const query = c.req.valid("query");
    const asOf = asOfInstant(query.asOf, deps.now());
    // One set of reads for the page: the running quarter's scorecard is the current one, and the
    // figures' 90 days are the signals' 90 days, whose 4 weeks lie inside them: each kind of weekly
    // row is read once for all three windows.
    const { long, short } = signalWindows(asOf);
    const reads = new WindowReads(deps.db).cover(team.id, [long, short]);
    const [result, history, signals] = await Promise.all([
      teamMaturity(reads, team, asOf, deps.config, settings),
      maturityHistory(reads, team, asOf, query.quarters, deps.config),
      teamSignals(reads, team, asOf, settings),
    ]);
    const { card } = result;
    return c.json(
      { team: team.id, asOf: isoAt(asOf), phase: card.phase, line: result.line, checks: card.checks, warnings: card.warnings, verdict: signals.verdict, fundFirst: result.fundFirst, history },
      200,
    );
  });
};
