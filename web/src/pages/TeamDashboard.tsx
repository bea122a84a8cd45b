import { Link, useParams, useSearchParams } from "react-router";
import { useCi, useDora, useOncall, useOpsWork, useSignals, useTeamName, useTeams, type ApiRange } from "../api/hooks.ts";
import { Suspense } from "react";
import { AlertsChart, ChangeFailureRateChart, CiChart, DeploymentsChart, LeadTimeChart, OpsShareChart, RecoveryTimeChart } from "../charts/lazy.tsx";
import { StatusBadge, TierBadge, VerdictBadge } from "../components/Badges.tsx";
import { Figure } from "../components/Figure.tsx";
import { COUNT_OF } from "../definitions.ts";
import { Page } from "../components/Page.tsx";
import { RangePicker } from "../components/RangePicker.tsx";
import { SignalsPanel } from "../components/SignalsPanel.tsx";
import { MaturityScorecard } from "../components/MaturityScorecard.tsx";
import { Load } from "../components/State.tsx";
import { formatCount, formatCountOf, formatDate, formatHours, formatMinutes, formatMoney, formatPercent, formatPerWeek } from "../format.ts";
import { OncallHeatMap } from "../components/OncallHeatMap.tsx";
import { PartialWeeksNote } from "../components/PartialWeeksNote.tsx";
import { OPS_SHARE_MEANING } from "../ledger.ts";
import { notesFor } from "../notes.ts";
import { lastDay } from "../sprints.ts";
import { previousRange, rangeQuery, readRange, type DateRange } from "../url.ts";

function recordsLink(team: string, metric: string, range: DateRange): string {
  return `/teams/${encodeURIComponent(team)}/records/${metric}${rangeQuery(range)}`;
}

/** The five DORA figures with tiers and the previous period. */
function DoraFigures({ team, range }: { team: string; range: DateRange }) {
  const dora = useDora(team, range);
  const before = useDora(team, previousRange(range));
  const prev = before.status === "ready" ? before.data : null;
  return (
    <Load value={dora} label="DORA metrics">
      {(d) => (
        <div className="figures">
          <Figure
            label="Deployment frequency"
            value={formatPerWeek(d.deploymentFrequency.perWeek)}
            count={COUNT_OF.deploymentFrequency(d.deploymentFrequency.count)}
            window={d.range}
            to={recordsLink(team, "deployments", range)}
            badge={<TierBadge tier={d.deploymentFrequency.tier} evidence={{ count: d.deploymentFrequency.count, minimum: d.deploymentFrequency.minimum, of: "deployments" }} />}
            sub={`${formatCountOf(d.deploymentFrequency.count, "production deployment")} · median ${formatCount(d.deploymentFrequency.deployDaysPerWeekMedian)} deploy days a week`}
            current={d.deploymentFrequency.perWeek}
            previous={prev?.deploymentFrequency.perWeek}
            previousText={prev === null ? undefined : formatPerWeek(prev.deploymentFrequency.perWeek)}
            better="higher"
            notes={notesFor(d.notes, "deploymentFrequency")}
          />
          <Figure
            label="Lead time for changes"
            value={formatMinutes(d.leadTime.medianMinutes)}
            count={COUNT_OF.leadTime(d.leadTime.count)}
            window={d.range}
            to={recordsLink(team, "changes", range)}
            badge={<TierBadge tier={d.leadTime.tier} evidence={{ count: d.leadTime.count, minimum: d.leadTime.minimum, of: "changes" }} />}
            sub={
              <>
                median of {formatCountOf(d.leadTime.count, "change")} · p90 {formatMinutes(d.leadTime.p90Minutes)}
                <br />
                coding {formatMinutes(d.leadTime.breakdown.codingMinutes)} · pickup {formatMinutes(d.leadTime.breakdown.pickupMinutes)} · review{" "}
                {formatMinutes(d.leadTime.breakdown.reviewMinutes)} · deploy {formatMinutes(d.leadTime.breakdown.deployMinutes)}
              </>
            }
            current={d.leadTime.medianMinutes}
            previous={prev?.leadTime.medianMinutes}
            previousText={prev === null ? undefined : formatMinutes(prev.leadTime.medianMinutes)}
            better="lower"
            notes={notesFor(d.notes, "leadTime")}
          />
          <Figure
            label="Change failure rate"
            value={formatPercent(d.changeFailureRate.rate)}
            count={COUNT_OF.changeFailureRate(d.changeFailureRate.failed, d.changeFailureRate.total)}
            window={d.range}
            to={recordsLink(team, "failed-deployments", range)}
            badge={<TierBadge tier={d.changeFailureRate.tier} evidence={{ count: d.changeFailureRate.total, minimum: d.changeFailureRate.minimum, of: "deployments" }} />}
            sub={`${formatCount(d.changeFailureRate.failed)} of ${formatCount(d.changeFailureRate.total)} deployments failed`}
            current={d.changeFailureRate.rate}
            previous={prev?.changeFailureRate.rate}
            previousText={prev === null ? undefined : formatPercent(prev.changeFailureRate.rate)}
            better="lower"
            notes={notesFor(d.notes, "changeFailureRate")}
          />
          <Figure
            label="Failed deployment recovery time"
            value={formatMinutes(d.recoveryTime.medianMinutes)}
            count={COUNT_OF.recoveryTime(d.recoveryTime.count)}
            window={d.range}
            to={recordsLink(team, "failed-deployments", range)}
            badge={<TierBadge tier={d.recoveryTime.tier} evidence={{ count: d.recoveryTime.count, minimum: d.recoveryTime.minimum, of: "recoveries" }} />}
            sub={
              <>
                median of {formatCountOf(d.recoveryTime.count, "recovery", "recoveries")} ·{" "}
                <Link to={recordsLink(team, "incidents", range)}>time to restore</Link> {formatMinutes(d.timeToRestore.medianMinutes)} (
                {formatCountOf(d.timeToRestore.count, "incident")})
              </>
            }
            current={d.recoveryTime.medianMinutes}
            previous={prev?.recoveryTime.medianMinutes}
            previousText={prev === null ? undefined : formatMinutes(prev.recoveryTime.medianMinutes)}
            better="lower"
            notes={notesFor(d.notes, "recoveryTime")}
          />
          <Figure
            label="Rework rate"
            value={formatPercent(d.reworkRate.rate)}
            count={COUNT_OF.reworkRate(d.reworkRate.reworked, d.reworkRate.total)}
            window={d.range}
            to={recordsLink(team, "rework", range)}
            sub={`${formatCount(d.reworkRate.reworked)} of ${formatCount(d.reworkRate.total)} deployments unplanned`}
            current={d.reworkRate.rate}
            previous={prev?.reworkRate.rate}
            previousText={prev === null ? undefined : formatPercent(prev.reworkRate.rate)}
            better="lower"
            notes={notesFor(d.notes, "reworkRate")}
          />
        </div>
      )}
    </Load>
  );
}

