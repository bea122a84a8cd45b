/**
 * The quarterly leadership report (issue 6 item 4): `GET /reports/:quarter` returns the report
 * as typed JSON for the web page; `GET /reports/:quarter/export?format=csv|json|md|html` returns
 * the same report as a download. Quarters are calendar quarters in UTC ("2026-Q3").
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { badRequest } from "../http/errors.ts";
import { validate } from "../http/validate.ts";
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

const quarterField = z.string().transform((text, ctx): Quarter => {
  const quarter = parseQuarter(text);
  if (quarter === null) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a quarter: expected ${QUARTER_FORM}` });
    return z.NEVER;
  }
  return quarter;
});

const quarterParam = z.strictObject({ quarter: quarterField });
const exportQuery = z.strictObject({ format: z.enum(REPORT_FORMATS) });

export const reportRoutes = (deps: AppDeps) => {
  const settings = settingsFromConfig(deps.config);
  const reportFor = async (quarter: Quarter): Promise<Report> => {
    const now = deps.now();
    if (quarterStatus(quarter, now) === "future") {
      const starts = new Date(quarterWindow(quarter).from).toISOString().slice(0, 10);
      throw badRequest(`quarter ${quarterLabel(quarter)} is in the future (it begins ${starts}); ask for a quarter that has started`);
    }
    return buildReport(deps.db, { quarter, now, settings, organization: deps.config.organization.name });
  };
  return new Hono()
    .get("/reports/:quarter", validate("param", quarterParam), async (c) => {
      const report = await reportFor(c.req.valid("param").quarter);
      return c.json(report, 200);
    })
    .get("/reports/:quarter/export", validate("param", quarterParam), validate("query", exportQuery), async (c) => {
      const report = await reportFor(c.req.valid("param").quarter);
      const { body, contentType, filename } = renderReport(report, c.req.valid("query").format);
      return c.body(body, 200, {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
      });
    });
};
