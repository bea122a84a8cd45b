/**
 * The quarterly leadership report (issue 6 item 4) as plain JSON, assembled by pure functions
 * from what the metric module already computed for each team and quarter: the org verdict first,
 * then each signal that fires (or warns) with one sentence of evidence and one weekly series,
 * then every team this quarter against the previous one. No metric is defined here; this file
 * only picks, labels and words the metric outputs.
 */
import { CATEGORY_LABELS } from "../metrics/index.ts";
import type {
  CiStats,
  DoraResult,
  EvidenceFact,
  FundItem,
  Investment,
  MetricSettings,
  OpsWorkResult,
  OpsStatus,
  OrgVerdict,
  SeriesMetric,
  SeriesResult,
  Signal,
  SignalId,
  SignalStatus,
  SignalsResult,
  Tier,
  Trend,
  TrendFigure,
  Verdict,
  WeeklyPoint,
} from "../metrics/index.ts";
import { BETTER, trendOf } from "../metrics/index.ts";
import { amount, duration, hours, money, percent, plural } from "./format.ts";
import { quarterLabel, type Quarter, type QuarterWindow } from "./quarter.ts";

// ---------------------------------------------------------------- input: metric outputs

/** One team's metric outputs for one quarter, computed over [quarter start, asOf). */
export interface TeamQuarterMetrics {
  team: { id: string; name: string };
  dora: DoraResult;
  ci: CiStats;
  /** The ops-work ledger over the quarter (DESIGN "Ops share"). */
  ops: OpsWorkResult;
  /** Signals as of the quarter's asOf (90 days / 4 weeks before it, as the metric module defines them). */
  signals: SignalsResult;
  /** How much of the quarter's merged changes and author time went to ops work. */
  investment: Investment;
  /** Interruptions in the sleep band over the same 4 weeks the ops-load signal looks at. */
  recentSleepPages: number | null;
  /** Weekly series over the quarter for the charts: only those `chartSeriesFor` asks for (they are the costly part). */
  series: Partial<Record<ChartSeries, SeriesResult>>;
  /** The maturity scorecard as of the quarter's asOf (absent when the report is built without the config's declarations). */
  maturity?: TeamQuarterMaturity;
}

export interface TeamQuarterMaturity {
  phase: 0 | 1 | 2 | 3;
  /** "phase 1 — survivable; next: …" */
  line: string;
  /** The first failing checks in phase order, with the figure each should move. */
  fundFirst: FundItem[];
}

/** One team's phase in the report, and what to fund first when its signals say to fund. */
export interface ReportMaturity {
  team: string;
  name: string;
  phase: 0 | 1 | 2 | 3;
  /** The phase the quarter before; null without its scorecard. */
  previousPhase: 0 | 1 | 2 | 3 | null;
  line: string;
  verdict: Verdict;
  /** Only for a team whose verdict is fund-now: the signals say whether, the scorecard says what first. */
  fundFirst: FundItem[];
}

export type ChartSeries = "opsShare" | "deployments" | "ciDuration" | "ciFailureRate";

export interface QuarterMetrics {
  quarter: Quarter;
  window: QuarterWindow;
  asOf: number;
  org: OrgVerdict;
  teams: TeamQuarterMetrics[];
}

export type ReportSettings = Pick<
  MetricSettings,
  "opsShareWarning" | "opsShareCritical" | "teamSize" | "deploysPerWeek" | "ciMedianMinutes" | "ciFailureRate" | "services" | "hourlyRate" | "currency"
>;

export interface ReportInput {
  organization: string;
  generatedAt: number;
  settings: ReportSettings;
  current: QuarterMetrics;
  previous: QuarterMetrics;
}

// ---------------------------------------------------------------- output: the report JSON

export interface ReportQuarter {
  /** "2026-Q3" */
  label: string;
  /** [from, to) of the calendar quarter, ISO instants in UTC. */
  from: string;
  to: string;
  /** The quarter's end, or the instant the report was made while the quarter is running; figures cover [from, asOf). */
  asOf: string;
  complete: boolean;
}

export interface ReportChart {
  title: string;
  metric: SeriesMetric;
  /** count: a plain number per week; fraction: 0..1; minutes: a duration. */
  unit: "count" | "fraction" | "minutes";
  /** Lines to draw across the bars. */
  thresholds: { label: string; value: number }[];
  points: WeeklyPoint[];
}

export interface ReportFinding {
  team: string;
  teamName: string;
  status: SignalStatus;
  value: number | null;
  threshold: number;
  criticalThreshold: number | null;
  /** One sentence a director can read aloud. */
  sentence: string;
  /** One weekly series over the quarter; null for signals that have no weekly figure (team-size, compliance). */
  chart: ReportChart | null;
}

