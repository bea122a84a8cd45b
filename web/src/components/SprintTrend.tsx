/**
 * The sprint review's six-sprint view: a table of the headline alert figures per sprint, each
 * marked better or worse against the sprint before, and a noisy key's alerts per sprint. Every
 * number is the server's (GET /teams/{team}/sprints); this only lays them out.
 */
import type { SprintsResponse } from "../api/hooks.ts";
import { formatCount, formatMinutes, formatPercent, formatWeek } from "../format.ts";
import { lastDay } from "../sprints.ts";
import { arrow, trend, type Direction } from "../trend.ts";

type SprintFigures = SprintsResponse["sprints"][number];

interface Measure {
  label: string;
  pick: (s: SprintFigures) => number | null;
  show: (v: number | null) => string;
  better: "higher" | "lower";
}

const MEASURES: Measure[] = [
  { label: "Alerts", pick: (s) => s.count, show: formatCount, better: "lower" },
  { label: "Noise alerts", pick: (s) => s.noise, show: formatCount, better: "lower" },
  { label: "Actionable ratio", pick: (s) => s.actionableRatio, show: formatPercent, better: "higher" },
  { label: "Time to acknowledge (median)", pick: (s) => s.timeToAcknowledge.medianMinutes, show: formatMinutes, better: "lower" },
  { label: "Pages in sleep hours", pick: (s) => s.sleepPages, show: formatCount, better: "lower" },
];

/** "so far" on a sprint still under way: its figures are not final. */
const soFar = (s: SprintFigures): boolean => s.sprintStatus !== "complete";

/** The arrow of a move and, for screen readers and in words where asked, whether it is better. */
function Move({ current, previous, better, words = false }: { current: number | null; previous: number | null; better: "higher" | "lower"; words?: boolean }) {
  const direction: Direction | null = trend(current, previous, better);
  if (direction === null) return null;
  const word = direction === "same" ? "same" : direction;
  return (
    <span className={`trend-${direction}`}>
      <span aria-hidden="true">{arrow(current, previous)}</span>
      {words ? ` ${word}` : <span className="visually-hidden"> {word} than the sprint before</span>}
    </span>
  );
}

export function SprintTrendTable({ sprints }: { sprints: SprintsResponse["sprints"] }) {
  const first = sprints[0];
  const last = sprints[sprints.length - 1];
  return (
    <div className="table-scroll">
      <table className="data-table trend-table">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {sprints.map((s) => (
              <th key={s.sprint} scope="col" className="num">
                Sprint {s.sprint}
                {soFar(s) ? " so far" : ""}
                <br />
                <span className="small muted">
                  {formatWeek(s.sprintWindow.from.slice(0, 10))} – {formatWeek(lastDay(s.sprintWindow.to))}
                </span>
              </th>
            ))}
            <th scope="col">
              Since sprint {first?.sprint ?? ""}
            </th>
          </tr>
        </thead>
        <tbody>
          {MEASURES.map((m) => (
            <tr key={m.label}>
              <th scope="row">{m.label}</th>
              {sprints.map((s, i) => {
                const before = sprints[i - 1];
                return (
                  <td key={s.sprint} className="num">
                    {m.show(m.pick(s))} {before === undefined ? null : <Move current={m.pick(s)} previous={m.pick(before)} better={m.better} />}
                  </td>
                );
              })}
              <td>
                {first === undefined || last === undefined || first === last ? null : (
                  <>
                    <Move current={m.pick(last)} previous={m.pick(first)} better={m.better} words />
                    {soFar(last) ? <span className="small muted"> (so far)</span> : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A key's alerts per sprint: small bars for the shape, the numbers for reading. */
export function KeyHistory({ counts, sprints }: { counts: readonly number[]; sprints: SprintsResponse["sprints"] }) {
  const top = Math.max(1, ...counts);
  return (
    <span className="key-history">
      <span className="key-bars" aria-hidden="true">
        {counts.map((c, i) => (
          <span key={sprints[i]?.sprint ?? i} className="key-bar" style={{ height: `${Math.round((c / top) * 100)}%` }} />
        ))}
      </span>
      <span className="key-counts">
        {counts.map((c, i) => {
          const s = sprints[i];
          return (
            <span key={s?.sprint ?? i}>
              <span className="visually-hidden">
                Sprint {s?.sprint}
                {s !== undefined && soFar(s) ? " so far" : ""}:{" "}
              </span>
              {formatCount(c)}
              {i < counts.length - 1 ? " · " : ""}
            </span>
          );
        })}
      </span>
    </span>
  );
}
