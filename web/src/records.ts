/** Labels and paging for the drill-down pages. */
import type { RecordFilters, RecordMetric } from "./api/hooks.ts";

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

export type FilterName = keyof RecordFilters;

/** A filter as the records page offers it: free text, or one of a few values. */
export interface FilterSpec {
  name: FilterName;
  label: string;
  options?: readonly { value: string; label: string }[];
}

const BANDS = [
  { value: "business", label: "Business hours" },
  { value: "offHours", label: "Off hours" },
  { value: "sleep", label: "Sleep hours" },
] as const;
const STATUSES = ["success", "failure", "cancelled", "skipped"].map((v) => ({ value: v, label: v }));
const CATEGORIES = [
  { value: "alerts", label: "Alerts" },
  { value: "incidents", label: "Incidents" },
  { value: "pipeline", label: "Pipeline toil" },
  { value: "deployments", label: "Deployment toil" },
  { value: "ops_changes", label: "Ops changes" },
] as const;

const REPO: FilterSpec = { name: "repo", label: "Repository" };
const PERSON: FilterSpec = { name: "person", label: "Person (id)" };
const SERVICE: FilterSpec = { name: "service", label: "Service" };

/** Which filters each kind of record takes: the ones the records endpoint applies to it. */
export const RECORD_FILTERS: Record<RecordMetric, readonly FilterSpec[]> = {
  deployments: [REPO],
  "failed-deployments": [REPO],
  rework: [REPO],
  changes: [REPO, { ...PERSON, label: "Author (login)" }],
  incidents: [SERVICE],
  alerts: [SERVICE, { name: "key", label: "Alert key" }],
  pages: [PERSON, { name: "band", label: "Band", options: BANDS }],
  "ci-runs": [REPO, { name: "status", label: "Status", options: STATUSES }],
  "ops-work": [PERSON, { name: "category", label: "Category", options: CATEGORIES }],
};

/**
 * The filters of a records page from its URL: only those the kind of record takes, and a value
 * from a fixed list only when it is one of them (a hand-edited URL cannot send the API a bad one).
 */
export function readFilters(metric: RecordMetric, params: URLSearchParams): RecordFilters {
  const out: Record<string, string> = {};
  for (const spec of RECORD_FILTERS[metric]) {
    const value = params.get(spec.name)?.trim() ?? "";
    if (value === "") continue;
    if (spec.options !== undefined && !spec.options.some((o) => o.value === value)) continue;
    out[spec.name] = value;
  }
  return out as RecordFilters;
}
