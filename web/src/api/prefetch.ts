/**
 * Route-level prefetch: a page's requests start when the route is entered, while its code (and the
 * chart library) is still downloading, in the order the page needs them — charts first.
 */
import { previousRange, type DateRange } from "../url.ts";
import { queries, type SeriesMetric } from "./hooks.ts";
import { prefetch } from "./useLoad.ts";

/** In the order the page fills in: each chart next to the figures it sits with, the previous period last. */
export function prefetchTeamDashboard(team: string, range: DateRange): void {
  const series = (metric: SeriesMetric) => prefetch(queries.series(team, metric, range));
  series("deployments");
  prefetch(queries.dora(team, range));
  series("lead-time");
  series("change-failure-rate");
  series("recovery-time");
  series("ci-duration");
  series("ci-failure-rate");
  prefetch(queries.ci(team, range));
  prefetch(queries.oncall(team, range));
  series("ops-share");
  series("alerts");
  prefetch(queries.signals(team, range.to));
  prefetch(queries.teams());
  const before = previousRange(range);
  prefetch(queries.dora(team, before));
  prefetch(queries.ci(team, before));
  prefetch(queries.oncall(team, before));
}