export interface ReportSignal {
  id: SignalId;
  title: string;
  /** What makes it fire, with the configured thresholds. */
  rule: string;
  firing: number;
  warning: number;
  findings: ReportFinding[];
}

export interface QuarterFigures {
  deploymentFrequency: { perWeek: number | null; count: number; tier: Tier; minimum: number };
  leadTime: { medianMinutes: number | null; count: number; tier: Tier; minimum: number };
  changeFailureRate: { rate: number | null; failed: number; total: number; tier: Tier; minimum: number };
  recoveryTime: { medianMinutes: number | null; count: number; tier: Tier; minimum: number };
  ciMedianMinutes: number | null;
  ciFailureRate: number | null;
  ciRuns: number;
  /** The CI runs the median and failure rate are computed over: succeeded and failed (cancelled and skipped left out). */
  ciCount: number;
  /** DESIGN "Ops share": the members' ledger minutes over their working minutes in the quarter. */
  opsShare: number | null;
  /** The part of it estimated from activity (ops changes), not measured. */
  opsEstimatedShare: number | null;
  opsStatus: OpsStatus | null;
  /** The ops share in one sentence with its parts, as the team page, summary and signal quote it. */
  opsBreakdown: string | null;
  /** How many members the ops share is over. */
  members: number;
  /** Investment view: how much of the quarter's merged changes and author time went to ops work. */
  investment: Investment;
  /** Verdict, hours and cost as of the quarter's asOf. */
  verdict: Verdict;
  firing: SignalId[];
  warning: SignalId[];
  hoursPerWeek: number | null;
  costPerWeek: number | null;
}

export interface TeamComparison {
  /** The team id, named `team` as everywhere else in the API. */
  team: string;
  name: string;
  /** Null when the team did not exist in that quarter's data. */
  current: QuarterFigures | null;
  previous: QuarterFigures | null;
  /** Each figure this quarter against the previous one (metrics/trend.ts). */
  trends: Record<TrendFigure, Trend | null>;
}

export interface ReportVerdict {
  verdict: Verdict;
  /** One sentence: the verdict, how many teams, hours and cost. */
  headline: string;
  /** Engineer-hours a week lost to ops work over the 4 weeks before asOf, summed over teams. */
  hoursPerWeek: number | null;
  costPerWeek: number | null;
  teams: { team: string; name: string; verdict: Verdict; firing: SignalId[]; warning: SignalId[] }[];
  previous: { verdict: Verdict; hoursPerWeek: number | null; costPerWeek: number | null };
}

export interface Report {
  organization: string;
  generatedAt: string;
  quarter: ReportQuarter;
  previousQuarter: ReportQuarter;
  currency: string;
  hourlyRate: number;
  verdict: ReportVerdict;
  signals: ReportSignal[];
  teams: TeamComparison[];
  /** A one-line phase per team and what to fund first (issue 16). */
  maturity: ReportMaturity[];
}

// ---------------------------------------------------------------- assembly

const SIGNAL_ORDER: SignalId[] = ["ops-load", "delivery-pressure", "team-size", "architecture", "compliance"];

export const SIGNAL_TITLES: Record<SignalId, string> = {
  "ops-load": "Ops load",
  "delivery-pressure": "Delivery pressure",
  "team-size": "Team size",
  architecture: "Architecture",
  compliance: "Compliance",
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  "fund-now": "Fund now",
  watch: "Watch",
  "not-yet": "Not yet",
  "no-data": "No data",
};

export function signalRule(id: SignalId, s: ReportSettings): string {
  switch (id) {
    case "ops-load":
      return `the team's engineers spend ${percent(s.opsShareWarning)} of their week on ops work — alerts, incidents, pipeline and deployment toil, ops changes — (warning) or ${percent(s.opsShareCritical)} (fires), last 4 weeks`;
    case "delivery-pressure":
      return `more than ${amount(s.deploysPerWeek)} production deploys a week and a CI median over ${duration(s.ciMedianMinutes)} or a CI failure rate over ${percent(s.ciFailureRate)}, last 4 weeks`;
    case "team-size":
      return `more than ${s.teamSize} engineers committing to one repository, last 90 days`;
    case "architecture":
      return `more than ${s.services} deployable services or more than one production environment, last 90 days`;
    case "compliance":
      return "the team or organization declares a compliance target (SOC 2, HIPAA, ISO 27001, …)";
  }
}

