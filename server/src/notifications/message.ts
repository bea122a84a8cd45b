/**
 * What a notification says, as one channel-neutral message: a title, a sentence, labelled facts,
 * a trend as text, the link to the records behind the figure, sections (digests), and the same
 * facts as data for machines (the webhook). Channels render it (render.ts). Pure.
 */
import type { NotificationKind } from "@opsledger/db";
import type { FigureId } from "../config/notifications.ts";
import type { SignalId, Window } from "../metrics/index.ts";
import type { RecordMetric } from "../routes/records.ts";
import type { Verdict } from "./judge.ts";
import { COMPARISON_SYMBOLS, type Rule } from "./rules.ts";
import type { RuleEvent } from "./stateMachine.ts";
import { FIGURE_NAMES, formatValue, ruleUnit, signalName, spanWords } from "./words.ts";

export type DataValue = string | number | boolean | null;

export interface NotificationMessage {
  kind: NotificationKind;
  title: string;
  summary: string;
  facts: { label: string; value: string }[];
  /** The weekly trend as text ("▂▃▅█ 12% → 31%"), when the figure has one. */
  trend: string | null;
  link: { label: string; url: string } | null;
  sections: { heading: string; lines: string[] }[];
  /** The same, for machines: ids, raw values, instants. */
  data: Record<string, DataValue>;
}

/** Where on the dashboard the records behind a figure or signal are listed. */
const RECORDS_OF: Partial<Record<FigureId | SignalId, RecordMetric>> = {
  "ops-share": "pages",
  "oncall-load": "pages",
  "ops-load": "pages",
  "deploys-per-week": "deployments",
  "delivery-pressure": "deployments",
  architecture: "deployments",
  "rework-rate": "deployments",
  "lead-time": "changes",
  "team-size": "changes",
  "change-failure-rate": "failed-deployments",
  "recovery-time": "failed-deployments",
  "ci-median": "ci-runs",
  "ci-failure-rate": "ci-runs",
  "actionable-ratio": "alerts",
};

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The dashboard page of a team's records over a window (the web reads whole days, `to` inclusive). */
export function recordsLink(dashboardUrl: string, team: string | null, of: FigureId | SignalId, window: Window): { label: string; url: string } {
  const base = dashboardUrl.replace(/\/+$/, "");
  if (team === null) return { label: "Organization overview", url: `${base}/` };
  const metric = RECORDS_OF[of];
  const range = `from=${day(window.from)}&to=${day(window.to - 1)}`;
  if (metric === undefined) return { label: "Team dashboard", url: `${base}/teams/${encodeURIComponent(team)}?${range}` };
  return { label: `Records behind it (${metric})`, url: `${base}/teams/${encodeURIComponent(team)}/records/${metric}?${range}` };
}

export interface RuleMessageInput {
  rule: Rule;
  event: RuleEvent;
  scope: { key: string; label: string; team: string | null; person: string | null };
  verdict: Verdict;
  /** When the state began (firing: now; resolved: when it had fired). */
  firingSince: number | null;
  evaluatedAt: number;
  trend: string | null;
  link: { label: string; url: string } | null;
}

const EVENT_WORDS: Record<RuleEvent, string> = { firing: "firing", resolved: "resolved", reminder: "still firing" };

/** The notification for a rule firing, resolving or reminding, on one scope. */
export function ruleMessage(input: RuleMessageInput): NotificationMessage {
  const { rule, event, scope, verdict } = input;
  const target = rule.target;
  const unit = ruleUnit(rule, scope.key);
  const value = formatValue(verdict.value, unit);
  const what = target.kind === "figure" ? FIGURE_NAMES[target.figure] : signalName(target.signal);
  const condition =
    target.kind === "figure"
      ? `${COMPARISON_SYMBOLS[target.comparison]} ${formatValue(target.threshold, unit)}`
      : `${target.at === "warning" ? "warning or firing" : "firing"} (threshold ${formatValue(verdict.threshold, unit)})`;
  const title =
    target.kind === "figure"
      ? `[${EVENT_WORDS[event]}] ${scope.label}: ${what} ${value} (${event === "resolved" ? "no longer " : ""}${condition})`
      : `[${EVENT_WORDS[event]}] ${scope.label}: ${what}${event === "resolved" ? " no longer fires" : ` (${scope.team === null ? `${value} ${verdict.value === 1 ? "team" : "teams"}` : value})`}`;
  const facts = [
    { label: "Rule", value: rule.id },
    { label: "Scope", value: scope.label },
    { label: target.kind === "figure" ? "Value" : "Signal value", value },
    { label: "Condition", value: condition },
    ...(target.kind === "figure" ? [{ label: "Window", value: `last ${spanWords(target.windowMs)}` }] : []),
    ...(verdict.count === null ? [] : [{ label: "Records", value: String(verdict.count) }]),
    ...(input.firingSince === null ? [] : [{ label: event === "resolved" ? "Fired at" : "Firing since", value: new Date(input.firingSince).toISOString() }]),
  ];
  return {
    kind: event,
    title,
    summary: `${rule.description === null ? "" : `${rule.description}: `}${verdict.reason}.`,
    facts,
    trend: input.trend,
    link: input.link,
    sections: [],
    data: {
      event,
      rule: rule.id,
      scope: scope.key,
      team: scope.team,
      person: scope.person,
      figure: target.kind === "figure" ? target.figure : null,
      signal: target.kind === "signal" ? target.signal : null,
      comparison: target.kind === "figure" ? target.comparison : null,
      value: verdict.value,
      threshold: verdict.threshold,
      count: verdict.count,
      windowDays: target.kind === "figure" ? target.windowMs / 86_400_000 : null,
      firingSince: input.firingSince === null ? null : new Date(input.firingSince).toISOString(),
      evaluatedAt: new Date(input.evaluatedAt).toISOString(),
    },
  };
}

/** The sample `opsledger notify test` sends: clearly a test, shaped like a firing notification. */
export function testMessage(channel: string, at: number, dashboardUrl: string): NotificationMessage {
  return {
    kind: "test",
    title: `[test] opsledger can reach the channel ${channel}`,
    summary: "A test notification sent by `opsledger notify test`. A real one names the rule, the team, the figure and its threshold.",
    facts: [
      { label: "Channel", value: channel },
      { label: "Sent at", value: new Date(at).toISOString() },
    ],
    trend: "▁▂▃▅▇ 12% → 31% (sample)",
    link: { label: "Dashboard", url: `${dashboardUrl.replace(/\/+$/, "")}/notifications` },
    sections: [],
    data: { event: "test", channel, sentAt: new Date(at).toISOString() },
  };
}
