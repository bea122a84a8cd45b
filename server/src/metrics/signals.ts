/** The five "fund DevOps" signals and the verdict (DESIGN.md "The fund DevOps signals"). */
import { computeCi } from "./ci.ts";
import { computeOncall } from "./oncall.ts";
import { weeklySeries } from "./series.ts";
import { environmentKey } from "@opsledger/db/environment";
import type { MetricSettings } from "./settings.ts";
import { DAY, WEEK, inWindow } from "./stats.ts";
import type { OrgVerdict, Signal, SignalStatus, SignalsInput, SignalsResult, Verdict, Window } from "./types.ts";

const LONG_SPAN = 90 * DAY;
const SHORT_WEEKS = 4;

/** Committer rows carry no bot flag; GitHub apps commit as "name[bot]". */
const isBotLogin = (login: string): boolean => /\[bot\]$/i.test(login);

/** Items per key, in their original order: one pass instead of a filter per repository. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function teamSize(input: SignalsInput, w: Window, settings: MetricSettings): Signal {
  let best: { repo: string; people: string[]; source: "committers" | "changes" } | null = null;
  const committersByRepo = groupBy(input.committers, (c) => c.repo);
  const changesByRepo = groupBy(input.changes, (c) => c.repo);
  for (const repo of input.team.repos) {
    const rows = committersByRepo.get(repo) ?? [];
    let people: string[];
    let source: "committers" | "changes";
    if (rows.length > 0) {
      source = "committers";
      people = rows.filter((c) => !isBotLogin(c.login) && c.lastCommitAt >= w.from && c.firstCommitAt < w.to).map((c) => c.login);
    } else {
      const changes = (changesByRepo.get(repo) ?? []).filter((c) => inWindow(c.mergedAt, w));
      if (changes.length === 0) continue;
      source = "changes";
      people = changes.filter((c) => !c.bot).map((c) => c.author);
    }
    const distinct = [...new Set(people)].sort();
    if (best === null || distinct.length > best.people.length) best = { repo, people: distinct, source };
  }
  const threshold = settings.teamSize;
  if (best === null) {
    return {
      id: "team-size",
      status: "unknown",
      value: null,
      threshold,
      criticalThreshold: null,
      evidence: { facts: {}, records: [], series: [] },
      message: "no committers or merged changes in the team's repositories in the last 90 days",
    };
  }
  const value = best.people.length;
  return {
    id: "team-size",
    status: value > threshold ? "firing" : "ok",
    value,
    threshold,
    criticalThreshold: null,
    evidence: {
      facts: { repo: best.repo, people: best.people, source: best.source },
      records: [{ kind: "person", ids: best.people }],
      series: [],
    },
    message: `${value} people committed to ${best.repo} in the last 90 days (more than ${threshold} fires)`,
  };
}

function deliveryPressure(input: SignalsInput, w4: Window, settings: MetricSettings): Signal {
  const repos = new Set(input.team.repos);
  const prod = input.deployments.filter((d) => repos.has(d.repo) && settings.isProduction(d));
  const recent = prod.filter((d) => inWindow(d.finishedAt, w4));
  const runs = input.ciRuns.filter((r) => repos.has(r.repo));
  const ci = computeCi(runs, w4).overall;
  const perWeek = recent.length / SHORT_WEEKS;
  const threshold = settings.deploysPerWeek;
  const facts = {
    deploysPerWeek: perWeek,
    deployments: recent.length,
    ciMedianMinutes: ci.durationMedianMinutes,
    ciFailureRate: ci.failureRate,
    ciRuns: ci.runs,
  };
  const evidence = {
    facts,
    records: [
      { kind: "deployment", ids: recent.map((d) => d.id) },
    ],
    series: [
      ...weeklySeries("deployments", { dora: { team: input.team, deployments: prod, changes: [], incidents: [] } }, w4, settings).series,
      ...weeklySeries("ci-duration", { ciRuns: runs }, w4, settings).series,
      ...weeklySeries("ci-failure-rate", { ciRuns: runs }, w4, settings).series,
    ],
  };
  const ciKnown = ci.durationMedianMinutes !== null || ci.failureRate !== null;
  const slow = ci.durationMedianMinutes !== null && ci.durationMedianMinutes > settings.ciMedianMinutes;
  const failing = ci.failureRate !== null && ci.failureRate > settings.ciFailureRate;
  let status: SignalStatus;
  let message: string;
  if (prod.length === 0) {
    // No production deployment at all in 90 days reads as missing data, not as a quiet team.
    status = "unknown";
    message = "no production deployments known for the team's repositories";
  } else if (perWeek <= threshold) {
    status = "ok";
    message = `${perWeek} production deploys a week (more than ${threshold} with slow or failing CI fires)`;
  } else if (!ciKnown) {
    status = "unknown";
    message = `${perWeek} production deploys a week but no CI runs in the last 4 weeks`;
  } else {
    status = slow || failing ? "firing" : "ok";
    message = `${perWeek} production deploys a week; CI median ${ci.durationMedianMinutes ?? "n/a"} min, failure rate ${ci.failureRate ?? "n/a"}`;
  }
  return {
    id: "delivery-pressure",
    status,
    value: prod.length === 0 ? null : perWeek,
    threshold,
    criticalThreshold: null,
    evidence,
    message,
  };
}

function architecture(input: SignalsInput, w90: Window, settings: MetricSettings): Signal {
  const repos = new Set(input.team.repos);
  const prod = input.deployments.filter((d) => repos.has(d.repo) && settings.isProduction(d) && inWindow(d.finishedAt, w90));
  const deployedRepos = [...new Set(prod.map((d) => d.repo))].sort();
  const environments = [...new Set(prod.map((d) => environmentKey(d.environment)))].sort();
  const services = Math.max(deployedRepos.length, input.team.services.length);
  const threshold = settings.services;
  const evidence = {
    facts: { deployedRepos, services: input.team.services, environments },
    records: [{ kind: "deployment", ids: prod.map((d) => d.id) }],
    series: [],
  };
  if (prod.length === 0 && input.team.services.length === 0) {
    return {
      id: "architecture",
      status: "unknown",
      value: null,
      threshold,
      criticalThreshold: null,
      evidence,
      message: "no production deployments in 90 days and no services declared",
    };
  }
  const firing = services > threshold || environments.length > 1;
  return {
    id: "architecture",
    status: firing ? "firing" : "ok",
    value: services,
    threshold,
    criticalThreshold: null,
    evidence,
    message: `${services} deployable services, ${environments.length} production environments (more than ${threshold} services or more than 1 environment fires)`,
  };
}

function compliance(input: SignalsInput): Signal {
  const targets = [...new Set([...input.team.compliance, ...input.orgCompliance])].sort();
  return {
    id: "compliance",
    status: targets.length > 0 ? "firing" : "ok",
    value: targets.length,
    threshold: 0,
    criticalThreshold: null,
    evidence: { facts: { targets }, records: [], series: [] },
    message: targets.length > 0 ? `compliance targets declared: ${targets.join(", ")}` : "no compliance target declared",
  };
}

/**
 * The two spans the signals read as of an instant: 90 days (team size, architecture) and the last
 * 4 weeks (delivery pressure, ops load). Exported so the rows fetched for them cover exactly these.
 */
