/**
 * One evaluation of every rule on every scope: read the figures (figures.ts, one overview per
 * team and window), judge each rule, step its state machine, and — unless it is a dry run — write
 * each change of state with its notification and pending deliveries in one transaction. Sending
 * is deliver.ts's job, so a crash after this leaves pending deliveries that the next run sends.
 */
import { randomUUID } from "node:crypto";
import {
  applyNotificationTransition,
  finishNotificationRun,
  getNotificationStates,
  startNotificationRun,
  type Db,
  type NotificationState,
  type RuleState,
  type Team,
} from "@opsledger/db";
import type { Config } from "../config/schema.ts";
import type { MetricSettings, Window } from "../metrics/index.ts";
import { createFigureReader, type FigureReader, type Observation } from "./figures.ts";
import { judgeFigure, judgeSignal, type Verdict } from "./judge.ts";
import { recordsLink, ruleMessage } from "./message.ts";
import { resolveRules, type Rule } from "./rules.ts";
import { step, type RuleEvent } from "./stateMachine.ts";
import { FIGURE_UNITS, ruleUnit, sparkline } from "./words.ts";

export interface EvaluateDeps {
  db: Db;
  config: Config;
  settings: MetricSettings;
  /** The instant the figures are read as of. */
  now: number;
}

export interface ScopeTarget {
  key: string;
  label: string;
  team: Team | null;
  person: { id: string; name: string } | null;
}

export interface ScopeEvaluation {
  ruleId: string;
  scope: string;
  scopeLabel: string;
  verdict: Verdict;
  before: RuleState | null;
  after: RuleState;
  event: RuleEvent | null;
  /** False on a dry run, or when another process moved this state first (then it announced it). */
  applied: boolean;
  notificationId: string | null;
}

export interface EvaluationReport {
  runId: string | null;
  at: number;
  dryRun: boolean;
  scopes: ScopeEvaluation[];
  /** Rules that could not be evaluated (a scope naming an unknown team), in words. */
  problems: string[];
}

const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The scopes a rule covers now, and what to say when one names a team that does not exist. */
async function scopesOf(rule: Rule, reader: FigureReader, window: Window): Promise<{ scopes: ScopeTarget[]; problems: string[] }> {
  const teams = await reader.teams();
  if (rule.scope === "org") return { scopes: [{ key: "org", label: "Organization", team: null, person: null }], problems: [] };
  const wanted = rule.scope === "every-team" ? teams.map((t) => t.id) : "team" in rule.scope ? [rule.scope.team] : rule.scope.teams;
  const byId = new Map(teams.map((t) => [t.id, t]));
  const problems = wanted.filter((id) => !byId.has(id)).map((id) => `rule ${rule.id}: no team "${id}"`);
  const chosen = wanted.flatMap((id) => byId.get(id) ?? []);
  if (rule.target.kind === "figure" && rule.target.figure === "oncall-load") {
    const scopes: ScopeTarget[] = [];
    for (const team of chosen) {
      for (const p of await reader.oncallLoad(team, window)) {
        scopes.push({ key: `team:${team.id}/person:${p.person}`, label: `${p.name} (${team.name})`, team, person: { id: p.person, name: p.name } });
      }
    }
    return { scopes, problems };
  }
  return { scopes: chosen.map((team) => ({ key: `team:${team.id}`, label: team.name, team, person: null })), problems };
}

/** The organisation's value of a figure: a ratio of the teams' sums, or the sum of their values. */
function orgObservation(observations: Observation[], fallback: Observation): Observation {
  const count = observations.reduce((n, o) => n + o.count, 0);
  let numerator = 0;
  let denominator = 0;
  let sum: number | null = null;
  for (const o of observations) {
    if (o.parts === null) continue;
    if ("sum" in o.parts) sum = (sum ?? 0) + o.parts.sum;
    else {
      numerator += o.parts.numerator;
      denominator += o.parts.denominator;
    }
  }
  const value = sum !== null ? sum : denominator > 0 ? numerator / denominator : null;
  return { ...fallback, value, count, parts: sum !== null ? { sum } : { numerator, denominator } };
}

async function verdictFor(rule: Rule, scope: ScopeTarget, reader: FigureReader, window: Window, settings: MetricSettings): Promise<Verdict> {
  const target = rule.target;
  const teams = scope.team === null ? await reader.teams() : [scope.team];
  if (target.kind === "signal") {
    if (scope.team !== null) return judgeSignal(target, await reader.signal(scope.team, target.signal), rule.minCount, settings);
    // The organisation: the signal counts as firing when it fires (or warns) for any team.
    const verdicts: Verdict[] = [];
    for (const team of teams) verdicts.push(judgeSignal(target, await reader.signal(team, target.signal), rule.minCount, settings));
    const breaching = verdicts.filter((v) => v.outcome === "breach").length;
    const judged = verdicts.filter((v) => v.outcome !== "no-verdict").length;
    const threshold = verdicts[0]?.threshold ?? 0;
    if (judged === 0) return { outcome: "no-verdict", value: null, count: 0, threshold, reason: "no team has a verdict on this signal" };
    return {
      outcome: breaching > 0 ? "breach" : "clear",
      value: breaching,
      count: judged,
      threshold,
      reason: `${breaching} of ${judged} teams ${target.at === "warning" ? "at warning or firing" : "firing"}`,
    };
  }
  if (target.figure === "oncall-load") {
    const person = scope.person;
    const found = scope.team === null || person === null ? undefined : (await reader.oncallLoad(scope.team, window)).find((p) => p.person === person.id);
    const observation: Observation = found?.observation ?? { value: null, count: 0, countOf: "interruptions", unit: "fraction", parts: null };
    return judgeFigure(target, observation, rule.minCount);
  }
  const figure = target.figure;
  if (scope.team !== null) return judgeFigure(target, await reader.figure(scope.team, figure, window), rule.minCount);
  const observations: Observation[] = [];
  for (const team of teams) observations.push(await reader.figure(team, figure, window));
  const empty: Observation = { value: null, count: 0, countOf: observations[0]?.countOf ?? "records", unit: FIGURE_UNITS[figure], parts: null };
  return judgeFigure(target, orgObservation(observations, empty), rule.minCount);
}

