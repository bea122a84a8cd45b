/** The report as Markdown: for a wiki page, an email or a pull request. */
import { amount, day, duration, hours, money, percent, percentTenth, shortDay } from "./format.ts";
import { SIGNAL_TITLES, VERDICT_LABELS, type QuarterFigures, type Report, type ReportChart, type TeamComparison } from "./model.ts";
import type { SignalId, Tier, Trend } from "../metrics/index.ts";

/** Escape what Markdown tables and inline text would otherwise interpret. */
export const mdText = (text: string): string => text.replace(/([\\`*_[\]|<>#])/g, "\\$1");

/** "ops load, compliance"; a dash for none. */
export const signalList = (ids: SignalId[]): string => (ids.length === 0 ? "–" : ids.map((id) => SIGNAL_TITLES[id].toLowerCase()).join(", "));

const withTier = (value: string, tier: Tier): string => (tier === null ? value : `${value} (${tier})`);

export function chartValue(chart: Pick<ReportChart, "unit">, value: number | null): string {
  if (value === null) return "n/a";
  return chart.unit === "fraction" ? percent(value) : chart.unit === "minutes" ? duration(value) : amount(value);
}

/** A cell with its move against the previous quarter: "15.5% (high), better". */
const marked = (text: string, trend: Trend | null | undefined): string => (trend === "better" || trend === "worse" ? `${text}, ${trend}` : text);

/** The figures of one quarter as table cells, in the order of QOQ_HEADERS; with `trends`, each move is marked better or worse. */
export function figureCells(f: QuarterFigures | null, currency: string, trends?: TeamComparison["trends"]): string[] {
  if (f === null) return ["no data", "", "", "", "", "", "", "", "", ""];
  // Ops share at the breakdown sentence's precision: the investment section quotes the same figure.
  return [
    VERDICT_LABELS[f.verdict] + (f.firing.length > 0 ? ` (${signalList(f.firing)})` : ""),
    marked(withTier(amount(f.deploymentFrequency.perWeek), f.deploymentFrequency.tier), trends?.deploysPerWeek),
    marked(withTier(duration(f.leadTime.medianMinutes), f.leadTime.tier), trends?.leadTime),
    marked(withTier(percent(f.changeFailureRate.rate), f.changeFailureRate.tier), trends?.changeFailureRate),
    marked(withTier(duration(f.recoveryTime.medianMinutes), f.recoveryTime.tier), trends?.recoveryTime),
    marked(duration(f.ciMedianMinutes), trends?.ciMedianMinutes),
    marked(percent(f.ciFailureRate), trends?.ciFailureRate),
    marked(percentTenth(f.opsShare), trends?.opsShare),
    hours(f.hoursPerWeek),
    money(f.costPerWeek, currency),
  ];
}

/** The investment section's cells of one quarter, in the order of INVESTMENT_HEADERS. */
export function investmentCells(f: QuarterFigures | null): string[] {
  if (f === null) return ["no data", "", ""];
  const i = f.investment;
  return [f.opsBreakdown ?? "n/a", `${percent(i.mergedChangesOpsShare)} (${amount(i.opsChanges)} of ${i.mergedChanges})`, percent(i.authorTimeOpsShare)];
}

export const INVESTMENT_HEADERS = ["Ops share of the working time", "Merged changes that were ops work", "Author time on ops changes (estimated)"];

/** What the investment section says under its table. */
export const INVESTMENT_NOTE =
  "Ops share: the ops-work ledger's minutes over all members' working time, with its categories largest first. Merged changes: each change counts by the share of its changed files that match the ops patterns (an ops label makes it 1). Author time: each member's working days split across the changes they had in progress, the part on ops changes (estimated).";

export const QOQ_HEADERS = [
  "Verdict",
  "Deploys / week",
  "Lead time",
  "Change failure rate",
  "Recovery time",
  "CI median",
  "CI failures",
  "Ops share",
  "Ops hours / week",
  "Ops cost / week",
];

const row = (cells: string[]): string => `| ${cells.join(" | ")} |`;

export function renderMarkdown(report: Report): string {
  const q = report.quarter;
  const p = report.previousQuarter;
  const out: string[] = [];
  out.push(`# ${mdText(report.organization)}: quarterly DevOps report, ${q.label}`);
  out.push("");
  out.push(
    `Window ${day(q.from)} to ${day(q.to)} (UTC, end exclusive)${q.complete ? "" : `, quarter in progress: figures up to ${q.asOf}`}; compared with ${p.label}. Generated ${report.generatedAt}.`,
  );
  out.push("");
  out.push(`## Verdict: ${VERDICT_LABELS[report.verdict.verdict]}`);
  out.push("");
  out.push(mdText(report.verdict.headline));
  out.push("");
  out.push(
    `- Engineer-hours a week lost to ops work: **${hours(report.verdict.hoursPerWeek)}** (${p.label}: ${hours(report.verdict.previous.hoursPerWeek)})`,
  );
  out.push(
    `- Their cost at ${money(report.hourlyRate, report.currency)} an hour: **${money(report.verdict.costPerWeek, report.currency)} a week** (${p.label}: ${money(report.verdict.previous.costPerWeek, report.currency)})`,
  );
  out.push(`- ${p.label} verdict: ${VERDICT_LABELS[report.verdict.previous.verdict]}`);
  out.push("");
  out.push(row(["Team", "Verdict", "Firing", "Warning"]));
  out.push(row(["---", "---", "---", "---"]));
  for (const t of report.verdict.teams) {
    out.push(row([mdText(t.name), VERDICT_LABELS[t.verdict], signalList(t.firing), signalList(t.warning)]));
  }
  out.push("");

  if (report.maturity.length > 0) {
    out.push("## Maturity: which phase each team has reached, and what to fund first");
    out.push("");
    for (const m of report.maturity) {
      const since = m.previousPhase === null || m.previousPhase === m.phase ? "" : ` (${p.label}: phase ${m.previousPhase})`;
      out.push(`- **${mdText(m.name)}**: ${mdText(m.line)}${since}`);
      for (const item of m.fundFirst) out.push(`  - Fund first (phase ${item.phase}, ${mdText(item.title.toLowerCase())}): ${mdText(item.text)}`);
    }
    out.push("");
  }

  out.push("## Signals");
  out.push("");
  if (report.signals.length === 0) out.push("No fund-DevOps signal fires or warns for any team this quarter.");
  for (const s of report.signals) {
    out.push(`### ${s.title}`);
    out.push("");
    out.push(`Fires when ${mdText(s.rule)}.`);
    out.push("");
    for (const f of s.findings) {
      out.push(`- **${f.status === "firing" ? "Firing" : "Warning"}**: ${mdText(f.sentence)}.`);
      if (f.chart !== null) {
        const chart = f.chart;
        const weeks = chart.points.map((pt) => `${shortDay(pt.weekStart)} ${chartValue(chart, pt.value)}`).join(", ");
        out.push(`  ${mdText(chart.title)}: ${weeks}.`);
      }
    }
    out.push("");
  }

  out.push(`## Quarter over quarter: ${q.label} against ${p.label}`);
  out.push("");
  out.push(row(["Team", "Quarter", ...QOQ_HEADERS]));
  out.push(row(["---", "---", ...QOQ_HEADERS.map(() => "---")]));
  for (const t of report.teams) {
    out.push(row([`**${mdText(t.name)}**`, q.label, ...figureCells(t.current, report.currency, t.trends).map(mdText)]));
    out.push(row(["", p.label, ...figureCells(t.previous, report.currency).map(mdText)]));
  }
  out.push("");
  out.push(`## Where engineering time goes: ops work and investment, ${q.label} against ${p.label}`);
  out.push("");
  out.push(row(["Team", "Quarter", ...INVESTMENT_HEADERS]));
  out.push(row(["---", "---", ...INVESTMENT_HEADERS.map(() => "---")]));
  for (const t of report.teams) {
    out.push(row([`**${mdText(t.name)}**`, q.label, ...investmentCells(t.current).map(mdText)]));
    out.push(row(["", p.label, ...investmentCells(t.previous).map(mdText)]));
  }
  out.push("");
  out.push(mdText(INVESTMENT_NOTE));
  out.push("");
  out.push(
    `DORA tiers follow the 2023 benchmarks. Ops share is the team's ops-work ledger — alerts, incidents, pipeline and deployment toil, ops changes (estimated) — over all its members' working time; hours and cost are the last 4 weeks of each quarter, the cost at ${money(report.hourlyRate, report.currency)} an hour (configured). "better" or "worse" marks a move of 5% or more against ${p.label}. A figure with no data reads n/a.`,
  );
  out.push("");
  return out.join("\n");
}
