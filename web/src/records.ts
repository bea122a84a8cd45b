/** Labels and paging for the drill-down pages. */
import type { RecordMetric } from "./api/hooks.ts";

export const RECORD_LABELS = {
  deployments: "Production deployments",
  "failed-deployments": "Failed deployments",
  changes: "Changes (lead time)",
  incidents: "Incidents",
  alerts: "Alerts",
  pages: "Pages",
  "ci-runs": "CI runs",
  rework: "Rework deployments",
  "ops-work": "Ops-work ledger",
} as const satisfies Record<RecordMetric, string>;

export const isRecordMetric = (value: string | undefined): value is RecordMetric =>
  value !== undefined && Object.prototype.hasOwnProperty.call(RECORD_LABELS, value);

/** "Showing 51–100 of 193", or null when there is nothing. */
export function pageSummary(page: number, pageSize: number, total: number): { first: number; last: number; pages: number } | null {
  if (total === 0) return null;
  const first = (page - 1) * pageSize + 1;
  return { first: Math.min(first, total), last: Math.min(page * pageSize, total), pages: Math.ceil(total / pageSize) };
}

/** Where a source link points, for its text: "GitHub", "PagerDuty", else the host. */
export function sourceName(url: string): string {
  try {
    const host = new URL(url).hostname;
    if (/github/i.test(host)) return "GitHub";
    if (/pagerduty/i.test(host)) return "PagerDuty";
    return host;
  } catch {
    return "source";
  }
}