export function signalWindows(asOf: number): { long: Window; short: Window } {
  return { long: { from: asOf - LONG_SPAN, to: asOf }, short: { from: asOf - SHORT_WEEKS * WEEK, to: asOf } };
}

/**
 * Signals as of an instant: team-size and architecture over the 90 days before it, delivery
 * pressure and ops load over the 4 weeks before it; compliance from the declared targets. The
 * verdict comes with engineer-hours a week lost to ops work (on-call members' ops minutes over the
 * 4 weeks / 4 / 60) and their cost at the hourly rate.
 */
export function computeSignals(input: SignalsInput, asOf: number, settings: MetricSettings): SignalsResult {
  const { long: w90, short: w4 } = signalWindows(asOf);

  const oncallInput = {
    team: input.team,
    people: input.people,
    pages: input.pages,
    shifts: input.shifts,
    acknowledgements: input.acknowledgements,
    incidents: input.incidents,
  };
  const oncall = computeOncall(oncallInput, w4, settings);
  const share = oncall.team.opsShare;
  const opsLoad: Signal = {
    id: "ops-load",
    status: share === null ? "unknown" : share >= settings.opsShareCritical ? "firing" : share >= settings.opsShareWarning ? "warning" : "ok",
    value: share,
    threshold: settings.opsShareWarning,
    criticalThreshold: settings.opsShareCritical,
    evidence: {
      facts: {
        onCallMembers: oncall.team.onCallMembers,
        opsMinutes: oncall.team.opsMinutes,
        workingMinutes: oncall.team.workingMinutes,
        interruptions: oncall.team.interruptions.total,
        engagedMinutes: oncall.team.engagedMinutes,
      },
      records: [{ kind: "person", ids: oncall.people.filter((p) => p.onCall).map((p) => p.person) }],
      series: weeklySeries("ops-share", { oncall: oncallInput }, w4, settings, { people: 0 }).series,
    },
    message:
      share === null
        ? "no on-call member with a shift in the last 4 weeks"
        : `on-call members spent ${(share * 100).toFixed(1)}% of their working time on ops work in the last 4 weeks`,
  };

  const signals = [
    teamSize(input, w90, settings),
    deliveryPressure(input, w4, settings),
    architecture(input, w90, settings),
    compliance(input),
    opsLoad,
  ];
  const hoursPerWeek = share === null ? null : oncall.team.opsMinutes / SHORT_WEEKS / 60;
  return {
    team: input.team.id,
    asOf,
    signals,
    verdict: verdictOf(signals.map((s) => s.status)),
    hoursPerWeek,
    costPerWeek: hoursPerWeek === null ? null : hoursPerWeek * settings.hourlyRate,
    currency: settings.currency,
  };
}

const verdictOf = (statuses: SignalStatus[]): Verdict =>
  statuses.includes("firing") ? "fund-now" : statuses.includes("warning") ? "watch" : "not-yet";

/** Org verdict: fund-now if any team's is, else watch if any team's is; hours and cost summed over teams that have them. */
export function orgVerdict(teamResults: SignalsResult[], settings?: MetricSettings): OrgVerdict {
  const hours = teamResults.flatMap((r) => (r.hoursPerWeek === null ? [] : [r.hoursPerWeek]));
  const costs = teamResults.flatMap((r) => (r.costPerWeek === null ? [] : [r.costPerWeek]));
  const verdicts = teamResults.map((r) => r.verdict);
  return {
    verdict: verdicts.includes("fund-now") ? "fund-now" : verdicts.includes("watch") ? "watch" : "not-yet",
    hoursPerWeek: hours.length > 0 ? hours.reduce((a, b) => a + b, 0) : null,
    costPerWeek: costs.length > 0 ? costs.reduce((a, b) => a + b, 0) : null,
    currency: settings?.currency ?? teamResults[0]?.currency ?? "USD",
    teams: teamResults.map((r) => ({
      team: r.team,
      verdict: r.verdict,
      firing: r.signals.filter((s) => s.status === "firing").map((s) => s.id),
      warning: r.signals.filter((s) => s.status === "warning").map((s) => s.id),
    })),
  };
}
