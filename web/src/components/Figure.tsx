import type { ReactNode } from "react";
import { Link } from "react-router";
import { definitionOf } from "../definitions.ts";
import { arrow, trend } from "../trend.ts";

export interface FigureNote {
  code: string;
  count: number;
  message: string;
}

/**
 * One headline number: label, value (a link to the records behind it), the count it was computed
 * from, its tier or status badge, the previous period, and the data-quality notes that affect it.
 */
export function Figure({
  label,
  value,
  to,
  badge,
  sub,
  current,
  previous,
  previousText,
  better,
  notes = [],
}: {
  label: string;
  value: string;
  to?: string;
  badge?: ReactNode;
  sub?: ReactNode;
  current?: number | null;
  previous?: number | null;
  previousText?: string;
  better?: "higher" | "lower";
  notes?: readonly FigureNote[];
}) {
  const direction = better === undefined ? null : trend(current, previous, better);
  const definition = definitionOf(label);
  return (
    <section className="figure" aria-label={label}>
      <div className="figure-label">
        <span>{label}</span>
        {badge}
      </div>
      <div className="figure-value">
        {to === undefined ? value : <Link to={to} title={`${definition === null ? "" : `${definition} `}Opens the records behind it.`}>{value}</Link>}
      </div>
      {sub === undefined ? null : <div className="figure-sub">{sub}</div>}
      {previousText === undefined ? null : (
        <div className={`figure-sub trend-${direction ?? "none"}`}>
          <span aria-hidden="true">{arrow(current, previous)} </span>
          previous period: {previousText}
          {direction === null || direction === "same" ? null : <span> · {direction}</span>}
        </div>
      )}
      {definition === null ? null : (
        <details className="figure-definition small">
          <summary>Definition</summary>
          {definition}
        </details>
      )}
      {notes.length === 0 ? null : (
        <ul className="notes" aria-label={`Data notes for ${label.toLowerCase()}`}>
          {notes.map((n) => (
            <li key={n.code}>{n.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