const numberFact = (facts: Record<string, EvidenceFact>, key: string): number | null => {
  const v = facts[key];
  return typeof v === "number" ? v : null;
};
const stringFact = (facts: Record<string, EvidenceFact>, key: string): string | null => {
  const v = facts[key];
  return typeof v === "string" ? v : null;
};
const listFact = (facts: Record<string, EvidenceFact>, key: string): string[] => {
  const v = facts[key];
  return Array.isArray(v) ? v : [];
};

/** How each ledger category is called where people read it (one list, the metric module's). */
export { CATEGORY_LABELS };

/**
 * The evidence of one signal for one team in one sentence, e.g. "Payments: engineers' week on ops
 * work 27% — alerts 12%, pipeline toil 8%, … (threshold 20%); 14 sleep-hour pages, last 4 weeks". The ops-load figure is quoted as the signal carries it: the ledger's
 * one breakdown sentence (metrics/breakdown.ts), the same words the team page and summary show.
 * `sleepPages`: interruptions in the sleep band over the signal's 4 weeks (ops-load only).
 */
export function evidenceSentence(teamName: string, signal: Signal, settings: ReportSettings, sleepPages: number | null): string {
  const f = signal.evidence.facts;
  switch (signal.id) {
    case "ops-load": {
      if (signal.value === null) return `${teamName}: ${signal.message}`;
      const limit = signal.status === "firing" || signal.criticalThreshold === null ? (signal.criticalThreshold ?? signal.threshold) : signal.threshold;
      const pages = sleepPages === null ? "" : `; ${plural(sleepPages, "sleep-hour page")}`;
      const breakdown = stringFact(f, "breakdown") ?? percent(signal.value);
      return `${teamName}: engineers' week on ops work ${breakdown} (threshold ${percent(limit)})${pages}, last 4 weeks`;
    }
    case "delivery-pressure": {
      const median = numberFact(f, "ciMedianMinutes");
      const rate = numberFact(f, "ciFailureRate");
      const perWeek = numberFact(f, "deploysPerWeek") ?? signal.value;
      const slow = median !== null && median > settings.ciMedianMinutes;
      const failing = rate !== null && rate > settings.ciFailureRate;
      const ci = [
        `CI takes ${duration(median)} at the median${slow ? ` (threshold ${duration(settings.ciMedianMinutes)})` : ""}`,
        `${percent(rate)} of CI runs fail${failing ? ` (threshold ${percent(settings.ciFailureRate)})` : ""}`,
      ].join(" and ");
      return `${teamName}: ${amount(perWeek)} production deploys a week (threshold ${amount(signal.threshold)}) while ${ci}, last 4 weeks`;
    }
    case "team-size": {
      const repo = stringFact(f, "repo");
      if (signal.value === null || repo === null) return `${teamName}: ${signal.message}`;
      return `${teamName}: ${plural(signal.value, "engineer")} committed to ${repo} in the last 90 days (threshold: more than ${signal.threshold})`;
    }
    case "architecture": {
      const environments = listFact(f, "environments");
      if (signal.value === null) return `${teamName}: ${signal.message}`;
      const envText = environments.length === 0 ? "" : ` across ${plural(environments.length, "production environment")} (${environments.join(", ")})`;
      return `${teamName}: ${plural(signal.value, "deployable service")}${envText} in the last 90 days (threshold: more than ${signal.threshold} services or more than one environment)`;
    }
    case "compliance": {
      const targets = listFact(f, "targets");
      return targets.length === 0
        ? `${teamName}: no compliance target declared`
        : `${teamName}: ${targets.length === 1 ? "compliance target" : "compliance targets"} ${targets.join(", ")} declared, which calls for audited, repeatable operations`;
    }
  }
}

const seriesPoints = (result: SeriesResult | undefined, name: string): WeeklyPoint[] => result?.series.find((s) => s.name === name)?.points ?? [];

/**
 * Which weekly series shows a signal's finding over the quarter: ops share for ops-load; for
 * delivery-pressure the CI figure that breached (the median when CI is slow, else the failure
 * rate); production deployments for architecture; none for team-size and compliance, which have
 * no weekly figure. Null also when the signal neither fires nor warns (no finding, no chart).
 */
export function chartSeriesFor(signal: Signal, settings: ReportSettings): ChartSeries | null {
  if (signal.status !== "firing" && signal.status !== "warning") return null;
  switch (signal.id) {
    case "ops-load":
      return "opsShare";
    case "delivery-pressure": {
      const median = numberFact(signal.evidence.facts, "ciMedianMinutes");
      return median !== null && median > settings.ciMedianMinutes ? "ciDuration" : "ciFailureRate";
    }
    case "architecture":
      return "deployments";
    case "team-size":
    case "compliance":
      return null;
  }
}

