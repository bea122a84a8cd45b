/**
 * One data hook per endpoint. Each returns a `Loadable` of the server's own response type,
 * inferred from `AppType` through the typed client; nothing here re-declares an API type.
 */
import { parseResponse, type InferResponseType } from "hono/client";
import type { DateRange } from "../url.ts";
import { API_BASE, api } from "./client.ts";
import { useLoad } from "./useLoad.ts";

const team$ = api.teams[":team"];

export type TeamsResponse = InferResponseType<typeof api.teams.$get, 200>;
export type DoraResponse = InferResponseType<(typeof team$)["dora"]["$get"], 200>;
export type CiResponse = InferResponseType<(typeof team$)["ci"]["$get"], 200>;
export type OncallResponse = InferResponseType<(typeof team$)["oncall"]["$get"], 200>;
export type AlertsResponse = InferResponseType<(typeof team$)["alerts"]["$get"], 200>;
export type SignalsResponse = InferResponseType<(typeof team$)["signals"]["$get"], 200>;
export type SeriesResponse = InferResponseType<(typeof team$)["series"]["$get"], 200>;
export type RecordsResponse = InferResponseType<(typeof team$)["records"]["$get"], 200>;
export type ReportResponse = InferResponseType<(typeof api.reports)[":quarter"]["$get"], 200>;
export type ReportFormat = Parameters<(typeof api.reports)[":quarter"]["export"]["$get"]>[0]["query"]["format"];
export type OrgSummaryResponse = InferResponseType<typeof api.org.summary.$get, 200>;

export type SeriesMetric = Parameters<(typeof team$)["series"]["$get"]>[0]["query"]["metric"];
export type RecordMetric = Parameters<(typeof team$)["records"]["$get"]>[0]["query"]["metric"];

/** A range as the API takes it: dates (YYYY-MM-DD, `to` inclusive) or ISO instants (`to` exclusive). */
export type ApiRange = DateRange | { from: string; to: string };

const rangeKey = (range: ApiRange) => `${range.from}..${range.to}`;

export const useTeams = () => useLoad("teams", (init) => parseResponse(api.teams.$get(undefined, { init })));

export const useOrgSummary = (range: ApiRange) =>
  useLoad(`org-summary:${rangeKey(range)}`, (init) => parseResponse(api.org.summary.$get({ query: range }, { init })));

export const useDora = (team: string, range: ApiRange) =>
  useLoad(`dora:${team}:${rangeKey(range)}`, (init) => parseResponse(team$.dora.$get({ param: { team }, query: range }, { init })));

export const useCi = (team: string, range: ApiRange) =>
  useLoad(`ci:${team}:${rangeKey(range)}`, (init) => parseResponse(team$.ci.$get({ param: { team }, query: range }, { init })));

/** On-call load over `range`; a null range waits (e.g. for a sprint's window to arrive). */
export const useOncall = (team: string, range: ApiRange | null) =>
  useLoad(range === null ? null : `oncall:${team}:${rangeKey(range)}`, (init) =>
    parseResponse(team$.oncall.$get({ param: { team }, query: range ?? {} }, { init })),
  );

/** Alert quality for a sprint (by number) or a range. */
export const useAlerts = (team: string, by: { sprint: number } | ApiRange) =>
  useLoad(`alerts:${team}:${"sprint" in by ? `sprint-${by.sprint}` : rangeKey(by)}`, (init) =>
    parseResponse(team$.alerts.$get({ param: { team }, query: "sprint" in by ? { sprint: String(by.sprint) } : by }, { init })),
  );

/** The fund-DevOps signals as of the end of `asOf` (a YYYY-MM-DD day), or now. */
export const useSignals = (team: string, asOf?: string) =>
  useLoad(`signals:${team}:${asOf ?? "now"}`, (init) =>
    parseResponse(team$.signals.$get({ param: { team }, query: asOf === undefined ? {} : { asOf } }, { init })),
  );

export const useSeries = (team: string, metric: SeriesMetric, range: ApiRange) =>
  useLoad(`series:${team}:${metric}:${rangeKey(range)}`, (init) =>
    parseResponse(team$.series.$get({ param: { team }, query: { ...range, metric, bucket: "week" } }, { init })),
  );

export const useRecords = (team: string, metric: RecordMetric, range: ApiRange, page: number, pageSize = 50) =>
  useLoad(`records:${team}:${metric}:${rangeKey(range)}:${page}:${pageSize}`, (init) =>
    parseResponse(team$.records.$get({ param: { team }, query: { ...range, metric, page: String(page), pageSize: String(pageSize) } }, { init })),
  );

/** The quarterly report ("2026-Q3"); null waits. */
export const useReport = (quarter: string | null) =>
  useLoad(quarter === null ? null : `report:${quarter}`, (init) =>
    parseResponse(api.reports[":quarter"].$get({ param: { quarter: quarter ?? "" } }, { init })),
  );

/** The server's download URL for the report in `format` (a plain link: the browser downloads it). */
export const reportExportUrl = (quarter: string, format: ReportFormat): string =>
  `${API_BASE}${api.reports[":quarter"].export.$path({ param: { quarter }, query: { format } })}`;
