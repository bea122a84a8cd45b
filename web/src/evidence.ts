/**
 * A signal's evidence facts as label and text, each label naming the unit its text is in (never
 * "Ops minutes 277.2 h"). The unit follows from the fact's name, so a label never changes with
 * the size of its value: summed work time (ops, working, engaged minutes) reads in hours, other
 * minutes (a CI median) in minutes, rates and shares in percent, "…PerWeek" per week.
 */
import { formatCount, formatHours, formatLabel, formatNumber, formatPercent } from "./format.ts";

export type EvidenceFactValue = string | number | boolean | null | string[];

const WORK_TIME = /^(ops|working|engaged)Minutes$/;

/** "ciMedianMinutes" → "CI median minutes". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return formatLabel(spaced.replace(/\bci\b/g, "CI"));
}

export function evidenceFact(key: string, value: EvidenceFactValue): { label: string; text: string } {
  if (typeof value === "number" && WORK_TIME.test(key)) return { label: words(key).replace(/minutes$/, "hours"), text: formatHours(value / 60) };
  if (/minutes$/i.test(key)) return { label: words(key), text: typeof value === "number" ? `${formatNumber(value)} min` : text(value) };
  if (typeof value === "number" && /(rate|share)$/i.test(key)) return { label: `${words(key)} (%)`, text: formatPercent(value) };
  if (typeof value === "number" && /perweek$/i.test(key)) return { label: words(key), text: formatNumber(value) };
  return { label: words(key), text: typeof value === "number" ? (Number.isInteger(value) ? formatCount(value) : formatNumber(value)) : text(value) };
}

function text(value: EvidenceFactValue): string {
  if (value === null) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
