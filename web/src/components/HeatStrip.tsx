import { STATUS_COLOURS, textColourOn } from "../charts/palette.ts";
import { formatLabel } from "../format.ts";

type Status = keyof typeof STATUS_COLOURS;

const SHORT: Record<Status, string> = { firing: "!", warning: "~", ok: "✓", unknown: "?" };

/** A word or two a reader recognises in a table cell (not "DP" or "OL"); the title and the screen reader get the full name. */
export const SIGNAL_CHIP_LABELS: Readonly<Record<string, string>> = {
  "team-size": "Team size",
  "delivery-pressure": "Delivery",
  architecture: "Architecture",
  compliance: "Compliance",
  "ops-load": "Ops load",
};

/** One chip per signal, coloured and marked by status; the label spells it out for screen readers. */
export function HeatStrip({ signals }: { signals: Record<string, Status> }) {
  const entries = Object.entries(signals);
  const label = entries.map(([id, status]) => `${formatLabel(id)}: ${status}`).join(", ");
  return (
    <span className="heat-strip" role="img" aria-label={`Signals — ${label}`}>
      {entries.map(([id, status]) => (
        <span key={id} className="heat-cell" style={{ background: STATUS_COLOURS[status], color: textColourOn(STATUS_COLOURS[status]) }} title={`${formatLabel(id)}: ${status}`}>
          {SIGNAL_CHIP_LABELS[id] ?? formatLabel(id)}
          <span aria-hidden="true"> {SHORT[status]}</span>
        </span>
      ))}
    </span>
  );
}
