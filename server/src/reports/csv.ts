/**
 * CSV export: one row per team and quarter (this quarter and the previous one), raw values in
 * their units (minutes, fractions, currency units) so a spreadsheet can compute with them.
 * RFC 4180 quoting; text that a spreadsheet would run as a formula is defused.
 */
import type { QuarterFigures, Report } from "./model.ts";

export type Cell = string | number | boolean | null;

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text starting
 * with = + - @ (or a tab / CR) gets a leading apostrophe so Excel and Sheets show it instead of
 * evaluating it; numbers are written as numbers. null is an empty field.
 */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly Cell[]): string => cells.map(csvField).join(",");

export const CSV_COLUMNS = [
  "quarter",
  "from",
  "to",
  "as_of",
  "team",
  "team_name",
  "verdict",
  "firing_signals",
  "warning_signals",
  "deploys_per_week",
  "deployments",
  "deployment_frequency_tier",
  "lead_time_median_minutes",
  "lead_time_changes",
  "lead_time_tier",
  "change_failure_rate",
  "failed_deployments",
  "change_failure_tier",
  "recovery_median_minutes",
  "recovery_count",
  "recovery_tier",
  "ci_median_minutes",
  "ci_failure_rate",
  "ci_runs",
  "ops_share",
  "ops_breakdown",
  "members",
  "ops_hours_per_week",
  "ops_cost_per_week",
  "currency",
  "merged_changes",
  "ops_changes",
  "merged_changes_ops_share",
  "author_time_ops_share",
  /** The maturity scorecard's phase as of the quarter's end; empty without a scorecard. */
  "maturity_phase",
] as const;

function figureCells(f: QuarterFigures | null): Cell[] {
  if (f === null) return Array.from({ length: 22 }, () => null);
  return [
    f.verdict,
    f.firing.join(" "),
    f.warning.join(" "),
    f.deploymentFrequency.perWeek,
    f.deploymentFrequency.count,
    f.deploymentFrequency.tier,
    f.leadTime.medianMinutes,
    f.leadTime.count,
    f.leadTime.tier,
    f.changeFailureRate.rate,
    f.changeFailureRate.failed,
    f.changeFailureRate.tier,
    f.recoveryTime.medianMinutes,
    f.recoveryTime.count,
    f.recoveryTime.tier,
    f.ciMedianMinutes,
    f.ciFailureRate,
    f.ciRuns,
    f.opsShare,
    f.opsBreakdown,
    f.members,
    f.hoursPerWeek,
  ];
}

export function renderCsv(report: Report): string {
  const lines = [csvRow(CSV_COLUMNS)];
  for (const [which, q] of [
    ["current", report.quarter],
    ["previous", report.previousQuarter],
  ] as const) {
    for (const team of report.teams) {
      const f = which === "current" ? team.current : team.previous;
      const i = f?.investment ?? null;
      const m = report.maturity.find((x) => x.team === team.team);
      const phase = m === undefined ? null : which === "current" ? m.phase : m.previousPhase;
      lines.push(
        csvRow([
          q.label,
          q.from,
          q.to,
          q.asOf,
          team.team,
          team.name,
          ...figureCells(f),
          f?.costPerWeek ?? null,
          report.currency,
          i?.mergedChanges ?? null,
          i?.opsChanges ?? null,
          i?.mergedChangesOpsShare ?? null,
          i?.authorTimeOpsShare ?? null,
          phase,
        ]),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
