/**
 * One query and one data hook per endpoint. Each returns a `Loadable` of the server's own response
 * type, inferred from `AppType` through the typed client; nothing here re-declares an API type.
 */
import { parseResponse, type InferResponseType } from "hono/client";
import type { DateRange } from "../url.ts";
import { API_BASE, api } from "./client.ts";
import { useLoad, type Query } from "./useLoad.ts";

const team$ = api.teams[":team"];

export type TeamsResponse = InferResponseType<typeof api.teams.$get, 200>;
export type DoraResponse = InferResponseType<(typeof team$)["dora"]["$get"], 200>;
export type CiResponse = InferResponseType<(typeof team$)["ci"]["$get"], 200>;
export type OncallResponse = InferResponseType<(typeof team$)["oncall"]["$get"], 200>;
export type OpsWorkResponse = InferResponseType<(typeof team$)["ops-work"]["$get"], 200>;
export type AlertsResponse = InferResponseType<(typeof team$)["alerts"]["$get"], 200>;
export type SprintsResponse = InferResponseType<(typeof team$)["sprints"]["$get"], 200>;
export type SignalsResponse = InferResponseType<(typeof team$)["signals"]["$get"], 200>;
export type MaturityResponse = InferResponseType<(typeof team$)["maturity"]["$get"], 200>;
export type SeriesResponse = InferResponseType<(typeof team$)["series"]["$get"], 200>;
export type RecordsResponse = InferResponseType<(typeof team$)["records"]["$get"], 200>;
export type ReportResponse = InferResponseType<(typeof api.reports)[":quarter"]["$get"], 200>;
export type ReportFormat = Parameters<(typeof api.reports)[":quarter"]["export"]["$get"]>[0]["query"]["format"];
export type PersonResponse = InferResponseType<(typeof api.people)[":person"]["$get"], 200>;
export type OrgSummaryResponse = InferResponseType<typeof api.org.summary.$get, 200>;
export type NotificationRulesResponse = InferResponseType<typeof api.notifications.rules.$get, 200>;
export type NotificationHistoryResponse = InferResponseType<typeof api.notifications.history.$get, 200>;

export type SeriesMetric = Parameters<(typeof team$)["series"]["$get"]>[0]["query"]["metric"];
export type RecordMetric = Parameters<(typeof team$)["records"]["$get"]>[0]["query"]["metric"];
/** The filters the records endpoint takes (each applies to some kinds of record; see web/src/records.ts). */
export type RecordFilters = Pick<Parameters<(typeof team$)["records"]["$get"]>[0]["query"], "repo" | "person" | "service" | "key" | "band" | "status" | "category">;

/** A range as the API takes it: dates (YYYY-MM-DD, `to` inclusive) or ISO instants (`to` exclusive). */
export type ApiRange = DateRange | { from: string; to: string };

const rangeKey = (range: ApiRange) => `${range.from}..${range.to}`;

/** The requests, by endpoint: a cache key naming every parameter, and the typed call. */
export const queries = {
  teams: (): Query<TeamsResponse> => ({ key: "teams", fetch: () => parseResponse(api.teams.$get()) }),
  orgSummary: (range: ApiRange): Query<OrgSummaryResponse> => ({
    key: `org-summary:${rangeKey(range)}`,
    fetch: () => parseResponse(api.org.summary.$get({ query: range })),
  }),
  dora: (team: string, range: ApiRange): Query<DoraResponse> => ({
    key: `dora:${team}:${rangeKey(range)}`,
    fetch: () => parseResponse(team$.dora.$get({ param: { team }, query: range })),
  }),
  ci: (team: string, range: ApiRange): Query<CiResponse> => ({
    key: `ci:${team}:${rangeKey(range)}`,
    fetch: () => parseResponse(team$.ci.$get({ param: { team }, query: range })),
  }),
  oncall: (team: string, range: ApiRange): Query<OncallResponse> => ({
    key: `oncall:${team}:${rangeKey(range)}`,
    fetch: () => parseResponse(team$.oncall.$get({ param: { team }, query: range })),
  }),
  opsWork: (team: string, range: ApiRange): Query<OpsWorkResponse> => ({
    key: `ops-work:${team}:${rangeKey(range)}`,
    fetch: () => parseResponse(team$["ops-work"].$get({ param: { team }, query: range })),
  }),
  alerts: (team: string, by: { sprint: number } | ApiRange): Query<AlertsResponse> => ({
    key: `alerts:${team}:${"sprint" in by ? `sprint-${by.sprint}` : rangeKey(by)}`,
    fetch: () => parseResponse(team$.alerts.$get({ param: { team }, query: "sprint" in by ? { sprint: String(by.sprint) } : by })),
  }),
  sprints: (team: string, sprint: number, last: number): Query<SprintsResponse> => ({
    key: `sprints:${team}:${sprint}:${last}`,
    fetch: () => parseResponse(team$.sprints.$get({ param: { team }, query: { sprint: String(sprint), last: String(last) } })),
  }),
  signals: (team: string, asOf?: string): Query<SignalsResponse> => ({
    key: `signals:${team}:${asOf ?? "now"}`,
    fetch: () => parseResponse(team$.signals.$get({ param: { team }, query: asOf === undefined ? {} : { asOf } })),
  }),
  maturity: (team: string, asOf?: string): Query<MaturityResponse> => ({
    key: `maturity:${team}:${asOf ?? "now"}`,
    fetch: () => parseResponse(team$.maturity.$get({ param: { team }, query: asOf === undefined ? {} : { asOf } })),
  }),
  series: (team: string, metric: SeriesMetric, range: ApiRange): Query<SeriesResponse> => ({
    key: `series:${team}:${metric}:${rangeKey(range)}`,
    fetch: () => parseResponse(team$.series.$get({ param: { team }, query: { ...range, metric, bucket: "week" } })),
  }),
  records: (team: string, metric: RecordMetric, range: ApiRange, page: number, pageSize: number, filters: RecordFilters = {}): Query<RecordsResponse> => ({
    key: `records:${team}:${metric}:${rangeKey(range)}:${page}:${pageSize}:${JSON.stringify(filters)}`,
    fetch: () => parseResponse(team$.records.$get({ param: { team }, query: { ...range, ...filters, metric, page: String(page), pageSize: String(pageSize) } })),
  }),
  person: (person: string, range: ApiRange): Query<PersonResponse> => ({
    key: `person:${person}:${rangeKey(range)}`,
    fetch: () => parseResponse(api.people[":person"].$get({ param: { person }, query: range })),
  }),
  notificationRules: (): Query<NotificationRulesResponse> => ({
    key: "notification-rules",
    fetch: () => parseResponse(api.notifications.rules.$get()),
  }),
  notificationHistory: (page: number, pageSize: number): Query<NotificationHistoryResponse> => ({
    key: `notification-history:${page}:${pageSize}`,
    fetch: () => parseResponse(api.notifications.history.$get({ query: { page: String(page), pageSize: String(pageSize) } })),
  }),
  report: (quarter: string): Query<ReportResponse> => ({
    key: `report:${quarter}`,
    fetch: () => parseResponse(api.reports[":quarter"].$get({ param: { quarter } })),
  }),
};

