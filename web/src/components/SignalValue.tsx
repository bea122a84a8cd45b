import { evidenceFact, type EvidenceFactValue } from "../evidence.ts";
import { formatCount, formatNumber, formatPercent, formatPerWeek } from "../format.ts";

/** A signal's value or threshold in the unit of that signal. */
export function formatSignalValue(id: string, value: number | null): string {
  switch (id) {
    case "ops-load":
      return formatPercent(value);
    case "delivery-pressure":
      return formatPerWeek(value);
    case "team-size":
      return value === null ? formatCount(value) : `${formatCount(value)} people`;
    case "architecture":
      return value === null ? formatCount(value) : `${formatCount(value)} services`;
    case "compliance":
      return value === null ? formatCount(value) : `${formatCount(value)} targets`;
    default:
      return formatNumber(value);
  }
}

export function SignalValue({ id, value }: { id: string; value: number | null }) {
  return <>{formatSignalValue(id, value)}</>;
}

export function EvidenceFacts({ facts }: { facts: Record<string, EvidenceFactValue> }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return null;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => {
        const fact = evidenceFact(key, value);
        return (
          <div key={key} style={{ display: "contents" }}>
            <dt>{fact.label}</dt>
            <dd>{fact.text}</dd>
          </div>
        );
      })}
    </dl>
  );
}
