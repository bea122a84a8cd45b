import { formatCount, formatHours, formatLabel, formatMinutes, formatNumber, formatPercent, formatPerWeek } from "../format.ts";

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

type Fact = string | number | boolean | null | string[];

/** An evidence fact in its unit, guessed from its name (opsMinutes → minutes, failureRate → percent). */
export function formatFact(key: string, value: Fact): string {
  if (value === null) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  // Summed work time (ops, engaged, working minutes) reads as hours, not calendar days.
  if (/minutes$/i.test(key)) return value >= 24 * 60 ? formatHours(value / 60) : formatMinutes(value);
  if (/(rate|share)$/i.test(key)) return formatPercent(value);
  if (/perweek$/i.test(key)) return formatPerWeek(value);
  return formatNumber(value);
}

/** "ciMedianMinutes" → "CI median minutes". */
export function factLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return formatLabel(words.replace(/\bci\b/g, "CI"));
}

export function EvidenceFacts({ facts }: { facts: Record<string, Fact> }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return null;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: "contents" }}>
          <dt>{factLabel(key)}</dt>
          <dd>{formatFact(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