/** The chart of a finding, from the series `chartSeriesFor` chose; null for signals without one. */
export function chartFor(signal: Signal, metrics: TeamQuarterMetrics, settings: ReportSettings): ReportChart | null {
  const which = chartSeriesFor(signal, settings);
  const result = which === null ? undefined : metrics.series[which];
  switch (which) {
    case null:
      return null;
    case "opsShare":
      return {
        title: "Ops share of the team's working time, per week",
        metric: "ops-share",
        unit: "fraction",
        thresholds: [
          { label: `warning ${percent(settings.opsShareWarning)}`, value: settings.opsShareWarning },
          { label: `critical ${percent(settings.opsShareCritical)}`, value: settings.opsShareCritical },
        ],
        points: seriesPoints(result, "team"),
      };
    case "ciDuration":
      return {
        title: "CI median duration, per week",
        metric: "ci-duration",
        unit: "minutes",
        thresholds: [{ label: `threshold ${duration(settings.ciMedianMinutes)}`, value: settings.ciMedianMinutes }],
        points: seriesPoints(result, "ci-duration"),
      };
    case "ciFailureRate":
      return {
        title: "CI failure rate, per week",
        metric: "ci-failure-rate",
        unit: "fraction",
        thresholds: [{ label: `threshold ${percent(settings.ciFailureRate)}`, value: settings.ciFailureRate }],
        points: seriesPoints(result, "ci-failure-rate"),
      };
    case "deployments":
      return {
        title: "Production deployments, per week",
        metric: "deployments",
        unit: "count",
        thresholds: [],
        points: seriesPoints(result, "deployments"),
      };
  }
}

function figures(m: TeamQuarterMetrics): QuarterFigures {
  const d = m.dora;
  return {
    deploymentFrequency: { perWeek: d.deploymentFrequency.perWeek, count: d.deploymentFrequency.count, tier: d.deploymentFrequency.tier, minimum: d.deploymentFrequency.minimum },
    leadTime: { medianMinutes: d.leadTime.medianMinutes, count: d.leadTime.count, tier: d.leadTime.tier, minimum: d.leadTime.minimum },
    changeFailureRate: { ...d.changeFailureRate },
    recoveryTime: { ...d.recoveryTime },
    ciMedianMinutes: m.ci.durationMedianMinutes,
    ciFailureRate: m.ci.failureRate,
    ciRuns: m.ci.runs,
    ciCount: m.ci.successes + m.ci.failures,
    opsShare: m.ops.share,
    opsEstimatedShare: m.ops.estimatedShare,
    opsStatus: m.ops.status,
    opsBreakdown: m.ops.breakdown,
    members: m.ops.members,
    investment: m.investment,
    verdict: m.signals.verdict,
    firing: m.signals.signals.filter((s) => s.status === "firing").map((s) => s.id),
    warning: m.signals.signals.filter((s) => s.status === "warning").map((s) => s.id),
    hoursPerWeek: m.signals.hoursPerWeek,
    costPerWeek: m.signals.costPerWeek,
  };
}

/** The values the trend compares, per figure. */
const TREND_VALUES: Record<TrendFigure, (f: QuarterFigures) => number | null> = {
  deploysPerWeek: (f) => f.deploymentFrequency.perWeek,
  leadTime: (f) => f.leadTime.medianMinutes,
  changeFailureRate: (f) => f.changeFailureRate.rate,
  recoveryTime: (f) => f.recoveryTime.medianMinutes,
  ciMedianMinutes: (f) => f.ciMedianMinutes,
  ciFailureRate: (f) => f.ciFailureRate,
  opsShare: (f) => f.opsShare,
};

/** Better, worse or the same, per figure, this quarter against the previous one. */
export function trendsOf(current: QuarterFigures | null, previous: QuarterFigures | null): Record<TrendFigure, Trend | null> {
  const out = {} as Record<TrendFigure, Trend | null>;
  for (const key of Object.keys(TREND_VALUES) as TrendFigure[]) {
    const pick = TREND_VALUES[key];
    out[key] = trendOf(current === null ? null : pick(current), previous === null ? null : pick(previous), BETTER[key]);
  }
  return out;
}

function reportQuarter(m: QuarterMetrics): ReportQuarter {
  return {
    label: quarterLabel(m.quarter),
    from: new Date(m.window.from).toISOString(),
    to: new Date(m.window.to).toISOString(),
    asOf: new Date(m.asOf).toISOString(),
    complete: m.asOf >= m.window.to,
  };
}