/** CI health and on-call load, with the previous period. */
function OperationsFigures({ team, range }: { team: string; range: DateRange }) {
  const ci = useCi(team, range);
  const ciBefore = useCi(team, previousRange(range));
  const opsWork = useOpsWork(team, range);
  const opsWorkBefore = useOpsWork(team, previousRange(range));
  const prevOps = opsWorkBefore.status === "ready" ? opsWorkBefore.data : null;
  const oncall = useOncall(team, range);
  const oncallBefore = useOncall(team, previousRange(range));
  const prevCi = ciBefore.status === "ready" ? ciBefore.data.overall : null;
  const prevOncall = oncallBefore.status === "ready" ? oncallBefore.data : null;
  return (
    <div className="figures">
      <Load value={ci} label="CI health">
        {(c) => (
          <>
            <Figure
              label="CI median duration"
              value={formatMinutes(c.overall.durationMedianMinutes)}
              count={COUNT_OF.ciMedian(c.overall.successes + c.overall.failures)}
              window={c.range}
              to={recordsLink(team, "ci-runs", range)}
              sub={`p90 ${formatMinutes(c.overall.durationP90Minutes)} · ${formatCountOf(c.overall.runs, "run")} · queue ${formatMinutes(c.overall.queueMedianMinutes)}`}
              current={c.overall.durationMedianMinutes}
              previous={prevCi?.durationMedianMinutes}
              previousText={prevCi === null ? undefined : formatMinutes(prevCi.durationMedianMinutes)}
              better="lower"
              notes={notesFor(c.notes, "ci")}
            />
            <Figure
              label="CI failure rate"
              value={formatPercent(c.overall.failureRate)}
              count={COUNT_OF.ciFailureRate(c.overall.successes + c.overall.failures, c.overall.failures)}
              window={c.range}
              to={recordsLink(team, "ci-runs", range)}
              sub={`${formatCount(c.overall.failures)} failed of ${formatCount(c.overall.successes + c.overall.failures)} · flaky ${formatPercent(c.overall.flakyRate)}`}
              current={c.overall.failureRate}
              previous={prevCi?.failureRate}
              previousText={prevCi === null ? undefined : formatPercent(prevCi.failureRate)}
              better="lower"
            />
          </>
        )}
      </Load>
      <Load value={opsWork} label="ops work">
        {(w) => (
          <Figure
            label="Ops share"
            value={formatPercent(w.share)}
            count={COUNT_OF.opsShare(w.members)}
            window={w.range}
            to={recordsLink(team, "ops-work", range)}
            badge={w.status === null ? undefined : <StatusBadge status={w.status === "critical" ? "firing" : w.status} />}
            sub={
              <>
                <span className="ops-breakdown" title={OPS_SHARE_MEANING}>
                  {w.breakdown ?? "no data"}
                </span>
                <br />
                {formatCountOf(w.members, "member")} · {formatHours(w.hoursPerWeek)} a week · measured {formatPercent(w.measuredShare)}, estimated {formatPercent(w.estimatedShare)}
              </>
            }
            current={w.share}
            previous={prevOps?.share}
            previousText={prevOps === null ? undefined : formatPercent(prevOps.share)}
            better="lower"
            notes={notesFor(w.notes, "ops-work")}
          />
        )}
      </Load>
      <Load value={oncall} label="on-call load">
        {(o) => (
          <>
            <Figure
              label="Interruptions"
              value={formatCount(o.totals.interruptions.total)}
              count={COUNT_OF.interruptions(o.totals.interruptions.total, o.people.length)}
              window={o.range}
              to={recordsLink(team, "pages", range)}
              sub={`${formatCount(o.totals.onCallMembers)} on-call members · ${formatCount(o.totals.interruptions.offHours)} off hours · ${formatCount(o.totals.interruptions.sleep)} in sleep hours`}
              current={o.totals.interruptions.total}
              previous={prevOncall?.totals.interruptions.total}
              previousText={prevOncall === null ? undefined : formatCount(prevOncall.totals.interruptions.total)}
              better="lower"
              notes={notesFor(o.notes, "oncall")}
            />
            <Figure
              label="Time to acknowledge"
              value={formatMinutes(o.timeToAcknowledge.medianMinutes)}
              count={COUNT_OF.timeToAcknowledge(o.timeToAcknowledge.count)}
              window={o.range}
              to={recordsLink(team, "incidents", range)}
              sub={`median of ${formatCountOf(o.timeToAcknowledge.count, "incident")} · resolved in ${formatMinutes(o.timeToRestore.medianMinutes)}`}
              current={o.timeToAcknowledge.medianMinutes}
              previous={prevOncall?.timeToAcknowledge.medianMinutes}
              previousText={prevOncall === null ? undefined : formatMinutes(prevOncall.timeToAcknowledge.medianMinutes)}
              better="lower"
            />
          </>
        )}
      </Load>
    </div>
  );
}

