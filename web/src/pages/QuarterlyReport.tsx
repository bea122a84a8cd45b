import { Suspense } from "react";
import { Link, useParams } from "react-router";
import { reportExportUrl, useReport, type ReportResponse } from "../api/hooks.ts";
import { reportChart } from "../charts/mappers.ts";
import { WeeklyChart } from "../charts/lazy.tsx";
import { StatusBadge, TierBadge, VerdictBadge } from "../components/Badges.tsx";
import { FigureCell } from "../components/Figure.tsx";
import { COUNT_OF, figureBasis } from "../definitions.ts";
import { Page } from "../components/Page.tsx";
import { formatSignalValue } from "../components/SignalValue.tsx";
import { Empty, Load } from "../components/State.tsx";
import { formatCount, formatDate, formatHours, formatMinutes, formatMoney, formatPercent, formatPerWeek } from "../format.ts";
import { OPS_SHARE_MEANING } from "../ledger.ts";
import { TrendMark } from "../components/OrgTrend.tsx";
import { currentQuarter, nextQuarter, parseQuarter, previousQuarter } from "../url.ts";

type Figures = NonNullable<ReportResponse["teams"][number]["current"]>;

type Trends = ReportResponse["teams"][number]["trends"];

/** One figure of a team, this quarter over the previous one, with its move marked better or worse. */
/** This quarter over the last; marked better or worse when the figure has a trend (`value` and `trend`). */
function QoQ({ current, previous, show, value, trend }: { current: Figures | null; previous: Figures | null; show: (f: Figures) => string; value?: (f: Figures) => number | null; trend?: Trends[keyof Trends] }) {
  return (
    <>
      <div>
        {current === null ? "—" : show(current)}
        {value !== undefined && trend !== undefined && (
          <>
            {" "}
            <TrendMark trend={trend} current={current === null ? null : value(current)} previous={previous === null ? null : value(previous)} />
          </>
        )}
      </div>
      <div className="small muted">{previous === null ? "—" : show(previous)}</div>
    </>
  );
}

type Quarter = ReportResponse["quarter"];

/**
 * Each quarter's basis of one figure of a team, "2026-Q3: Median of 41 deployed changes, 1 Jul –
 * 30 Sep 2026", the running quarter up to the moment the report was made.
 */
function quarterBases(report: ReportResponse, row: ReportResponse["teams"][number], count: (f: Figures) => string): string[] {
  const basis = (quarter: Quarter, figures: Figures | null) =>
    `${quarter.label}: ${figures === null ? "no data" : figureBasis(count(figures), { from: quarter.from, to: quarter.asOf })}`;
  return [basis(report.quarter, row.current), basis(report.previousQuarter, row.previous)];
}

