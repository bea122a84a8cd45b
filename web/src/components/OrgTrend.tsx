/**
 * The organisation's trend, quarter over quarter, per team (issue 13, the VP's question "are we
 * getting better?"): each DORA key, CI health and the ops share of the last complete quarter
 * against the one before, each move marked better, worse or same by the server's rule
 * (server/src/metrics/trend.ts). Read from the quarterly report, so the two never disagree.
 */
import { Link } from "react-router";
import { useReport, type ReportResponse } from "../api/hooks.ts";
import { formatMinutes, formatPercent, formatPerWeek } from "../format.ts";
import { arrow } from "../trend.ts";
import { Load } from "./State.tsx";

type Row = ReportResponse["teams"][number];
type Figures = NonNullable<Row["current"]>;
type Trends = Row["trends"];

/** A figure's move, marked: the arrow says which way the number went, the word whether that is better. */
export function TrendMark({ trend, current, previous }: { trend: Trends[keyof Trends]; current: number | null; previous: number | null }) {
  if (trend === null) return null;
  return (
    <span className={`trend-mark trend-${trend}`}>
      <span aria-hidden="true">{arrow(current, previous)} </span>
      {trend}
    </span>
  );
}

const COLUMNS: { key: keyof Trends; label: string; value: (f: Figures) => number | null; show: (v: number | null) => string }[] = [
  { key: "deploysPerWeek", label: "Deploys", value: (f) => f.deploymentFrequency.perWeek, show: formatPerWeek },
  { key: "leadTime", label: "Lead time", value: (f) => f.leadTime.medianMinutes, show: formatMinutes },
  { key: "changeFailureRate", label: "Change failure", value: (f) => f.changeFailureRate.rate, show: formatPercent },
  { key: "recoveryTime", label: "Recovery", value: (f) => f.recoveryTime.medianMinutes, show: formatMinutes },
  { key: "ciMedianMinutes", label: "CI median", value: (f) => f.ciMedianMinutes, show: formatMinutes },
  { key: "ciFailureRate", label: "CI failures", value: (f) => f.ciFailureRate, show: formatPercent },
  { key: "opsShare", label: "Ops share", value: (f) => f.opsShare, show: formatPercent },
];

export function OrgTrend({ quarter }: { quarter: string }) {
  const report = useReport(quarter);
  return (
    <section className="org-trend" aria-labelledby="org-trend-heading">
      <Load value={report} label="the quarter-over-quarter trend">
        {(r) => {
          const better = r.teams.reduce((n, t) => n + Object.values(t.trends).filter((v) => v === "better").length, 0);
          const worse = r.teams.reduce((n, t) => n + Object.values(t.trends).filter((v) => v === "worse").length, 0);
          return (
            <>
              <h2 id="org-trend-heading">
                Trend: {r.quarter.label} against {r.previousQuarter.label}
              </h2>
              <p className="small muted">
                {better} figures better, {worse} worse across the teams (a move under 5% counts as the same). <Link to={`/reports/${r.quarter.label}`}>The quarterly report</Link> has the
                evidence.
              </p>
              <div className="table-scroll">
                <table className="data-table org-trend-table">
                  <caption className="visually-hidden">
                    Each team's figures in {r.quarter.label}, marked better or worse against {r.previousQuarter.label}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Team</th>
                      {COLUMNS.map((c) => (
                        <th key={c.key} scope="col">
                          {c.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {r.teams.map((t) => (
                      <tr key={t.team}>
                        <th scope="row">{t.name}</th>
                        {COLUMNS.map((c) => {
                          const now = t.current === null ? null : c.value(t.current);
                          const before = t.previous === null ? null : c.value(t.previous);
                          return (
                            <td key={c.key}>
                              {c.show(now)} <TrendMark trend={t.trends[c.key]} current={now} previous={before} />
                              <div className="small muted">was {c.show(before)}</div>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Load>
    </section>
  );
}
