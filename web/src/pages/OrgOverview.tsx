import { Link, useSearchParams } from "react-router";
import { useOrgSummary, useTeams } from "../api/hooks.ts";
import { TierBadge, VerdictBadge, StatusBadge } from "../components/Badges.tsx";
import { FigureCell } from "../components/Figure.tsx";
import { COUNT_OF, figureBasis } from "../definitions.ts";
import { OrgTrend } from "../components/OrgTrend.tsx";
import { HeatStrip } from "../components/HeatStrip.tsx";
import { Page } from "../components/Page.tsx";
import { RangePicker } from "../components/RangePicker.tsx";
import { Empty, Load } from "../components/State.tsx";
import { formatCount, formatDate, formatHours, formatMinutes, formatMoney, formatPercent, formatPerWeek } from "../format.ts";
import { nextSort, readSort, sortRows, type SortKey } from "../overview.ts";
import { lastDay } from "../sprints.ts";
import { lastCompleteQuarter, rangeQuery, readRange, type DateRange } from "../url.ts";

const COLUMNS: { key: SortKey; label: string; num?: boolean }[] = [
  { key: "name", label: "Team" },
  { key: "verdict", label: "Verdict" },
  { key: "deploymentFrequency", label: "Deploy frequency" },
  { key: "leadTime", label: "Lead time" },
  { key: "changeFailureRate", label: "Change failure rate" },
  { key: "recoveryTime", label: "Recovery time" },
  { key: "opsShare", label: "Ops share" },
  { key: "ciMedian", label: "CI median", num: true },
];

/** The team list comes back at once; the metrics take longer on a big organisation. Meanwhile, links. */
function TeamsWhileLoading({ range }: { range: DateRange }) {
  const teams = useTeams();
  if (teams.status !== "ready" || teams.data.teams.length === 0) return null;
  return (
    <ul className="teams-while-loading" aria-label="Teams">
      {teams.data.teams.map((t) => (
        <li key={t.team}>
          <Link to={`/teams/${encodeURIComponent(t.team)}${rangeQuery(range)}`}>{t.name}</Link>
        </li>
      ))}
    </ul>
  );
}

