/** The five "fund DevOps" signals and the verdict (DESIGN.md "The fund DevOps signals"). */
import { identitiesOf, type Change, type Committer, type Team, type TeamWeek } from "@opsledger/db";
import { ciFromFacts, ciRunFacts } from "./ci.ts";
import { deployFact } from "./facts.ts";
import { doraFacts } from "./dora.ts";
import { computeOpsWork, ledgerWeeksFromRows, type OpsWorkResult } from "./ledger.ts";
import { opsShareSeries, seriesFromWeeks } from "./series.ts";
import type { MetricSettings } from "./settings.ts";
import { DAY, WEEK, groupBy, inWindow } from "./stats.ts";
import type { CiStats, OrgVerdict, Signal, SignalStatus, SignalsInput, SignalsResult, Verdict, Window } from "./types.ts";
import { hasActivity, weeksOfWindow } from "./weeks.ts";


const LONG_SPAN = 90 * DAY;
const SHORT_WEEKS = 4;

/**
 * The two spans the signals read as of an instant: 90 days (team size, architecture) and the last
 * 4 weeks (delivery pressure, ops load). Exported so the reads cover exactly these.
 */
export function signalWindows(asOf: number): { long: Window; short: Window } {
  return { long: { from: asOf - LONG_SPAN, to: asOf }, short: { from: asOf - SHORT_WEEKS * WEEK, to: asOf } };
}

/** Committer rows carry no bot flag; GitHub apps commit as "name[bot]". */
export const isBotLogin = (login: string): boolean => /\[bot\]$/i.test(login);

/** The people of one repository over the 90 days: committers when the source reports them, else change authors. */
export interface RepoPeople {
  people: string[];
  source: "committers" | "changes";
}

/** What the signals are computed from: projections of the team's facts over the two spans. */
export interface SignalIngredients {
  team: Pick<Team, "id" | "repos" | "services" | "compliance">;
  orgCompliance: readonly string[];
  /** Per repository of the team with any committer or merged change in the 90 days. */
  repoPeople: ReadonlyMap<string, RepoPeople>;
  /** Production deployments of the team's repos in the 90 days. */
  longDeploys: { count: number; repos: string[]; environments: string[]; ids: string[] };
  /** Production deployments in the last 4 weeks: how many, and which (empty when the records are not wanted). */
  shortDeploys: { count: number; ids: string[] };
  /** CI health over the last 4 weeks. */
  ci: CiStats;
  /** The 4 weeks' ingredients (evidence series). */
  weeks: readonly TeamWeek[];
  /** Ops work over the last 4 weeks (the ops-load signal). */
  ops: OpsWorkResult;
  /** The team has any record in the 90 days: without one there is no verdict. */
  hasRecords: boolean;
  /**
   * Display names of the people the evidence names, by source login (team-size's committers and
   * authors) — a login is the person whose `github` it is, else the person with that id. A login
   * without a known person is shown as itself.
   */
  names: ReadonlyMap<string, string>;
}

/** A person as the evidence shows them: their name, or the login itself when no name is known. */
const nameOf = (names: ReadonlyMap<string, string>, login: string): string => names.get(login) ?? login;

