/**
 * Route-level prefetch: a page's requests start when the route is entered, while its code (and the
 * chart library) is still downloading, in the order the page needs them — charts first.
 */
import { previousRange, type DateRange } from "../url.ts";
import { queries, type SeriesMetric } from "./hooks.ts";
import { prefetch } from "./useLoad.ts";

export const TEAM_SERIES: readonly SeriesMetric[] = [
  "deployments",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "ci-duration",
  "ci-failure-rate",
  "ops-share",
  "alerts",
];

export function prefetchTeamDashboard(team: string, range: DateRange): void {
  for (const metric of TEAM_SERIES) prefetch(queries.series(team, metric, range));
  prefetch(queries.dora(team, range));
  prefetch(queries.ci(team, range));
  prefetch(queries.oncall(team, range));
  prefetch(queries.signals(team, range.to));
  prefetch(queries.teams());
  const before = previousRange(range);
  prefetch(queries.dora(team, before));
  prefetch(queries.ci(team, before));
  prefetch(queries.oncall(team, before));
}