/** "Fund DevOps now: 3 of 6 teams have a firing signal; about 103 engineer-hours a week go to ops work, $10,300 a week at $100 an hour." */
export function verdictHeadline(org: OrgVerdict, settings: ReportSettings): string {
  const total = org.teams.length;
  const firing = org.teams.filter((t) => t.verdict === "fund-now").length;
  const watching = org.teams.filter((t) => t.verdict === "watch").length;
  if (org.verdict === "no-data") {
    return `No data for this period: none of the ${plural(total, "team")} has a record in it, so there is no verdict.`;
  }
  const lead =
    org.verdict === "fund-now"
      ? `Fund DevOps now: ${firing} of ${plural(total, "team")} ${firing === 1 ? "has" : "have"} a firing signal`
      : org.verdict === "watch"
        ? `Watch: no signal fires, but ${watching} of ${plural(total, "team")} ${watching === 1 ? "is" : "are"} close to a threshold`
        : `Not yet: no fund-DevOps signal fires or warns for any of the ${plural(total, "team")}`;
  const cost =
    org.hoursPerWeek === null
      ? "no on-call data to estimate the hours lost to ops work"
      : `about ${hours(org.hoursPerWeek)} of engineering time a week go to ops work, ${money(org.costPerWeek, org.currency)} a week at ${money(settings.hourlyRate, org.currency)} an hour`;
  return `${lead}; ${cost}.`;
}

export function assembleReport(input: ReportInput): Report {
  const { current, previous, settings } = input;
  const names = new Map<string, string>();
  for (const t of [...previous.teams, ...current.teams]) names.set(t.team.id, t.team.name);
  const nameOf = (id: string): string => names.get(id) ?? id;

  const signals: ReportSignal[] = [];
  for (const id of SIGNAL_ORDER) {
    const findings: ReportFinding[] = [];
    for (const m of current.teams) {
      const signal = m.signals.signals.find((s) => s.id === id);
      if (signal === undefined || (signal.status !== "firing" && signal.status !== "warning")) continue;
      findings.push({
        team: m.team.id,
        teamName: m.team.name,
        status: signal.status,
        value: signal.value,
        threshold: signal.threshold,
        criticalThreshold: signal.criticalThreshold,
        sentence: evidenceSentence(m.team.name, signal, settings, m.recentSleepPages),
        chart: chartFor(signal, m, settings),
      });
    }
    if (findings.length === 0) continue;
    // Firing before warning, then the larger value first: the worst case leads.
    findings.sort((a, b) => (a.status === b.status ? (b.value ?? -Infinity) - (a.value ?? -Infinity) : a.status === "firing" ? -1 : 1));
    signals.push({
      id,
      title: SIGNAL_TITLES[id],
      rule: signalRule(id, settings),
      firing: findings.filter((f) => f.status === "firing").length,
      warning: findings.filter((f) => f.status === "warning").length,
      findings,
    });
  }

  const ids = [...new Set([...current.teams.map((t) => t.team.id), ...previous.teams.map((t) => t.team.id)])];
  const teams: TeamComparison[] = ids.map((id) => {
    const cur = current.teams.find((t) => t.team.id === id);
    const prev = previous.teams.find((t) => t.team.id === id);
    const now = cur ? figures(cur) : null;
    const before = prev ? figures(prev) : null;
    return { team: id, name: nameOf(id), current: now, previous: before, trends: trendsOf(now, before) };
  });

  return {
    organization: input.organization,
    generatedAt: new Date(input.generatedAt).toISOString(),
    quarter: reportQuarter(current),
    previousQuarter: reportQuarter(previous),
    currency: settings.currency,
    hourlyRate: settings.hourlyRate,
    verdict: {
      verdict: current.org.verdict,
      headline: verdictHeadline(current.org, settings),
      hoursPerWeek: current.org.hoursPerWeek,
      costPerWeek: current.org.costPerWeek,
      teams: current.org.teams.map((t) => ({ team: t.team, name: nameOf(t.team), verdict: t.verdict, firing: t.firing, warning: t.warning })),
      previous: { verdict: previous.org.verdict, hoursPerWeek: previous.org.hoursPerWeek, costPerWeek: previous.org.costPerWeek },
    },
    signals,
    teams,
    maturity: current.teams.flatMap((m) => {
      if (m.maturity === undefined) return [];
      const before = previous.teams.find((t) => t.team.id === m.team.id)?.maturity;
      const verdict = m.signals.verdict;
      return [{ team: m.team.id, name: m.team.name, phase: m.maturity.phase, previousPhase: before?.phase ?? null, line: m.maturity.line, verdict, fundFirst: verdict === "fund-now" ? m.maturity.fundFirst : [] }];
    }),
  };
}