export default function OrgOverview() {
  const [params, setParams] = useSearchParams();
  const now = Date.now();
  const range = readRange(params, now);
  const sort = readSort(params);
  const summary = useOrgSummary(range);

  const sortBy = (key: SortKey) => {
    const next = nextSort(sort, key);
    const updated = new URLSearchParams(params);
    updated.set("sort", next.key);
    updated.set("dir", next.dir);
    setParams(updated, { replace: true });
  };

  return (
    <Page title="Organization overview" actions={<RangePicker range={range} now={now} />}>
      {summary.status === "loading" ? <TeamsWhileLoading range={range} /> : null}
      <Load value={summary} label="the organization summary">
        {(s) =>
          s.teams.length === 0 ? (
            <Empty>No teams yet. Load the demo organization with `opsledger demo`, or configure teams in opsledger.config.yaml.</Empty>
          ) : (
            <>
              <section className="verdict-panel" aria-label="Organization verdict">
                <div>
                  <div className="muted small">{s.organization}: verdict as of {formatDate(lastDay(s.asOf))}</div>
                  <div className="big">
                    <VerdictBadge verdict={s.verdict.verdict} />
                  </div>
                  <div className="small muted">The signals read the 90 days and the 4 weeks before that date, whatever the range.</div>
                </div>
                <div>
                  <div className="muted small">Engineer-hours a week lost to ops work</div>
                  <div className="big">{formatHours(s.verdict.hoursPerWeek)}</div>
                </div>
                <div>
                  <div className="muted small">Their cost a week</div>
                  <div className="big">{formatMoney(s.verdict.costPerWeek, s.currency)}</div>
                  <div className="small muted">at {formatMoney(s.hourlyRate, s.currency)} an hour (configured)</div>
                </div>
                <div>
                  <div className="muted small">Teams to fund now</div>
                  <div className="big">
                    {formatCount(s.verdict.teams.filter((t) => t.verdict === "fund-now").length)} of {formatCount(s.verdict.teams.length)}
                  </div>
                </div>
              </section>
              <div className="table-scroll">
                <table className="data-table overview-table">
                  <caption>
                    Teams, {formatDate(s.range.from)} to {formatDate(lastDay(s.range.to))} — select a column heading to sort
                  </caption>
                  <thead>
                    <tr>
                      {COLUMNS.map((c) => (
                        <th
                          key={c.key}
                          scope="col"
                          className={c.num === true ? "num" : undefined}
                          aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                        >
                          <button type="button" className="sort-button" onClick={() => sortBy(c.key)}>
                            {c.label}
                            <span aria-hidden="true">{sort.key === c.key ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
                          </button>
                        </th>
                      ))}
                      <th scope="col">Signals</th>
                      <th scope="col">Maturity</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sortRows(s.teams, sort.key, sort.dir).map((t) => (
                      // Each figure's cell says what it is, what it counted and over which days.
                      <tr key={t.team}>
                        <th scope="row">
                          <Link to={`/teams/${encodeURIComponent(t.team)}${rangeQuery(range)}`}>{t.name}</Link>
                        </th>
                        <td>
                          <VerdictBadge verdict={t.verdict} />
                          <div className="small muted">
                            {formatHours(t.hoursPerWeek)}/week · {formatMoney(t.costPerWeek, s.currency)} at {formatMoney(s.hourlyRate, s.currency)}/h
                          </div>
                        </td>
                        <FigureCell label="Deployment frequency" name={`${t.name}: deployment frequency`} bases={[figureBasis(COUNT_OF.deploymentFrequency(t.dora.deploymentFrequency.count), s.range)]}>
                          <TierBadge tier={t.dora.deploymentFrequency.tier} evidence={{ count: t.dora.deploymentFrequency.count, minimum: t.dora.deploymentFrequency.minimum, of: "deployments" }} />{" "}
                          <span className="small">{formatPerWeek(t.dora.deploymentFrequency.perWeek)}</span>
                        </FigureCell>
                        <FigureCell label="Lead time for changes" name={`${t.name}: lead time`} bases={[figureBasis(COUNT_OF.leadTime(t.dora.leadTime.count), s.range)]}>
                          <TierBadge tier={t.dora.leadTime.tier} evidence={{ count: t.dora.leadTime.count, minimum: t.dora.leadTime.minimum, of: "changes" }} /> <span className="small">{formatMinutes(t.dora.leadTime.medianMinutes)}</span>
                        </FigureCell>
                        <FigureCell
                          label="Change failure rate"
                          name={`${t.name}: change failure rate`}
                          bases={[figureBasis(COUNT_OF.changeFailureRate(t.dora.changeFailureRate.failed, t.dora.changeFailureRate.total), s.range)]}
                        >
                          <TierBadge tier={t.dora.changeFailureRate.tier} evidence={{ count: t.dora.changeFailureRate.total, minimum: t.dora.changeFailureRate.minimum, of: "deployments" }} /> <span className="small">{formatPercent(t.dora.changeFailureRate.rate)}</span>
                        </FigureCell>
                        <FigureCell label="Failed deployment recovery time" name={`${t.name}: recovery time`} bases={[figureBasis(COUNT_OF.recoveryTime(t.dora.recoveryTime.count), s.range)]}>
                          <TierBadge tier={t.dora.recoveryTime.tier} evidence={{ count: t.dora.recoveryTime.count, minimum: t.dora.recoveryTime.minimum, of: "recoveries" }} /> <span className="small">{formatMinutes(t.dora.recoveryTime.medianMinutes)}</span>
                        </FigureCell>
                        <FigureCell label="Ops share" name={`${t.name}: ops share`} bases={[figureBasis(COUNT_OF.opsShare(t.members), s.range)]} className="sentence-cell">
                          {t.opsStatus === null || t.opsStatus === "ok" ? null : <StatusBadge status={t.opsStatus === "critical" ? "firing" : "warning"} />}{" "}
                          <span className="ops-breakdown">{t.opsBreakdown ?? "no data"}</span>
                        </FigureCell>
                        <FigureCell label="CI median duration" name={`${t.name}: CI median`} bases={[figureBasis(COUNT_OF.ciMedian(t.ciCount), s.range)]} className="num">
                          {formatMinutes(t.ciMedianMinutes)}
                        </FigureCell>
                        <td>
                          <HeatStrip signals={t.signals} />
                        </td>
                        <td className="small sentence-cell">{t.maturity.line}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="small muted">
                Signals, marked by status: ! firing · ~ warning · ✓ ok · ? unknown (hover a signal for its full name).
              </p>
              <OrgTrend quarter={lastCompleteQuarter(now)} />
            </>
          )
        }
      </Load>
    </Page>
  );
}
