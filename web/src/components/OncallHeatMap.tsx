import { formatPercent, formatWeek } from "../format.ts";
import { HEAT_BANDS, heatBand } from "../heatmap.ts";
import { ONCALL_LOAD_MEANING } from "../ledger.ts";

/** The fields of the on-call endpoint's people the heat map reads. */
export interface HeatMapPerson {
  person: string;
  name: string;
  weeks: readonly { weekStart: string; onCall: boolean; load: number | null; partial: boolean }[];
}

/**
 * On-call load, person × week (DESIGN "On-call load"): one row per member, one cell per ISO week,
 * shaded by band and printing its value; a week without a shift reads "off" (no load, not 0).
 * A table, so a screen reader reads it row by row.
 */
export function OncallHeatMap({ people, thresholds }: { people: readonly HeatMapPerson[]; thresholds: { warning: number; critical: number | null } }) {
  const weeks = people[0]?.weeks.map((w) => w.weekStart) ?? [];
  const shown = people.filter((p) => p.weeks.some((w) => w.onCall));
  return (
    <figure className="heat-map" aria-labelledby="heat-map-title">
      <figcaption id="heat-map-title" title={ONCALL_LOAD_MEANING}>
        On-call load per person and week, % of their working time in weeks they held a shift
      </figcaption>
      {shown.length === 0 ? (
        <p className="state state-empty">Nobody held an on-call shift in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="heat-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                {weeks.map((w) => (
                  <th scope="col" key={w}>
                    {formatWeek(w)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.person}>
                  <th scope="row">{p.name}</th>
                  {p.weeks.map((w) => {
                    const band = heatBand(w.onCall ? w.load : null, thresholds);
                    const value = band === null ? "off" : formatPercent(w.load);
                    return (
                      <td
                        key={w.weekStart}
                        className={band === null ? "heat-off" : "heat-on"}
                        style={band === null ? undefined : { background: band.fill, color: band.ink }}
                        title={`${p.name}, week of ${formatWeek(w.weekStart)}: ${band === null ? "not on call" : `${value} on-call load (${band.name})`}${w.partial ? ", part of the week" : ""}`}
                      >
                        {value}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="heat-legend small" aria-label="Heat map legend">
        {HEAT_BANDS.map((b) => (
          <span key={b.name}>
            <span className="heat-swatch" style={{ background: b.fill }} aria-hidden="true" /> {b.name}
          </span>
        ))}
        <span>
          <span className="heat-swatch heat-off" aria-hidden="true" /> off: not on call
        </span>
      </p>
      <p className="small muted">{ONCALL_LOAD_MEANING}</p>
    </figure>
  );
}
