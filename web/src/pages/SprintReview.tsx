import type { ReactNode } from "react";
import { Link, Navigate, useParams, useSearchParams } from "react-router";
import { useAlerts, useOncall, useSprintTrend, useTeamName, type AlertsResponse, type OncallResponse, type SprintsResponse } from "../api/hooks.ts";
import { both, type Loadable } from "../api/useLoad.ts";
import { Page } from "../components/Page.tsx";
import { Empty, Load } from "../components/State.tsx";
import { KeyHistory, SprintTrendTable } from "../components/SprintTrend.tsx";
import { formatCount, formatDate, formatLabel, formatMinutes, formatPercent } from "../format.ts";
import { lastDay, parseSprint, sprintContaining } from "../sprints.ts";
import { arrow, trend } from "../trend.ts";
import { rangeQuery } from "../url.ts";

/** How many sprints the trend shows, ending with the one under review. */
const TREND_SPRINTS = 6;

interface SprintData {
  alerts: AlertsResponse;
  oncall: OncallResponse;
}

/**
 * Alert quality for the sprint plus MTTA from the on-call endpoint over the same window. A sprint
 * that has not started has no window to ask about: its on-call figures are never requested.
 */
function useSprint(team: string, n: number): Loadable<SprintData> {
  const alerts = useAlerts(team, { sprint: n });
  const window = alerts.status === "ready" && alerts.data.sprintStatus !== "upcoming" ? alerts.data.range : null;
  const oncall = useOncall(team, window);
  const ready = both(alerts, oncall);
  return ready.status === "ready" ? { status: "ready", data: { alerts: ready.data[0], oncall: ready.data[1] } } : ready;
}

type Row = {
  label: string;
  current: number | null;
  previous: number | null;
  show: (v: number | null) => string;
  better: "higher" | "lower";
};

function CompareRow({ row }: { row: Row }) {
  const direction = trend(row.current, row.previous, row.better);
  return (
    <tr>
      <th scope="row">{row.label}</th>
      <td className="num big-cell">{row.show(row.current)}</td>
      <td className="num">{row.show(row.previous)}</td>
      <td className={`trend-${direction ?? "none"}`}>
        <span aria-hidden="true">{arrow(row.current, row.previous)} </span>
        {direction === null || direction === "same" ? "" : direction}
      </td>
    </tr>
  );
}

