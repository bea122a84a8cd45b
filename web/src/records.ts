/** Labels and paging for the drill-down pages. */
import type { RecordFilters, RecordMetric, RecordsResponse } from "./api/hooks.ts";
import { formatCountOf } from "./format.ts";

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

type RecordItem = RecordsResponse["items"][number];
/** Every kind of record the drill-downs list, the ledger points at or a signal's evidence counts. */
type RecordKind = Exclude<RecordItem["kind"], "ledger"> | Extract<RecordItem, { kind: "ledger" }>["recordKind"] | "person";

/**
 * Each kind of record as people call it, in one place (a label made from an id reads "Ci run"):
 * one and many, as written mid-sentence.
 */
const RECORD_KIND_NAMES = {
  deployment: ["deployment", "deployments"],
  change: ["change", "changes"],
  ci_run: ["CI run", "CI runs"],
  incident: ["incident", "incidents"],
  alert: ["alert", "alerts"],
  page: ["page", "pages"],
  day: ["working day", "working days"],
  person: ["person", "people"],
} as const satisfies Record<RecordKind, readonly [string, string]>;

const namesOf = (kind: string): readonly [string, string] =>
  Object.prototype.hasOwnProperty.call(RECORD_KIND_NAMES, kind) ? RECORD_KIND_NAMES[kind as RecordKind] : [kind.replace(/_/g, " "), `${kind.replace(/_/g, " ")} records`];

/** A kind of record as a label: "CI run", "Deployment"; a kind this list does not know, spaced ("oncall shift"). */
export function recordKindLabel(kind: string): string {
  const [one] = namesOf(kind);
  return one.charAt(0).toUpperCase() + one.slice(1);
}

/** A count of records of a kind: "1 CI run", "12 deployments", "3 people". */
export function formatRecordCount(count: number, kind: string): string {
  const [one, many] = namesOf(kind);
  return formatCountOf(count, one, many);
}

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