function VerdictSection({ report }: { report: ReportResponse }) {
  const v = report.verdict;
  return (
    <section className="report-section" aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">Verdict</h2>
      <div className="verdict-panel">
        <div>
          <div className="muted small">Organization verdict</div>
          <div className="big">
            <VerdictBadge verdict={v.verdict} />
          </div>
          <div className="small muted">
            previous quarter: <VerdictBadge verdict={v.previous.verdict} />
          </div>
        </div>
        <div>
          <div className="muted small">Engineer-hours a week lost to ops work</div>
          <div className="big">{formatHours(v.hoursPerWeek)}</div>
          <div className="small muted">previous quarter: {formatHours(v.previous.hoursPerWeek)}</div>
        </div>
        <div>
          <div className="muted small">Their cost a week (at {formatMoney(report.hourlyRate, report.currency)} an hour)</div>
          <div className="big">{formatMoney(v.costPerWeek, report.currency)}</div>
          <div className="small muted">
            previous quarter: {formatMoney(v.previous.costPerWeek, report.currency)} (at {formatMoney(report.hourlyRate, report.currency)} an hour)
          </div>
          <div className="small muted">The hourly rate is the loaded cost of an engineer-hour, from the configuration (thresholds.hourlyRate).</div>
        </div>
      </div>
      <p className="headline">{v.headline}</p>
      <table className="data-table">
        <caption>Verdict per team</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col">Verdict</th>
            <th scope="col">Firing</th>
            <th scope="col">Warning</th>
          </tr>
        </thead>
        <tbody>
          {v.teams.map((t) => (
            <tr key={t.team}>
              <th scope="row">
                <Link to={`/teams/${encodeURIComponent(t.team)}`}>{t.name}</Link>
              </th>
              <td>
                <VerdictBadge verdict={t.verdict} />
              </td>
              <td>{t.firing.length === 0 ? "—" : t.firing.join(", ")}</td>
              <td>{t.warning.length === 0 ? "—" : t.warning.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A one-line phase per team, and what to fund first for the teams the signals say to fund (issue 16). */
function MaturitySection({ report }: { report: ReportResponse }) {
  if (report.maturity.length === 0) return null;
  return (
    <section className="report-section" aria-labelledby="maturity-heading">
      <h2 id="maturity-heading">Maturity: which phase each team has reached, and what to fund first</h2>
      <ul className="report-maturity">
        {report.maturity.map((m) => (
          <li key={m.team}>
            <strong>{m.name}</strong>: {m.line}
            {m.previousPhase === null || m.previousPhase === m.phase ? null : <span className="small muted"> (previous quarter: phase {m.previousPhase})</span>}
            {m.fundFirst.length === 0 ? null : (
              <ol className="small">
                {m.fundFirst.map((f) => (
                  <li key={f.check}>
                    Fund first — {f.title} (phase {f.phase}): {f.text}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SignalsSection({ report }: { report: ReportResponse }) {
  const active = report.signals.filter((s) => s.findings.length > 0);
  return (
    <section className="report-section" aria-labelledby="signals-heading">
      <h2 id="signals-heading">Signals that fire</h2>
      {active.length === 0 ? <Empty>No fund-DevOps signal fires or warns this quarter.</Empty> : null}
      {active.map((signal) => (
        <div key={signal.id} className="report-signal">
          <h3>
            {signal.title} — {signal.firing} firing, {signal.warning} warning
          </h3>
          <p className="small muted">Fires when {signal.rule}.</p>
          {signal.findings.map((f) => (
            <div key={f.team} className="finding">
              <p>
                <StatusBadge status={f.status} /> {f.sentence}{" "}
                <span className="small muted">
                  (value {formatSignalValue(signal.id, f.value)}, threshold {formatSignalValue(signal.id, f.threshold)})
                </span>
              </p>
              {f.chart === null ? null : (
                <Suspense fallback={<p className="state state-loading">Loading chart…</p>}>
                  <WeeklyChart title={`${f.teamName}: ${f.chart.title}`} model={reportChart(f.chart)} size="paper" />
                </Suspense>
              )}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

function TeamsSection({ report }: { report: ReportResponse }) {
  return (
    <section className="report-section" aria-labelledby="teams-heading">
      <h2 id="teams-heading">
        Quarter over quarter: {report.quarter.label} against {report.previousQuarter.label}
      </h2>
      <p className="small muted">
        Each cell: {report.quarter.label} on top, {report.previousQuarter.label} below; the move is marked better or worse (the arrow shows which way the number went), or same when it changed by less than 5%.
      </p>
      <div className="table-scroll">
        <table className="data-table qoq-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Deploys</th>
              <th scope="col">Lead time</th>
              <th scope="col">Change failure</th>
              <th scope="col">Recovery</th>
              <th scope="col">CI median</th>
              <th scope="col">CI failures</th>
              <th scope="col">Ops share</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {report.teams.map((t) => (
              <tr key={t.team}>
                <th scope="row">{t.name}</th>
                <FigureCell label="Deployment frequency" name={`${t.name}: deploys`} bases={quarterBases(report, t, (f) => COUNT_OF.deploymentFrequency(f.deploymentFrequency.count))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatPerWeek(f.deploymentFrequency.perWeek)} value={(f) => f.deploymentFrequency.perWeek} trend={t.trends.deploysPerWeek} />
                  {t.current === null ? null : <TierBadge tier={t.current.deploymentFrequency.tier} evidence={{ count: t.current.deploymentFrequency.count, minimum: t.current.deploymentFrequency.minimum, of: "deployments" }} />}
                </FigureCell>
                <FigureCell label="Lead time for changes" name={`${t.name}: lead time`} bases={quarterBases(report, t, (f) => COUNT_OF.leadTime(f.leadTime.count))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatMinutes(f.leadTime.medianMinutes)} value={(f) => f.leadTime.medianMinutes} trend={t.trends.leadTime} />
                  {t.current === null ? null : <TierBadge tier={t.current.leadTime.tier} evidence={{ count: t.current.leadTime.count, minimum: t.current.leadTime.minimum, of: "changes" }} />}
                </FigureCell>
                <FigureCell label="Change failure rate" name={`${t.name}: change failure rate`} bases={quarterBases(report, t, (f) => COUNT_OF.changeFailureRate(f.changeFailureRate.failed, f.changeFailureRate.total))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatPercent(f.changeFailureRate.rate)} value={(f) => f.changeFailureRate.rate} trend={t.trends.changeFailureRate} />
                  {t.current === null ? null : <TierBadge tier={t.current.changeFailureRate.tier} evidence={{ count: t.current.changeFailureRate.total, minimum: t.current.changeFailureRate.minimum, of: "deployments" }} />}
                </FigureCell>
                <FigureCell label="Failed deployment recovery time" name={`${t.name}: recovery`} bases={quarterBases(report, t, (f) => COUNT_OF.recoveryTime(f.recoveryTime.count))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatMinutes(f.recoveryTime.medianMinutes)} value={(f) => f.recoveryTime.medianMinutes} trend={t.trends.recoveryTime} />
                  {t.current === null ? null : <TierBadge tier={t.current.recoveryTime.tier} evidence={{ count: t.current.recoveryTime.count, minimum: t.current.recoveryTime.minimum, of: "recoveries" }} />}
                </FigureCell>
                <FigureCell label="CI median duration" name={`${t.name}: CI median`} bases={quarterBases(report, t, (f) => COUNT_OF.ciMedian(f.ciCount))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatMinutes(f.ciMedianMinutes)} value={(f) => f.ciMedianMinutes} trend={t.trends.ciMedianMinutes} />
                </FigureCell>
                <FigureCell label="CI failure rate" name={`${t.name}: CI failures`} bases={quarterBases(report, t, (f) => COUNT_OF.ciFailureRate(f.ciCount))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatPercent(f.ciFailureRate)} value={(f) => f.ciFailureRate} trend={t.trends.ciFailureRate} />
                </FigureCell>
                <FigureCell label="Ops share" name={`${t.name}: ops share`} bases={quarterBases(report, t, (f) => COUNT_OF.opsShare(f.members))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatPercent(f.opsShare)} value={(f) => f.opsShare} trend={t.trends.opsShare} />
                </FigureCell>
                <td>{t.current === null ? "—" : <VerdictBadge verdict={t.current.verdict} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Where engineering time goes: each team's ops share in the one sentence the signal and the org
 * overview quote, and the investment view — how much of the quarter's merged changes and author
 * time went to ops work rather than product work.
 */
function InvestmentSection({ report }: { report: ReportResponse }) {
  return (
    <section className="report-section" aria-labelledby="investment-heading">
      <h2 id="investment-heading">Where engineering time goes: ops work and investment</h2>
      <p className="small muted">Each cell: {report.quarter.label} on top, {report.previousQuarter.label} below.</p>
      <div className="table-scroll">
        <table className="data-table investment-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col" title={OPS_SHARE_MEANING}>
                Ops share of the working time
              </th>
              <th scope="col" className="num">
                Merged changes that were ops work
              </th>
              <th scope="col" className="num">
                Author time on ops changes (estimated)
              </th>
            </tr>
          </thead>
          <tbody>
            {report.teams.map((t) => (
              <tr key={t.team}>
                <th scope="row">{t.name}</th>
                <FigureCell className="ops-breakdown" label="Ops share" name={`${t.name}: ops share of the working time`} bases={quarterBases(report, t, (f) => COUNT_OF.opsShare(f.members))}>
                  <QoQ current={t.current} previous={t.previous} show={(f) => f.opsBreakdown ?? "no data"} value={(f) => f.opsShare} trend={t.trends.opsShare} />
                </FigureCell>
                <td className="num">
                  <QoQ
                    current={t.current}
                    previous={t.previous}
                    show={(f) => `${formatPercent(f.investment.mergedChangesOpsShare)} of ${formatCount(f.investment.mergedChanges)}`}
                  />
                </td>
                <td className="num">
                  <QoQ current={t.current} previous={t.previous} show={(f) => formatPercent(f.investment.authorTimeOpsShare)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">
        Merged changes count by the share of their changed files that match the ops patterns (an ops label makes a change all ops). Author time: each member&apos;s
        working days split evenly across the changes they had in progress, the part on ops changes — estimated from activity.
      </p>
    </section>
  );
}

function CostSection({ report }: { report: ReportResponse }) {
  return (
    <section className="report-section" aria-labelledby="cost-heading">
      <h2 id="cost-heading">Hours and cost lost to ops work</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Hours a week ({report.quarter.label})
            </th>
            <th scope="col" className="num">
              Cost a week (at {formatMoney(report.hourlyRate, report.currency)} an hour)
            </th>
            <th scope="col" className="num">
              Hours a week ({report.previousQuarter.label})
            </th>
            <th scope="col" className="num">
              Cost a week (at {formatMoney(report.hourlyRate, report.currency)} an hour)
            </th>
          </tr>
        </thead>
        <tbody>
          {report.teams.map((t) => (
            <tr key={t.team}>
              <th scope="row">{t.name}</th>
              <td className="num">{formatHours(t.current?.hoursPerWeek)}</td>
              <td className="num">{formatMoney(t.current?.costPerWeek, report.currency)}</td>
              <td className="num">{formatHours(t.previous?.hoursPerWeek)}</td>
              <td className="num">{formatMoney(t.previous?.costPerWeek, report.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Organization</th>
            <td className="num">{formatHours(report.verdict.hoursPerWeek)}</td>
            <td className="num">{formatMoney(report.verdict.costPerWeek, report.currency)}</td>
            <td className="num">{formatHours(report.verdict.previous.hoursPerWeek)}</td>
            <td className="num">{formatMoney(report.verdict.previous.costPerWeek, report.currency)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

export default function QuarterlyReport() {
  const { quarter = "" } = useParams();
  const valid = parseQuarter(quarter) !== null;
  const report = useReport(valid ? quarter : null);
  const prev = previousQuarter(quarter);
  const next = nextQuarter(quarter);
  const showNext = next !== null && next <= currentQuarter(Date.now());
  if (!valid) {
    return (
      <Page title="Quarterly report">
        <p role="alert">“{quarter}” is not a quarter; write it like 2026-Q3.</p>
      </Page>
    );
  }
  return (
    <div className="report">
      <Page
        title={`Quarterly report ${quarter}`}
        actions={
          <div className="no-print report-actions">
            <nav className="quarter-nav" aria-label="Quarters">
              {prev === null ? null : <Link to={`/reports/${prev}`}>← {prev}</Link>}
              {showNext && next !== null ? <Link to={`/reports/${next}`}>{next} →</Link> : null}
            </nav>
            <span className="export-links">
              Export: <a href={reportExportUrl(quarter, "csv")}>CSV</a> <a href={reportExportUrl(quarter, "json")}>JSON</a>{" "}
              <a href={reportExportUrl(quarter, "md")}>Markdown</a> <a href={reportExportUrl(quarter, "html")}>HTML</a>
            </span>
            <button type="button" onClick={() => window.print()}>
              Print or save as PDF
            </button>
          </div>
        }
      >
        <Load value={report} label="the quarterly report">
          {(r) => (
            <>
              <p className="report-meta">
                {r.organization} · {formatDate(r.quarter.from)} – {formatDate(new Date(Date.parse(r.quarter.to) - 1))}
                {r.quarter.complete ? "" : ` (in progress: figures up to ${formatDate(r.quarter.asOf)})`} · generated {formatDate(r.generatedAt)}
              </p>
              <VerdictSection report={r} />
              <MaturitySection report={r} />
              <SignalsSection report={r} />
              <TeamsSection report={r} />
              <InvestmentSection report={r} />
              <CostSection report={r} />
            </>
          )}
        </Load>
      </Page>
    </div>
  );
}
