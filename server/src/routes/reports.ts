/**
 * The quarterly leadership report (issue 6 item 4): `GET /reports/:quarter` returns the report
 * as typed JSON for the web page; `GET /reports/:quarter/export?format=csv|json|md|html` returns
 * the same report as a download. Quarters are calendar quarters in UTC ("2026-Q3").
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems } from "../api/schemas/common.ts";
import { reportSchema } from "../api/schemas/report.ts";
import { badRequest } from "../http/errors.ts";
import { settingsFromConfig } from "../metrics/index.ts";
import {
  buildReport,
  parseQuarter,
  QUARTER_FORM,
  quarterLabel,
  quarterStatus,
  quarterWindow,
  renderReport,
  REPORT_FORMATS,
  type Quarter,
  type Report,
} from "../reports/index.ts";

const quarterField = z
  .string()
  .transform((text, ctx): Quarter => {
    const quarter = parseQuarter(text);
    if (quarter === null) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a quarter: expected ${QUARTER_FORM}` });
      return z.NEVER;
    }
    return quarter;
  })
  .openapi({ param: { name: "quarter", in: "path" }, description: `A calendar quarter in UTC, ${QUARTER_FORM}; one that has not started is a 400`, example: "2026-Q3" });

const quarterParam = z.strictObject({ quarter: quarterField });
const exportQuery = z.strictObject({ format: z.enum(REPORT_FORMATS).openapi({ example: "csv" }) });

const reportErrors = problems({ 400: "Not a quarter, a quarter that has not started, or a bad query parameter", 504: "Past the request deadline", ...accessProblems });

const getReport = createRoute({
  method: "get",
  path: "/reports/{quarter}",
  tags: ["reports"],
  summary: "The quarterly leadership report",
  description: "The org verdict first, the signals that fire (or warn) with evidence and a weekly chart, then every team this quarter against the previous one. The running quarter is reported up to now with `complete: false`.",
  security: viewer,
  request: { params: quarterParam },
  responses: { 200: json(reportSchema, "The report"), ...reportErrors },
});

const exportReport = createRoute({
  method: "get",
  path: "/reports/{quarter}/export",
  tags: ["reports"],
  summary: "The report as a file",
  description:
    "The same report as a download (Content-Disposition: attachment): csv (one row per team, snake_case columns), json (the report, indented), md or html (the readable report). `opsledger report --quarter 2026-Q3 --format …` writes the same files.",
  security: viewer,
  request: { params: quarterParam, query: exportQuery },
  responses: {
    200: {
      description: "The file",
      content: {
        "text/csv": { schema: { type: "string" } },
        "application/json": { schema: { type: "string" } },
        "text/markdown": { schema: { type: "string" } },
        "text/html": { schema: { type: "string" } },
      },
    },
    ...reportErrors,
  },
});

export const reportRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  const reportFor = async (quarter: Quarter): Promise<Report> => {
    const now = deps.now();
    if (quarterStatus(quarter, now) === "future") {
      const starts = new Date(quarterWindow(quarter).from).toISOString().slice(0, 10);
      const detail = `quarter ${quarterLabel(quarter)} is in the future (it begins ${starts}); ask for a quarter that has started`;
      throw badRequest(detail, [{ in: "path", field: "quarter", detail }]);
    }
    return buildReport(deps.db, { quarter, now, settings, organization: deps.config.organization.name, config: deps.config });
  };
  return routeGroup()
    .openapi(getReport, async (c) => {
      const report = await reportFor(c.req.valid("param").quarter);
      return c.json(report, 200);
    })
    .openapi(exportReport, async (c) => {
      const report = await reportFor(c.req.valid("param").quarter);
      const { body, contentType, filename } = renderReport(report, c.req.valid("query").format);
      return c.body(body, 200, {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
      });
    });
};
