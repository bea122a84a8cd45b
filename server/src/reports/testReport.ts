/**
 * A small report for the pure tests: real metric outputs over empty rows (so every shape is the
 * metric module's own), with hand-made signals so a test can say which ones fire.
 */
import { defaultConfig } from "../config/schema.ts";
import {
  computeCi,
  computeDora,
  computeOpsWork,
  investmentFrom,
  opsShareSeries,
  orgVerdict,
  settingsFromConfig,
  type Signal,
  type SignalId,
  type SignalStatus,
  type SignalsResult,
  type Verdict,
} from "../metrics/index.ts";
import { assembleReport, type QuarterMetrics, type Report, type ReportInput, type TeamQuarterMetrics } from "./model.ts";
import { quarterWindow, type Quarter } from "./quarter.ts";

const settings = settingsFromConfig(defaultConfig());

export interface SignalSpec {
  id: SignalId;
  status: SignalStatus;
  value: number | null;
  facts?: Signal["evidence"]["facts"];
}

const THRESHOLDS: Record<SignalId, [number, number | null]> = {
  "ops-load": [0.15, 0.2],
  "delivery-pressure": [10, null],
  "team-size": [5, null],
  architecture: [3, null],
  compliance: [0, null],
};

export function teamMetrics(
  team: { id: string; name: string },
  quarter: Quarter,
  specs: SignalSpec[],
  options: { hoursPerWeek?: number | null; sleepPages?: number } = {},
): TeamQuarterMetrics {
  const window = quarterWindow(quarter);
  const scope = { id: team.id, name: team.name, source: "test", members: [], repos: [], services: [], compliance: [] };
  const oncallInput = { team: scope, people: [], pages: [], shifts: [], acknowledgements: [], incidents: [] };
  const dora = { team: scope, deployments: [], changes: [], incidents: [] };
  const signals: Signal[] = specs.map((s) => ({
    id: s.id,
    status: s.status,
    basis: s.id === "compliance" ? ("declared" as const) : ("measured" as const),
    value: s.value,
    threshold: THRESHOLDS[s.id][0],
    criticalThreshold: THRESHOLDS[s.id][1],
    evidence: { facts: s.facts ?? {}, records: [], series: [] },
    message: `${s.id}: ${s.status}`,
  }));
  const statuses = signals.map((s) => s.status);
  const verdict: Verdict = statuses.includes("firing") ? "fund-now" : statuses.includes("warning") ? "watch" : "not-yet";
  const hoursPerWeek = options.hoursPerWeek ?? null;
  const result: SignalsResult = {
    team: team.id,
    asOf: window.to,
    signals,
    verdict,
    hoursPerWeek,
    costPerWeek: hoursPerWeek === null ? null : hoursPerWeek * settings.hourlyRate,
    currency: settings.currency,
    hourlyRate: settings.hourlyRate,
  };
  const ops = computeOpsWork(oncallInput, window, settings);
  return {
    team,
    dora: computeDora(dora, window, settings),
    ci: computeCi([], window).overall,
    ops,
    investment: investmentFrom([], ops),
    signals: result,
    recentSleepPages: options.sleepPages ?? 0,
    series: { opsShare: opsShareSeries(ops, window) },
  };
}

export function quarterMetrics(quarter: Quarter, teams: TeamQuarterMetrics[]): QuarterMetrics {
  const window = quarterWindow(quarter);
  return { quarter, window, asOf: window.to, org: orgVerdict(teams.map((t) => t.signals), settings), teams };
}

const Q3: Quarter = { year: 2026, q: 3 };
const Q2: Quarter = { year: 2026, q: 2 };
const PAYMENTS = { id: "payments", name: 'Pay, "ments"' };
const SEARCH = { id: "search", name: "<b>bold</b> Search" };

/** Payments: ops-load fires this quarter and only warned the quarter before; Search: nothing fires. */
export function sampleInput(): ReportInput {
  return {
    organization: "Acme",
    generatedAt: Date.UTC(2026, 10, 21),
    settings,
    current: quarterMetrics(Q3, [
      teamMetrics(PAYMENTS, Q3, [{ id: "ops-load", status: "firing", value: 0.2731 }, { id: "compliance", status: "ok", value: 0 }], { hoursPerWeek: 63.1, sleepPages: 14 }),
      teamMetrics(SEARCH, Q3, [{ id: "ops-load", status: "ok", value: 0.1 }], { hoursPerWeek: 24.7 }),
    ]),
    previous: quarterMetrics(Q2, [
      teamMetrics(PAYMENTS, Q2, [{ id: "ops-load", status: "warning", value: 0.17 }], { hoursPerWeek: 40 }),
      teamMetrics(SEARCH, Q2, [{ id: "ops-load", status: "ok", value: 0.05 }], { hoursPerWeek: 10 }),
    ]),
  };
}

export const sampleReport = (): Report => assembleReport(sampleInput());