function comparison(current: SprintData, previous: SprintData | null): Row[] {
  const a = current.alerts;
  const p = previous?.alerts ?? null;
  const bands = (r: AlertsResponse | null, band: "business" | "offHours" | "sleep") => r?.pagesByBand?.[band] ?? null;
  return [
    { label: "Alerts", current: a.count, previous: p?.count ?? null, show: formatCount, better: "lower" },
    { label: "Noise alerts", current: a.noise, previous: p?.noise ?? null, show: formatCount, better: "lower" },
    { label: "Actionable ratio", current: a.actionableRatio, previous: p?.actionableRatio ?? null, show: formatPercent, better: "higher" },
    { label: "Pages in business hours", current: bands(a, "business"), previous: bands(p, "business"), show: formatCount, better: "lower" },
    { label: "Pages off-hours", current: bands(a, "offHours"), previous: bands(p, "offHours"), show: formatCount, better: "lower" },
    { label: "Pages in sleep hours", current: bands(a, "sleep"), previous: bands(p, "sleep"), show: formatCount, better: "lower" },
    {
      label: "Time to acknowledge (median)",
      current: current.oncall.timeToAcknowledge.medianMinutes,
      previous: previous?.oncall.timeToAcknowledge.medianMinutes ?? null,
      show: formatMinutes,
      better: "lower",
    },
    { label: "Time to fix (median)", current: a.timeToFix.medianMinutes, previous: p?.timeToFix.medianMinutes ?? null, show: formatMinutes, better: "lower" },
  ];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="sprint-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/**
 * `/teams/:team/sprints[?at=YYYY-MM-DD]`: a sprint review is held on a finished sprint, so this
 * opens the last sprint complete by now (the running one is one click away, labelled "so far");
 * with `at`, the sprint running on that day.
 */
export function CurrentSprint() {
  const { team = "" } = useParams();
  const [params] = useSearchParams();
  const at = Date.parse(`${params.get("at") ?? ""}T12:00:00Z`);
  const zero = useAlerts(team, { sprint: 0 });
  return (
    <Load value={zero} label="sprints">
      {(z) => {
        // The sprint's whole window: `range` stops at now while sprint 0 is still running.
        const whole = z.sprintWindow ?? z.range;
        const running = sprintContaining({ n: 0, from: whole.from, to: whole.to }, Number.isFinite(at) ? at : Date.now());
        const n = running === null || Number.isFinite(at) ? running : running - 1;
        return n === null ? <p role="alert">Sprint cadence unknown.</p> : <Navigate to={`/teams/${encodeURIComponent(team)}/sprints/${n}`} replace />;
      }}
    </Load>
  );
}

export default function SprintReview() {
  const { team = "", n: rawN } = useParams();
  const n = parseSprint(rawN) ?? 0;
  const current = useSprint(team, n);
  const previous = useSprint(team, n - 1);
  const head = useAlerts(team, { sprint: n });
  const status = head.status === "ready" ? head.data.sprintStatus : null;
  // The six sprints ending with this one; asked for once it is known to have started.
  const trendOf = useSprintTrend(team, status === null || status === "upcoming" ? null : n, TREND_SPRINTS);
  const history = trendOf.status === "ready" ? trendOf.data : null;
  const name = useTeamName(team);
  // The running sprint's number, so the link into it says its figures are "so far".
  const known = head.status === "ready" ? head.data.sprintWindow : null;
  const runningN = known === null ? null : sprintContaining({ n, from: known.from, to: known.to }, Date.now());
  const base = `/teams/${encodeURIComponent(team)}`;
  if (parseSprint(rawN) === null) return <Navigate to={`${base}/sprints`} replace />;
  return (
    <div className="sprint">
      <Page
        title={`Sprint ${n} alert review — ${name}`}
        heading={
          <>
            Sprint {n} alert review: {name}
          </>
        }
        actions={
          <nav className="sprint-nav" aria-label="Sprints">
            <Link to={`${base}/sprints/${n - 1}`}>← Sprint {n - 1}</Link>
            {/* No link into a sprint that has not started: it would be a page of zeros. */}
            {status === "complete" ? (
              <Link to={`${base}/sprints/${n + 1}`}>{runningN === n + 1 ? `Sprint ${n + 1} so far →` : `Sprint ${n + 1} →`}</Link>
            ) : null}
            <Link to={base}>Team dashboard</Link>
          </nav>
        }
      >
        {head.status === "ready" && head.data.sprintStatus === "upcoming" && head.data.sprintWindow !== null ? (
          <p className="state state-empty">
            Sprint {n} has not started: it runs from {formatDate(head.data.sprintWindow.from)} to {formatDate(lastDay(head.data.sprintWindow.to))}.{" "}
            <Link to={`${base}/sprints`}>Go to the running sprint</Link>.
          </p>
        ) : (
          <Load value={current} label="this sprint's alerts">
            {(c) => {
              const prev = previous.status === "ready" ? previous.data : null;
              const window = { from: c.alerts.range.from.slice(0, 10), to: lastDay(c.alerts.range.to) };
              const records = (metric: string) => `${base}/records/${metric}${rangeQuery(window)}`;
              return (
                <>
                  <p className="sprint-dates">
                    {formatDate(window.from)} – {formatDate(window.to)}
                    {c.alerts.sprintStatus === "running" ? <strong> · under way: figures so far</strong> : null}
                    {prev === null ? null : (
                      <span className="muted">
                        {" "}
                        · compared with sprint {n - 1}: {formatDate(prev.alerts.range.from)} – {formatDate(lastDay(prev.alerts.range.to))}
                      </span>
                    )}
                  </p>
                  <Section title="This sprint against the previous one">
                    <table className="data-table compare-table">
                      <thead>
                        <tr>
                          <th scope="col">Measure</th>
                          <th scope="col" className="num">
                            Sprint {n}
                          </th>
                          <th scope="col" className="num">
                            Sprint {n - 1}
                          </th>
                          <th scope="col">Trend</th>
                        </tr>
                      </thead>
                      <tbody>
                        {comparison(c, prev).map((row) => (
                          <CompareRow key={row.label} row={row} />
                        ))}
                      </tbody>
                    </table>
                    <p className="small">
                      <Link to={records("alerts")}>Every alert of the sprint</Link> · <Link to={records("pages")}>Every page of the sprint</Link> ·{" "}
                      <Link to={records("incidents")}>Incidents</Link>
                    </p>
                  </Section>

                  <Section title={`The last ${TREND_SPRINTS} sprints`}>
                    <Load value={trendOf} label={`the last ${TREND_SPRINTS} sprints`}>
                      {(tr) => (
                        <>
                          <SprintTrendTable sprints={tr.sprints} />
                          <p className="small muted">
                            Arrows compare each sprint with the one before; green is better, orange worse. A sprint still under way shows its figures so far.
                          </p>
                        </>
                      )}
                    </Load>
                  </Section>

                  <Section title="Top noisy alerts">
                    {c.alerts.topNoisyKeys.length === 0 ? (
                      <Empty>No noisy alerts this sprint.</Empty>
                    ) : (
                      <table className="data-table">
                        <thead>
                          <tr>
                            <th scope="col">Alert key</th>
                            <th scope="col">Service</th>
                            <th scope="col" className="num">
                              Fired
                            </th>
                            <th scope="col" className="num">
                              Noise
                            </th>
                            <th scope="col">
                              Alerts per sprint
                              {history === null ? null : (
                                <span className="small muted">
                                  {" "}
                                  ({history.sprints[0]?.sprint}–{history.sprints[history.sprints.length - 1]?.sprint})
                                </span>
                              )}
                            </th>
                            <th scope="col">First seen</th>
                            <th scope="col">Suggestion</th>
                          </tr>
                        </thead>
                        <tbody>
                          {c.alerts.topNoisyKeys.map((k) => (
                            <tr key={`${k.service}/${k.key}`}>
                              <th scope="row">
                                <code>{k.key}</code>
                              </th>
                              <td>{k.service}</td>
                              <td className="num">{formatCount(k.count)}</td>
                              <td className="num">{formatCount(k.noiseCount)}</td>
                              <KeyHistoryCells history={history} keyName={k.key} />
                              <td>
                                <Suggestion suggestion={k.suggestion} />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </Section>

                  <Section title="Who was woken up">
                    {c.alerts.wokenUp.length === 0 ? (
                      <Empty>Nobody was paged in their sleep hours this sprint.</Empty>
                    ) : (
                      <ul className="woken-list">
                        {c.alerts.wokenUp.map((w) => (
                          <li key={w.person}>
                            <strong>
                              <Link to={`/people/${encodeURIComponent(w.person)}?from=${window.from}&to=${window.to}`}>{w.name}</Link>
                            </strong>
                            : {formatCount(w.count)} {w.count === 1 ? "time" : "times"}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Section>

                  <Section title="Alert keys">
                    <p>
                      {formatCount(c.alerts.keys.new)} new keys, {formatCount(c.alerts.keys.recurring)} recurring. Noise by reason:{" "}
                      {Object.entries(c.alerts.noiseByReason)
                        .map(([reason, count]) => `${formatLabel(reason)} ${formatCount(count)}`)
                        .join(" · ")}
                      .
                    </p>
                    {c.alerts.notes.length === 0 ? null : (
                      <ul className="notes">
                        {c.alerts.notes.map((note) => (
                          <li key={note.code}>{note.message}</li>
                        ))}
                      </ul>
                    )}
                  </Section>
                </>
              );
            }}
          </Load>
        )}
      </Page>
    </div>
  );
}

/** The key's alerts per sprint and first sighting, once the trend has arrived. */
function KeyHistoryCells({ history, keyName }: { history: SprintsResponse | null; keyName: string }) {
  const row = history?.keys.find((h) => h.key === keyName);
  if (history === null || row === undefined) {
    return (
      <>
        <td className="muted">…</td>
        <td className="muted">…</td>
      </>
    );
  }
  return (
    <>
      <td>
        <KeyHistory counts={row.counts} sprints={history.sprints} />
      </td>
      <td>{formatDate(row.firstSeen)}</td>
    </>
  );
}

type KeySuggestion = AlertsResponse["topNoisyKeys"][number]["suggestion"];

const PATTERN_LABELS: Record<NonNullable<KeySuggestion["pattern"]>, string> = {
  flapping: "Flapping",
  "night-only": "Fires only at night",
  "auto-resolved": "Resolves on its own",
  "never-acknowledged": "Never acknowledged",
};

/** The key's pattern, the evidence that triggered it and what to do (all from the server). */
function Suggestion({ suggestion }: { suggestion: KeySuggestion }) {
  return (
    <div className="key-suggestion">
      <strong>{suggestion.pattern === null ? "No clear pattern" : PATTERN_LABELS[suggestion.pattern]}</strong>: {suggestion.evidence}
      <br />
      <span className="muted">{suggestion.advice}</span>
    </div>
  );
}