export async function evaluateRules(deps: EvaluateDeps, options: { dryRun: boolean; trigger: string }): Promise<EvaluationReport> {
  const { db, config, settings, now } = deps;
  const rules = resolveRules(config.notifications);
  const reader = createFigureReader(db, settings, now);
  const runId = options.dryRun ? null : randomUUID();
  if (runId !== null) await startNotificationRun(db, { id: runId, trigger: options.trigger, startedAt: now });
  const report: EvaluationReport = { runId, at: now, dryRun: options.dryRun, scopes: [], problems: [] };
  try {
    const states = new Map<string, NotificationState>((await getNotificationStates(db)).map((s) => [`${s.ruleId}\u0000${s.scope}`, s]));
    for (const rule of rules) {
      const window: Window = { from: now - (rule.target.kind === "figure" ? rule.target.windowMs : 28 * 86_400_000), to: now };
      const { scopes, problems } = await scopesOf(rule, reader, window);
      report.problems.push(...problems);
      for (const scope of scopes) {
        const verdict = await verdictFor(rule, scope, reader, window, settings);
        const previous = states.get(`${rule.id}\u0000${scope.key}`);
        const { next, event } = step(previous, verdict, rule, { ruleId: rule.id, scope: scope.key, now });
        let notificationId: string | null = null;
        let applied = false;
        if (!options.dryRun) {
          const notification = event === null ? null : await notificationFor(deps, reader, rule, scope, verdict, event, next.since, previous?.since ?? null, window);
          applied = await applyNotificationTransition(db, { next, expectedVersion: previous?.version ?? null, notification });
          if (applied && notification !== null) notificationId = notification.notification.id;
        }
        report.scopes.push({ ruleId: rule.id, scope: scope.key, scopeLabel: scope.label, verdict, before: previous?.state ?? null, after: next.state, event, applied, notificationId });
        await yieldToServer();
      }
    }
  } catch (error) {
    if (runId !== null) await finishNotificationRun(db, runId, { finishedAt: now, ...tally(report), error: (error as Error).message });
    throw error;
  }
  if (runId !== null) await finishNotificationRun(db, runId, { finishedAt: now, ...tally(report), error: report.problems.length > 0 ? report.problems.join("; ") : null });
  return report;
}

function tally(report: EvaluationReport) {
  const applied = report.scopes.filter((s) => s.applied);
  return {
    scopes: report.scopes.length,
    fired: applied.filter((s) => s.event === "firing").length,
    resolved: applied.filter((s) => s.event === "resolved").length,
    reminded: applied.filter((s) => s.event === "reminder").length,
  };
}

async function notificationFor(
  deps: EvaluateDeps,
  reader: FigureReader,
  rule: Rule,
  scope: ScopeTarget,
  verdict: Verdict,
  event: RuleEvent,
  since: number,
  previousSince: number | null,
  window: Window,
) {
  const target = rule.target;
  const of = target.kind === "figure" ? target.figure : target.signal;
  const unit = ruleUnit(rule, scope.key);
  const points = scope.team === null ? [] : await reader.trend(scope.team, of, window, scope.person?.id);
  const firingSince = event === "resolved" ? previousSince : since;
  const message = ruleMessage({
    rule,
    event,
    scope: { key: scope.key, label: scope.label, team: scope.team?.id ?? null, person: scope.person?.id ?? null },
    verdict,
    firingSince,
    evaluatedAt: deps.now,
    trend: sparkline(points, unit),
    link: recordsLink(deps.config.notifications.dashboardUrl, scope.team?.id ?? null, of, window),
  });
  return {
    notification: {
      id: randomUUID(),
      // A transition is announced once: firing and reminders by the instant they happened, resolved by the firing it ends.
      dedupeKey: `rule|${rule.id}|${scope.key}|${event}|${event === "resolved" ? `${previousSince ?? ""}` : deps.now}`,
      kind: event,
      ruleId: rule.id,
      scope: scope.key,
      teamId: scope.team?.id ?? null,
      createdAt: deps.now,
      title: message.title,
      message: JSON.stringify(message),
    },
    channels: rule.channels,
  };
}