/** team-size: the repository with the most people in the 90 days (the first in team order on a tie). */
function teamSize(ing: SignalIngredients, settings: MetricSettings): Signal {
  let best: ({ repo: string } & RepoPeople) | null = null;
  for (const repo of ing.team.repos) {
    const found = ing.repoPeople.get(repo);
    if (found === undefined) continue;
    if (best === null || found.people.length > best.people.length) best = { repo, ...found };
  }
  const threshold = settings.teamSize;
  if (best === null) {
    return {
      id: "team-size",
      status: "unknown",
      basis: "measured",
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
    basis: "measured",
    value,
    threshold,
    criticalThreshold: null,
    // Names for the reader; the records keep the logins, which the drill-downs and sources use.
    evidence: { facts: { repo: best.repo, people: best.people.map((login) => nameOf(ing.names, login)), source: best.source }, records: [{ kind: "person", ids: best.people }], series: [] },
    message: `${value} people committed to ${best.repo} in the last 90 days (more than ${threshold} fires)`,
  };
}

function deliveryPressure(ing: SignalIngredients, window: Window, settings: MetricSettings): Signal {
  const { ci } = ing;
  const perWeek = ing.shortDeploys.count / SHORT_WEEKS;
  const threshold = settings.deploysPerWeek;
  const evidence = {
    facts: { deploysPerWeek: perWeek, deployments: ing.shortDeploys.count, ciMedianMinutes: ci.durationMedianMinutes, ciFailureRate: ci.failureRate, ciRuns: ci.runs },
    records: [{ kind: "deployment", ids: ing.shortDeploys.ids }],
    series: [
      ...seriesFromWeeks("deployments", ing.weeks, window).series,
      ...seriesFromWeeks("ci-duration", ing.weeks, window).series,
      ...seriesFromWeeks("ci-failure-rate", ing.weeks, window).series,
    ],
  };
  const ciKnown = ci.durationMedianMinutes !== null || ci.failureRate !== null;
  const slow = ci.durationMedianMinutes !== null && ci.durationMedianMinutes > settings.ciMedianMinutes;
  const failing = ci.failureRate !== null && ci.failureRate > settings.ciFailureRate;
  let status: SignalStatus;
  let message: string;
  if (ing.longDeploys.count === 0) {
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
  return { id: "delivery-pressure", status, basis: "measured", value: ing.longDeploys.count === 0 ? null : perWeek, threshold, criticalThreshold: null, evidence, message };
}

function architecture(ing: SignalIngredients, settings: MetricSettings): Signal {
  const { repos: deployedRepos, environments } = ing.longDeploys;
  const declared = ing.team.services.length;
  const services = Math.max(deployedRepos.length, declared);
  // Measured from the production deployments unless the configuration declares more services than were deployed.
  const basis = deployedRepos.length >= declared ? "measured" : "declared";
  const threshold = settings.services;
  const evidence = {
    facts: { deployedRepos, services: [...ing.team.services], environments },
    records: [{ kind: "deployment", ids: ing.longDeploys.ids }],
    series: [],
  };
  if (ing.longDeploys.count === 0 && declared === 0) {
    return { id: "architecture", status: "unknown", basis, value: null, threshold, criticalThreshold: null, evidence, message: "no production deployments in 90 days and no services declared" };
  }
  const firing = services > threshold || environments.length > 1;
  return {
    id: "architecture",
    status: firing ? "firing" : "ok",
    basis,
    value: services,
    threshold,
    criticalThreshold: null,
    evidence,
    message: `${services} deployable services (${deployedRepos.length} deployed to production in 90 days, ${declared} declared), ${environments.length} production environments (more than ${threshold} services or more than 1 environment fires)`,
  };
}

function compliance(ing: SignalIngredients): Signal {
  const targets = [...new Set([...ing.team.compliance, ...ing.orgCompliance])].sort();
  return {
    id: "compliance",
    status: targets.length > 0 ? "firing" : "ok",
    basis: "declared",
    value: targets.length,
    threshold: 0,
    criticalThreshold: null,
    evidence: { facts: { targets }, records: [], series: [] },
    message: targets.length > 0 ? `compliance targets declared in the configuration: ${targets.join(", ")}` : "no compliance target declared",
  };
}

function opsLoad(ing: SignalIngredients, window: Window, settings: MetricSettings): Signal {
  const { ops } = ing;
  const share = ops.share;
  return {
    id: "ops-load",
    status: share === null ? "unknown" : share >= settings.opsShareCritical ? "firing" : share >= settings.opsShareWarning ? "warning" : "ok",
    basis: "measured",
    value: share,
    threshold: settings.opsShareWarning,
    criticalThreshold: settings.opsShareCritical,
    evidence: {
      facts: {
        members: ops.members,
        // Who the minutes are of, by name (the members' names from the read model; an id without a person record as itself).
        people: ops.people.filter((p) => p.minutes > 0).map((p) => p.name),
        opsMinutes: ops.minutes,
        workingMinutes: ops.workingMinutes,
        measuredShare: ops.measuredShare,
        estimatedShare: ops.estimatedShare,
        // The categories in the one sentence every page quotes (metrics/breakdown.ts), not as
        // bare fractions a reader would have to format.
        breakdown: ops.breakdown,
      },
      records: [{ kind: "person", ids: ops.people.filter((p) => p.minutes > 0).map((p) => p.person) }],
      series: opsShareSeries(ops, window).series.slice(0, 1),
    },
    message:
      share === null
        ? "no ops-work records for the team's members in the last 4 weeks"
        : `share of the members' working time on ops work in the last 4 weeks: ${ops.breakdown ?? ""}`,
  };
}

/**
 * Signals as of an instant, from their ingredients: team-size and architecture over the 90 days
 * before it, delivery pressure and ops load over the 4 weeks before it; compliance from the
 * declared targets. The verdict comes with engineer-hours a week lost to ops work (the ledger's
 * minutes over the 4 weeks / 4 / 60) and their cost at the hourly rate; a team without any
 * record in the 90 days has no verdict.
 */
export function signalsFrom(ing: SignalIngredients, asOf: number, settings: MetricSettings): SignalsResult {
  const { short } = signalWindows(asOf);
  const judged = [teamSize(ing, settings), deliveryPressure(ing, short, settings), architecture(ing, settings), compliance(ing), opsLoad(ing, short, settings)];
  // Evidence or silence: without a record in the 90 days no signal fires or warns, not even the
  // declared ones (a compliance target or services from the configuration are no evidence that
  // the team did anything in the period).
  const signals = ing.hasRecords ? judged : judged.map(silenced);
  const hoursPerWeek = ing.ops.share === null ? null : ing.ops.minutes / SHORT_WEEKS / 60;
  return {
    team: ing.team.id,
    asOf,
    signals,
    verdict: ing.hasRecords ? verdictOf(signals.map((s) => s.status)) : "no-data",
    hoursPerWeek,
    costPerWeek: hoursPerWeek === null ? null : hoursPerWeek * settings.hourlyRate,
    currency: settings.currency,
    hourlyRate: settings.hourlyRate,
  };
}

/** team-size's people per repo from rows: committers (non-bot, active in the span) when a repo has any, else distinct non-bot change authors. */
export function repoPeopleOf(repos: readonly string[], committers: readonly Committer[], changes: readonly Pick<Change, "repo" | "author" | "bot" | "mergedAt">[], w: Window): Map<string, RepoPeople> {
  const out = new Map<string, RepoPeople>();
  // Grouped by repo once: a team has hundreds of repos and thousands of merged changes.
  const committersOf = groupBy(committers, (c) => c.repo);
  const changesOf = groupBy(changes, (c) => c.repo);
  for (const repo of repos) {
    const rows = committersOf.get(repo) ?? [];
    if (rows.length > 0) {
      out.set(repo, { source: "committers", people: [...new Set(rows.filter((c) => !isBotLogin(c.login) && c.lastCommitAt >= w.from && c.firstCommitAt < w.to).map((c) => c.login))].sort() });
      continue;
    }
    const merged = (changesOf.get(repo) ?? []).filter((c) => inWindow(c.mergedAt, w));
    if (merged.length > 0) out.set(repo, { source: "changes", people: [...new Set(merged.filter((c) => !c.bot).map((c) => c.author))].sort() });
  }
  return out;
}

/** Signals from rows (the reference the read model is held to). */
export function computeSignals(input: SignalsInput, asOf: number, settings: MetricSettings): SignalsResult {
  const { long, short } = signalWindows(asOf);
  const repos = new Set(input.team.repos);
  const prod = input.deployments.filter((d) => repos.has(d.repo)).flatMap((d) => deployFact(d, settings) ?? []);
  const long90 = prod.filter((d) => inWindow(d.deployedAt, long));
  const runs = ciRunFacts(input.ciRuns.filter((r) => repos.has(r.repo)));
  const runs4 = runs.filter((r) => inWindow(r.startedAt, short));
  const weeks = weeksOfWindow(short, {
    deploys: prod.map((d) => ({ teamId: input.team.id, source: d.source, id: d.id, repo: d.repo, deployedAt: d.deployedAt, failed: false, failures: [], rolledBackBy: null, recoveryMinutes: null, recoveryNote: null, rework: false, reworkBecause: [], changeIds: [] })),
    changesDeployed: [],
    changesNeverDeployed: [],
    ciRuns: runs4,
    incidents: [],
    alerts: [],
  });
  const ops = computeOpsWork(input, short, settings);
  const dora = doraFacts({ team: input.team, deployments: input.deployments, changes: input.changes, incidents: input.incidents }, settings);
  const longWeeks = weeksOfWindow(long, {
    deploys: dora.deploys,
    changesDeployed: dora.changes.filter((c) => c.deploymentId !== null),
    changesNeverDeployed: dora.changes.filter((c) => c.deploymentId === null),
    ciRuns: runs,
    incidents: dora.incidents,
    alerts: [],
  });
  const shortIds = prod.filter((d) => inWindow(d.deployedAt, short)).map((d) => d.id);
  const hasRecords =
    hasActivity(longWeeks, ledgerWeeksFromRows(input, long, settings)) ||
    input.committers.some((c) => repos.has(c.repo) && c.lastCommitAt >= long.from && c.firstCommitAt < long.to);
  return signalsFrom(
    {
      team: input.team,
      orgCompliance: input.orgCompliance,
      repoPeople: repoPeopleOf(input.team.repos, input.committers, input.changes, long),
      longDeploys: {
        count: long90.length,
        repos: [...new Set(long90.map((d) => d.repo))].sort(),
        environments: [...new Set(long90.map((d) => d.environment))].sort(),
        ids: long90.map((d) => d.id),
      },
      shortDeploys: { count: shortIds.length, ids: shortIds },
      ci: ciFromFacts(runs4).overall,
      weeks,
      ops,
      hasRecords,
      names: namesByLogin(input.people),
    },
    asOf,
    settings,
  );
}

/** People's names by every login that is theirs (the identity rule of the read model's `fact_identities`). */
export function namesByLogin(people: readonly { id: string; name: string; github: string | null }[]): Map<string, string> {
  const byId = new Map(people.map((p) => [p.id, p.name]));
  return new Map([...identitiesOf(people)].flatMap(([login, person]) => {
    const name = byId.get(person);
    return name === undefined ? [] : [[login, name] as const];
  }));
}

/** A signal of a team without records in the period: unknown, saying why, whatever the configuration declares. */
export const silenced = (signal: Signal): Signal => ({
  ...signal,
  status: "unknown",
  message: `no records for the team in the 90 days before this date: no verdict (${signal.message})`,
});

const verdictOf = (statuses: SignalStatus[]): Verdict =>
  statuses.includes("firing") ? "fund-now" : statuses.includes("warning") ? "watch" : "not-yet";

/**
 * Org verdict: fund-now if any team's is, else watch if any team's is, else not-yet — over the
 * teams with records (no-data when none has any); hours and cost summed over teams that have them.
 */
export function orgVerdict(teamResults: SignalsResult[], settings?: MetricSettings): OrgVerdict {
  const hours = teamResults.flatMap((r) => (r.hoursPerWeek === null ? [] : [r.hoursPerWeek]));
  const costs = teamResults.flatMap((r) => (r.costPerWeek === null ? [] : [r.costPerWeek]));
  const verdicts = teamResults.map((r) => r.verdict);
  const known = verdicts.filter((v) => v !== "no-data");
  return {
    verdict: known.includes("fund-now") ? "fund-now" : known.includes("watch") ? "watch" : known.length > 0 || teamResults.length === 0 ? "not-yet" : "no-data",
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

export { WEEK };
