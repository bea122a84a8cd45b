/** The quarterly leadership report: model, loading and the four export formats. */
import { renderCsv } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import type { Report } from "./model.ts";

export * from "./model.ts";
export * from "./quarter.ts";
export { buildReport, loadQuarterMetrics, FutureQuarterError } from "./load.ts";
export { renderCsv, csvField } from "./csv.ts";
export { renderHtml } from "./html.ts";
export { renderMarkdown } from "./markdown.ts";

export const REPORT_FORMATS = ["csv", "json", "md", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** The report in one format, with its content type and a download file name. */
export function renderReport(report: Report, format: ReportFormat): { body: string; contentType: string; filename: string } {
  const body =
    format === "csv"
      ? renderCsv(report)
      : format === "md"
        ? renderMarkdown(report)
        : format === "html"
          ? renderHtml(report)
          : `${JSON.stringify(report, null, 2)}\n`;
  return { body, contentType: CONTENT_TYPES[format], filename: reportFilename(report, format) };
}

/** "opsledger-report-acme-2026-Q3.md": safe in a Content-Disposition header and on every file system. */
export function reportFilename(report: Pick<Report, "organization" | "quarter">, format: ReportFormat): string {
  const org = report.organization
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `opsledger-report-${org === "" ? "" : `${org}-`}${report.quarter.label}.${format}`;
}
