/**
 * The team's maturity scorecard (issue 16): the phase reached, each check with its status,
 * evidence and how it was decided, per phase; the plan's warning; what to fund first; and the
 * phase per quarter. Everything shown is computed by the server; this only lays it out.
 */
import { useMaturity, type MaturityResponse } from "../api/hooks.ts";
import { formatDate } from "../format.ts";
import { lastDay } from "../sprints.ts";
import { Load } from "./State.tsx";

type Check = MaturityResponse["checks"][number];

const PHASES = [
  { phase: 1, title: "Phase 1 — make production survivable" },
  { phase: 2, title: "Phase 2 — make changes safe" },
  { phase: 3, title: "Phase 3 — make the platform repeatable" },
] as const;

const STATUS_WORDS: Record<Check["status"], string> = { pass: "Pass", fail: "Fail", unknown: "Unknown" };

function CheckBadge({ status }: { status: Check["status"] }) {
  return <span className={`badge badge-check badge-check-${status}`}>{STATUS_WORDS[status]}</span>;
}

function CheckItem({ check }: { check: Check }) {
  return (
    <li className={`maturity-check maturity-check-${check.status}`}>
      <div>
        <CheckBadge status={check.status} /> <strong>{check.title}</strong>: {check.summary}
      </div>
      <details>
        <summary className="small">Evidence and how it was decided</summary>
        <p className="small muted">{check.decidedBy}</p>
        {check.evidence.length === 0 ? null : (
          <ul className="small">
            {check.evidence.map((e, i) => (
              <li key={i}>
                {e.label}: {e.url === null ? String(e.value) : <a href={e.url}>{String(e.value)}</a>}
              </li>
            ))}
          </ul>
        )}
        {check.repos.length === 0 ? null : (
          <ul className="small">
            {check.repos.map((r) => (
              <li key={r.repo}>
                <CheckBadge status={r.status} /> {r.repo}: {r.summary}
              </li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

export function MaturityScorecard({ team, asOf }: { team: string; asOf?: string }) {
  const maturity = useMaturity(team, asOf);
  return (
    <Load value={maturity} label="maturity scorecard">
      {(m) => (
        <section className="maturity" aria-label="Operational maturity scorecard">
          <p>
            As of {formatDate(lastDay(m.asOf))}: <strong className="maturity-phase">{m.line}</strong>
          </p>
          {m.warnings.map((w) => (
            <p key={w} className="state state-error" role="note">
              {w}
            </p>
          ))}
          {m.fundFirst.length === 0 ? null : (
            <div className="maturity-fund">
              <h3>What to fund first{m.verdict === "fund-now" ? "" : " (when the signals say to fund)"}</h3>
              <ol>
                {m.fundFirst.map((f) => (
                  <li key={f.check}>
                    <strong>{f.title}</strong> (phase {f.phase}): {f.text}
                  </li>
                ))}
              </ol>
            </div>
          )}
          {PHASES.map(({ phase, title }) => (
            <div key={phase} className="maturity-phase-group">
              <h3>{title}</h3>
              <ul className="maturity-checks">
                {m.checks
                  .filter((c) => c.phase === phase)
                  .map((c) => (
                    <CheckItem key={c.id} check={c} />
                  ))}
              </ul>
            </div>
          ))}
          <table className="data-table maturity-history">
            <caption>Phase per quarter</caption>
            <thead>
              <tr>
                <th scope="col">Quarter</th>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Checks passed
                </th>
                <th scope="col" className="num">
                  Unknown
                </th>
              </tr>
            </thead>
            <tbody>
              {m.history.map((h) => (
                <tr key={h.quarter}>
                  <th scope="row">{h.quarter}</th>
                  <td>phase {h.phase}</td>
                  <td className="num">
                    {h.passed} of {m.checks.length}
                  </td>
                  <td className="num">{h.unknown}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Load>
  );
}
