import { STATUS_COLOURS } from "../charts/palette.ts";
import { formatLabel } from "../format.ts";

type Status = keyof typeof STATUS_COLOURS;

const SHORT: Record<Status, string> = { firing: "!", warning: "~", ok: "✓", unknown: "?" };
const ABBREVIATION: Record<string, string> = { "team-size": "TS", "delivery-pressure": "DP", architecture: "AR", compliance: "CO", "ops-load": "OL" };

/** One cell per signal, coloured and marked by status; the label spells it out for screen readers. */
export function HeatStrip({ signals }: { signals: Record<string, Status> }) {
  const entries = Object.entries(signals);
  const label = entries.map(([id, status]) => `${formatLabel(id)}: ${status}`).join(", ");
  return (
    <span className="heat-strip" role="img" aria-label={`Signals — ${label}`}>
      {entries.map(([id, status]) => (
        <span key={id} className="heat-cell" style={{ background: STATUS_COLOURS[status] }} title={`${formatLabel(id)}: ${status}`}>
          {ABBREVIATION[id] ?? id.slice(0, 2).toUpperCase()}
          <sup aria-hidden="true">{SHORT[status]}</sup>
        </span>
      ))}
    </span>
  );
}
