import type { ReactNode } from "react";
import { Link } from "react-router";
import { definitionOf, figureAbout, figureBasis } from "../definitions.ts";
import { arrow, trend } from "../trend.ts";

export interface FigureNote {
  code: string;
  count: number;
  message: string;
}

/**
 * One headline number: label, value (a link to the records behind it), the count it was computed
 * from, its tier or status badge, the previous period, and the data-quality notes that affect it.
 * Its link's tooltip and its disclosure say what it is, what it counted and over which days
 * (`count`, `window`: "Median of 41 changes, 2 Sep – 30 Nov 2026").
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
  count,
  window,
}: {
  label: string;
  value: string;
  /** What the figure was computed from, as a phrase: "median of 41 changes", "3 failed of 30 production deployments". */
  count: string;
  /** The window the server computed it over ([from, to) in UTC, its response's `range`). */
  window: { from: string; to: string };
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
  const basis = figureBasis(count, window);
  const about = figureAbout(label, [basis]);
  return (
    <section className="figure" aria-label={label}>
      <div className="figure-label">
        <span>{label}</span>
        {badge}
      </div>
      <div className="figure-value">
        {to === undefined ? <span title={about}>{value}</span> : <Link to={to} title={`${about} Opens the records behind it.`}>{value}</Link>}
      </div>
      {sub === undefined ? null : <div className="figure-sub">{sub}</div>}
      {previousText === undefined ? null : (
        <div className={`figure-sub trend-${direction ?? "none"}`}>
          <span aria-hidden="true">{arrow(current, previous)} </span>
          previous period: {previousText}
          {direction === null || direction === "same" ? null : <span> · {direction}</span>}
        </div>
      )}
      <details className="figure-definition small">
        <summary>Definition, count and window</summary>
        {definition === null ? null : <p>{definition}</p>}
        <p className="figure-basis">{basis}.</p>
      </details>
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

/**
 * A figure in a table cell (the overview, the report): its value, with what it is, what it counted
 * and over which days on hover (the cell's title) and in a small disclosure a keyboard reaches —
 * the headline figure's "Definition, count and window", made to fit a cell.
 */
export function FigureCell({ label, name, bases, className, children }: {
  /** The figure's name in `definitions.ts`. */
  label: string;
  /** What a screen reader hears for the disclosure: "Payments: lead time". */
  name: string;
  /** One basis per period the cell shows (`figureBasis`). */
  bases: readonly string[];
  className?: string;
  children: ReactNode;
}) {
  const about = figureAbout(label, bases);
  return (
    <td className={className} title={about}>
      {children}
      <details className="figure-about">
        <summary>
          <span aria-hidden="true">i</span>
          <span className="visually-hidden">About {name}</span>
        </summary>
        <p>{about}</p>
      </details>
    </td>
  );
}