export const useTeams = () => useLoad(queries.teams());
/** A team's display name: its id until the team list arrives (or when no such team is listed). */
export function useTeamName(team: string): string {
  const teams = useTeams();
  return teams.status === "ready" ? (teams.data.teams.find((t) => t.team === team)?.name ?? team) : team;
}
export const useOrgSummary = (range: ApiRange) => useLoad(queries.orgSummary(range));
export const useDora = (team: string, range: ApiRange) => useLoad(queries.dora(team, range));
export const useCi = (team: string, range: ApiRange) => useLoad(queries.ci(team, range));
/** On-call load over `range`; a null range waits (e.g. for a sprint's window to arrive). */
export const useOncall = (team: string, range: ApiRange | null) => useLoad(range === null ? null : queries.oncall(team, range));
/** The ops-work ledger over `range`: the ops share, by category, person and week. */
export const useOpsWork = (team: string, range: ApiRange) => useLoad(queries.opsWork(team, range));
/** Alert quality for a sprint (by number) or a range. */
export const useAlerts = (team: string, by: { sprint: number } | ApiRange) => useLoad(queries.alerts(team, by));
/** Alert figures of `last` sprints ending with `sprint`, and that sprint's noisy keys over them; a null sprint waits. */
export const useSprintTrend = (team: string, sprint: number | null, last: number) => useLoad(sprint === null ? null : queries.sprints(team, sprint, last));
/** The fund-DevOps signals as of the end of `asOf` (a YYYY-MM-DD day), or now. */
export const useSignals = (team: string, asOf?: string) => useLoad(queries.signals(team, asOf));
/** The maturity scorecard as of the end of `asOf` (a YYYY-MM-DD day), or now, with its history per quarter. */
export const useMaturity = (team: string, asOf?: string) => useLoad(queries.maturity(team, asOf));
export const useSeries = (team: string, metric: SeriesMetric, range: ApiRange) => useLoad(queries.series(team, metric, range));
/** The records behind a figure; a null metric waits. */
export const useRecords = (team: string, metric: RecordMetric | null, range: ApiRange, page: number, pageSize = 50, filters: RecordFilters = {}) =>
  useLoad(metric === null ? null : queries.records(team, metric, range, page, pageSize, filters));
/** One person's own view: interruptions in their zone, nights, ops work by week, shifts. */
export const usePerson = (person: string, range: ApiRange) => useLoad(queries.person(person, range));
/** The notification rules, each with its state per scope, and the last evaluation. */
export const useNotificationRules = () => useLoad(queries.notificationRules());
/** Notifications sent, newest first, with their delivery status. */
export const useNotificationHistory = (page: number, pageSize = 25) => useLoad(queries.notificationHistory(page, pageSize));
/** The quarterly report ("2026-Q3"); null waits. */
export const useReport = (quarter: string | null) => useLoad(quarter === null ? null : queries.report(quarter));

/** The server's download URL for the report in `format` (a plain link: the browser downloads it). */
export const reportExportUrl = (quarter: string, format: ReportFormat): string =>
  `${API_BASE}${api.reports[":quarter"].export.$path({ param: { quarter }, query: { format } })}`;
