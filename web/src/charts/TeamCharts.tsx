/** The team dashboard's weekly charts: one component per chart, each fed by its mapper. */
import { Link } from "react-router";
import { useOpsWork, useSeries, type RecordMetric, type SeriesMetric } from "../api/hooks.ts";
import { both } from "../api/useLoad.ts";
import { PARTIAL_WEEKS_NOTE } from "../components/PartialWeeksNote.tsx";
import { Load } from "../components/State.tsx";
import { CATEGORY_MEANINGS, CATEGORY_NAMES, OPS_SHARE_MEANING, isLedgerCategory } from "../ledger.ts";
import { isPartialWeeksNote } from "../notes.ts";
import { rangeQuery, type DateRange } from "../url.ts";
import { alertsChart, changeFailureRateChart, ciChart, deploymentsChart, leadTimeChart, opsWorkChart, recoveryTimeChart } from "./mappers.ts";
import type { ChartModel, SeriesLike } from "./model.ts";
import { WeeklyChart, type ChartSize } from "./WeeklyChart.tsx";

interface ChartProps {
  team: string;
  range: DateRange;
  size?: ChartSize;
}

function RecordsLink({ team, range, metric }: { team: string; range: DateRange; metric: RecordMetric }) {
  return (
    <Link className="small no-print" to={`/teams/${encodeURIComponent(team)}/records/${metric}${rangeQuery(range)}`}>
      Records
    </Link>
  );
}

/** A chart's own notes: the partial-weeks one is every chart's, said once on the page (PartialWeeksNote). */
const ownNotes = <N extends { code: string }>(notes: readonly N[]): N[] => notes.filter((n) => !isPartialWeeksNote(n));

/** A chart of one series endpoint: loads it, maps it, draws it. */
function SeriesChart({ team, range, size, metric, title, records, map }: ChartProps & {
  metric: SeriesMetric;
  title: string;
  records: RecordMetric;
  map: (series: readonly SeriesLike[]) => ChartModel;
}) {
  const series = useSeries(team, metric, range);
  return (
    <Load value={series} label={title.toLowerCase()}>
      {(data) => <WeeklyChart title={title} model={map(data.series)} size={size} action={<RecordsLink team={team} range={range} metric={records} />} notes={ownNotes(data.notes)} partialNote={PARTIAL_WEEKS_NOTE} />}
    </Load>
  );
}

export const DeploymentsChart = (props: ChartProps) => (
  <SeriesChart {...props} metric="deployments" title="Production deployments per week" records="deployments" map={deploymentsChart} />
);

export const LeadTimeChart = (props: ChartProps) => (
  <SeriesChart {...props} metric="lead-time" title="Lead time for changes, with its parts" records="changes" map={leadTimeChart} />
);

export const ChangeFailureRateChart = (props: ChartProps) => (
  <SeriesChart {...props} metric="change-failure-rate" title="Change failure rate" records="failed-deployments" map={changeFailureRateChart} />
);

export const RecoveryTimeChart = (props: ChartProps) => (
  <SeriesChart {...props} metric="recovery-time" title="Failed deployment recovery time" records="failed-deployments" map={recoveryTimeChart} />
);

export const AlertsChart = (props: ChartProps) => (
  <SeriesChart {...props} metric="alerts" title="Alerts per week" records="alerts" map={alertsChart} />
);

export function CiChart({ team, range, size }: ChartProps) {
  const duration = useSeries(team, "ci-duration", range);
  const failures = useSeries(team, "ci-failure-rate", range);
  return (
    <Load value={both(duration, failures)} label="CI duration and failure rate">
      {([d, f]) => (
        <WeeklyChart
          title="CI median duration and failure rate"
          model={ciChart(d.series, f.series)}
          size={size}
          action={<RecordsLink team={team} range={range} metric="ci-runs" />}
          // Both series cover the same weeks of the same range: one set of notes.
          notes={ownNotes(d.notes)}
          partialNote={PARTIAL_WEEKS_NOTE}
        />
      )}
    </Load>
  );
}

/**
 * The ops-work ledger per week, stacked by category (DESIGN "Ops share"): each category's share of
 * the team's working time, the estimated one hatched, with the 15% and 20% lines and what each
 * category counts said under it.
 */
export function OpsShareChart({ team, range, size, thresholds }: ChartProps & { thresholds: { warning: number; critical: number | null } }) {
  const series = useSeries(team, "ops-share", range);
  const opsWork = useOpsWork(team, range);
  return (
    <Load value={both(series, opsWork)} label="ops share by category">
      {([data, ops]) => (
        <WeeklyChart
          title="Ops share by category, % of the team's working time per week"
          model={opsWorkChart(data.series, ops.categories, thresholds)}
          size={size}
          action={<RecordsLink team={team} range={range} metric="ops-work" />}
          notes={ownNotes(data.notes)}
          partialNote={PARTIAL_WEEKS_NOTE}
        >
          <details className="chart-meanings small">
            <summary>What each category counts</summary>
            <p>{OPS_SHARE_MEANING}</p>
            <dl>
              {ops.categories.map((c) => (
                <div key={c.category} className={c.enabled ? undefined : "muted"}>
                  <dt>
                    {isLedgerCategory(c.category) ? CATEGORY_NAMES[c.category] : c.category}
                    {c.enabled ? "" : " (switched off: not counted)"}
                  </dt>
                  <dd>{isLedgerCategory(c.category) ? CATEGORY_MEANINGS[c.category] : ""}</dd>
                </div>
              ))}
            </dl>
          </details>
        </WeeklyChart>
      )}
    </Load>
  );
}