/** On-call load per person and week: a figure of its own, never averaged into the ops share. */
function OncallLoad({ team, range, thresholds }: { team: string; range: ApiRange; thresholds: { warning: number; critical: number | null } }) {
  const oncall = useOncall(team, range);
  return <Load value={oncall} label="on-call load">{(o) => <OncallHeatMap people={o.people} thresholds={thresholds} />}</Load>;
}

export default function TeamDashboard() {
  const { team = "" } = useParams();
  const [params] = useSearchParams();
  const now = Date.now();
  const range = readRange(params, now);
  const teams = useTeams();
  const signals = useSignals(team, range.to);
  const name = useTeamName(team);
  const unknown = teams.status === "ready" && !teams.data.teams.some((t) => t.team === team);
  const opsLoad = signals.status === "ready" ? signals.data.signals.find((s) => s.id === "ops-load") : undefined;
  const thresholds = { warning: opsLoad?.threshold ?? 0.15, critical: opsLoad === undefined ? 0.2 : opsLoad.criticalThreshold };

  if (unknown) {
    return (
      <Page title="Unknown team">
        <p role="alert">
          There is no team “{team}”. <Link to="/">Back to the overview</Link>.
        </p>
      </Page>
    );
  }
  return (
    <Page
      title={name}
      heading={
        <>
          {name} {signals.status === "ready" ? <VerdictBadge verdict={signals.data.verdict} /> : null}
        </>
      }
      actions={
        <>
          <Link to={`/teams/${encodeURIComponent(team)}/sprints`}>Sprint alert review</Link>
          <RangePicker range={range} now={now} />
        </>
      }
    >
      <h2>Delivery (DORA)</h2>
      <DoraFigures team={team} range={range} />
      <h2>CI and on-call</h2>
      <OperationsFigures team={team} range={range} />

      <h2>Weekly</h2>
      <PartialWeeksNote team={team} range={range} />
      <Suspense
        fallback={
          <p className="state state-loading" role="status">
            Loading charts…
          </p>
        }
      >
        <div className="charts">
        <DeploymentsChart team={team} range={range} />
        <LeadTimeChart team={team} range={range} />
        <ChangeFailureRateChart team={team} range={range} />
        <RecoveryTimeChart team={team} range={range} />
        <CiChart team={team} range={range} />
        <OpsShareChart team={team} range={range} thresholds={thresholds} />
        <AlertsChart team={team} range={range} />
        </div>
      </Suspense>

      <h2>On-call load</h2>
      <OncallLoad team={team} range={range} thresholds={thresholds} />

      <h2>Fund-DevOps signals</h2>
      <Load value={signals} label="signals">
        {(s) => (
          <>
            <p>
              As of {formatDate(lastDay(s.asOf))}: <VerdictBadge verdict={s.verdict} /> · {formatHours(s.hoursPerWeek)} a week lost to ops work, about{" "}
              {formatMoney(s.costPerWeek, s.currency)} a week at {formatMoney(s.hourlyRate, s.currency)} an hour.
            </p>
            <SignalsPanel signals={s.signals} />
          </>
        )}
      </Load>

      <h2>Operational maturity</h2>
      <MaturityScorecard team={team} asOf={range.to} />
    </Page>
  );
}
