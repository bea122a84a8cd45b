/**
 * Digests (issue 15 item 4): a weekly team digest — last week's figures against the week before,
 * what changed, what is firing — and a sprint-end digest of the sprint review, sent on the
 * sprint's last day so the meeting's agenda arrives before the meeting. Figures are read through
 * figures.ts; the messages are built by pure functions below.
 */
import { randomUUID } from "node:crypto";
import { getNotificationStates, insertNotification, type Db, type NewNotification, type NotificationState, type Team } from "@opsledger/db";
import type { DigestConfig, FigureId } from "../config/notifications.ts";
import type { Config } from "../config/schema.ts";
import { isoWeekStart, sprintAt, sprintWindow, type MetricSettings, type SignalId, type Window } from "../metrics/index.ts";
import { SIGNAL_TITLES } from "../reports/model.ts";
import { duration, percent, plural, shortDay } from "../reports/format.ts";
import { createFigureReader, type FigureReader, type Observation, type SignalObservation, type SprintReviewFigures } from "./figures.ts";
import type { NotificationMessage } from "./message.ts";
import { resolveRules } from "./rules.ts";
import { FIGURE_NAMES, formatValue } from "./words.ts";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** The figures a weekly digest shows, in order, and which way is better. */
export const DIGEST_FIGURES: readonly { figure: Exclude<FigureId, "oncall-load">; better: "higher" | "lower" }[] = [
  { figure: "deploys-per-week", better: "higher" },
  { figure: "lead-time", better: "lower" },
  { figure: "change-failure-rate", better: "lower" },
  { figure: "recovery-time", better: "lower" },
  { figure: "ci-median", better: "lower" },
  { figure: "ci-failure-rate", better: "lower" },
  { figure: "ops-share", better: "lower" },
  { figure: "actionable-ratio", better: "higher" },
];

const SIGNAL_ORDER: readonly SignalId[] = ["ops-load", "delivery-pressure", "team-size", "architecture", "compliance"];

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** "Nov 9 – Nov 15" for [from, to). */
const period = (w: Window): string => `${shortDay(isoDay(w.from))} – ${shortDay(isoDay(w.to - 1))}`;

export interface WeeklyDigestInput {
  team: { id: string; name: string };
  week: Window;
  figures: { figure: Exclude<FigureId, "oncall-load">; better: "higher" | "lower"; current: Observation; previous: Observation }[];
  signals: { id: SignalId; observation: SignalObservation }[];
  /** Figure rules firing now on the team's scopes (signal rules say what the signals below say). */
  firingRules: NotificationState[];
  dashboardUrl: string;
}

/** "up from 5 a week" / "down from 31%" / "no change" / "no data the week before". */
function change(current: Observation, previous: Observation, better: "higher" | "lower"): { words: string; moved: "better" | "worse" | null } {
  if (current.value === null || previous.value === null) {
    const words = current.value === null && previous.value === null ? "no data either week" : previous.value === null ? "no data the week before" : "no data this week";
    return { words, moved: null };
  }
  const delta = current.value - previous.value;
  // A change smaller than a hundredth of the larger value is noise in a weekly figure, and one the
  // written figures do not show ("9 min, up from 9 min") is no change to the reader.
  const noise = Math.abs(delta) <= Math.max(Math.abs(current.value), Math.abs(previous.value)) * 0.01;
  if (noise || formatValue(current.value, current.unit) === formatValue(previous.value, previous.unit)) return { words: "no change", moved: null };
  const up = delta > 0;
  return { words: `${up ? "up" : "down"} from ${formatValue(previous.value, previous.unit)}`, moved: up === (better === "higher") ? "better" : "worse" };
}

export function weeklyDigestMessage(input: WeeklyDigestInput): NotificationMessage {
  const rows = input.figures.map((f) => ({ ...f, change: change(f.current, f.previous, f.better) }));
  const figureLines = rows.map(
    (r) => `${capitalise(FIGURE_NAMES[r.figure])}: ${formatValue(r.current.value, r.current.unit)} (${r.change.words}; ${r.current.count} ${r.current.countOf})`,
  );
  const changed = rows.filter((r) => r.change.moved !== null).map((r) => `${r.change.moved === "better" ? "Better" : "Worse"}: ${FIGURE_NAMES[r.figure]} ${formatValue(r.current.value, r.current.unit)}, ${r.change.words}`);
  const firing = [
    ...input.signals
      .filter((s) => s.observation.status === "firing" || s.observation.status === "warning")
      .map((s) => `${SIGNAL_TITLES[s.id]} signal ${s.observation.status}: ${s.observation.message}`),
    ...input.firingRules.map((r) => `Rule ${r.ruleId} firing since ${isoDay(r.since)}: ${r.reason}`),
  ];
  const week = period(input.week);
  return {
    kind: "weekly-digest",
    title: `${input.team.name} weekly digest: ${week}`,
    summary:
      firing.length === 0
        ? `Last week's figures for ${input.team.name}, against the week before. Nothing is firing.`
        : `Last week's figures for ${input.team.name}, against the week before. ${plural(firing.length, "thing")} firing or warning.`,
    facts: [
      { label: "Team", value: input.team.name },
      { label: "Week", value: `${week} (UTC)` },
    ],
    trend: null,
    link: { label: "Team dashboard", url: `${input.dashboardUrl.replace(/\/+$/, "")}/teams/${encodeURIComponent(input.team.id)}?from=${isoDay(input.week.from)}&to=${isoDay(input.week.to - 1)}` },
    sections: [
      { heading: `Figures, ${week}`, lines: figureLines },
      { heading: "What changed", lines: changed.length > 0 ? changed : ["Nothing moved by more than 1% since the week before."] },
      { heading: "Firing now", lines: firing.length > 0 ? firing : ["Nothing is firing."] },
    ],
    data: { event: "weekly-digest", team: input.team.id, weekStart: isoDay(input.week.from), weekEnd: isoDay(input.week.to) },
  };
}

export interface SprintDigestInput {
  team: { id: string; name: string };
  sprint: { index: number; window: Window };
  /** The sprint's figures so far, and the whole previous sprint's. */
  current: SprintReviewFigures;
  previous: SprintReviewFigures;
  opsShare: { current: Observation; previous: Observation };
  dashboardUrl: string;
}

export function sprintDigestMessage(input: SprintDigestInput): NotificationMessage {
  const { current: c, previous: p } = input;
  const vs = (now: string, before: string) => `${now} (previous sprint ${before})`;
  const noisy = c.topNoisyKeys.slice(0, 5).map((k) => `${k.key}: ${plural(k.count, "alert")}, ${k.noiseCount} noise${k.suggestion === null ? "" : ` — ${k.suggestion}`}`);
  const woken = c.wokenUp.map((w) => `${w.name}: ${plural(w.count, "sleep-hour page")}`);
  const window = input.sprint.window;
  return {
    kind: "sprint-digest",
    title: `${input.team.name} sprint review: sprint ${input.sprint.index} (${period(window)})`,
    summary: `The alert review for the sprint that ends ${isoDay(window.to - 1)}, against the sprint before: figures so far, the noisiest alerts, who was woken up.`,
    facts: [
      { label: "Team", value: input.team.name },
      { label: "Sprint", value: `${input.sprint.index}, ${period(window)} (UTC)` },
    ],
    trend: null,
    link: { label: "Sprint review", url: `${input.dashboardUrl.replace(/\/+$/, "")}/teams/${encodeURIComponent(input.team.id)}/sprints/${input.sprint.index}` },
    sections: [
      {
        heading: "Alerts",
        lines: [
          `Alerts: ${vs(String(c.count), String(p.count))}`,
          `Actionable: ${vs(percent(c.actionableRatio), percent(p.actionableRatio))}; noise ${c.noise} (previous ${p.noise})`,
          `Time to fix (median, actionable alerts): ${vs(duration(c.timeToFixMinutes), duration(p.timeToFixMinutes))}`,
          `Keys firing: ${c.newKeys} new, ${c.recurringKeys} recurring`,
          `Sleep-hour pages: ${vs(String(c.pagesBySleep ?? 0), String(p.pagesBySleep ?? 0))}`,
          `Ops share: ${vs(formatValue(input.opsShare.current.value, "fraction"), formatValue(input.opsShare.previous.value, "fraction"))}`,
        ],
      },
      { heading: "Noisiest alerts", lines: noisy.length > 0 ? noisy : ["No noisy alerts this sprint."] },
      { heading: "Who was woken up", lines: woken.length > 0 ? woken : ["Nobody was paged in their sleep hours this sprint."] },
    ],
    data: { event: "sprint-digest", team: input.team.id, sprint: input.sprint.index, sprintStart: isoDay(window.from), sprintEnd: isoDay(window.to) },
  };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The last complete ISO week (Monday 00:00 UTC) before `now`. */
export const lastWeek = (now: number): Window => {
  const monday = isoWeekStart(now);
  return { from: monday - WEEK, to: monday };
};

export async function collectWeeklyDigest(reader: FigureReader, team: Team, now: number, figureRuleStates: NotificationState[], dashboardUrl: string): Promise<WeeklyDigestInput> {
  const week = lastWeek(now);
  const before = { from: week.from - WEEK, to: week.from };
  const figures: WeeklyDigestInput["figures"] = [];
  for (const { figure, better } of DIGEST_FIGURES) {
    figures.push({ figure, better, current: await reader.figure(team, figure, week), previous: await reader.figure(team, figure, before) });
  }
  const signals: WeeklyDigestInput["signals"] = [];
  for (const id of SIGNAL_ORDER) signals.push({ id, observation: await reader.signal(team, id) });
  const prefix = `team:${team.id}`;
  const firingRules = figureRuleStates.filter((s) => s.state === "firing" && (s.scope === prefix || s.scope.startsWith(`${prefix}/`)));
  return { team: { id: team.id, name: team.name }, week, figures, signals, firingRules, dashboardUrl };
}

/** The sprint ending within a day of `now` (its last day), or null when none does. */
export function sprintEndingSoon(now: number, settings: MetricSettings): { index: number; window: Window } | null {
  const sprint = sprintAt(now, settings);
  return sprint.window.to - now <= DAY ? sprint : null;
}

export async function collectSprintDigest(reader: FigureReader, team: Team, sprint: { index: number; window: Window }, now: number, settings: MetricSettings, dashboardUrl: string): Promise<SprintDigestInput> {
  const soFar = { from: sprint.window.from, to: Math.min(sprint.window.to, now) };
  const previous = sprintWindow(sprint.index - 1, settings);
  return {
    team: { id: team.id, name: team.name },
    sprint,
    current: await reader.sprintReview(team, soFar),
    previous: await reader.sprintReview(team, previous),
    opsShare: { current: await reader.figure(team, "ops-share", soFar), previous: await reader.figure(team, "ops-share", previous) },
    dashboardUrl,
  };
}

export interface DigestDeps {
  db: Db;
  config: Config;
  settings: MetricSettings;
  now: number;
}

export interface DigestOutcome {
  digest: string;
  team: string;
  /** Null when nothing was due (a sprint digest before the sprint's last day) or it was made before. */
  notificationId: string | null;
  message: NotificationMessage | null;
  note: string;
}

export const digestId = (digest: DigestConfig): string => digest.id ?? digest.kind;

/**
 * Make the digest for each of its teams and queue it on its channels, once per team and period
 * (a second run in the same week or sprint changes nothing). `dryRun` builds the messages only.
 */
export async function makeDigests(deps: DigestDeps, digest: DigestConfig, options: { dryRun?: boolean; teams?: readonly string[] } = {}): Promise<DigestOutcome[]> {
  const reader = createFigureReader(deps.db, deps.settings, deps.now);
  const all = await reader.teams();
  const wanted = options.teams ?? digest.teams;
  const teams = wanted === undefined ? all : all.filter((t) => wanted.includes(t.id));
  const id = digestId(digest);
  const dashboardUrl = deps.config.notifications.dashboardUrl;
  const outcomes: DigestOutcome[] = [];
  const sprint = digest.kind === "sprint" ? sprintEndingSoon(deps.now, deps.settings) : null;
  const figureRules = new Set(resolveRules(deps.config.notifications).filter((r) => r.target.kind === "figure").map((r) => r.id));
  const states = digest.kind === "weekly" ? (await getNotificationStates(deps.db)).filter((s) => figureRules.has(s.ruleId)) : [];
  for (const team of teams) {
    let message: NotificationMessage;
    let periodKey: string;
    if (digest.kind === "weekly") {
      message = weeklyDigestMessage(await collectWeeklyDigest(reader, team, deps.now, states, dashboardUrl));
      periodKey = isoDay(lastWeek(deps.now).from);
    } else {
      if (sprint === null) {
        outcomes.push({ digest: id, team: team.id, notificationId: null, message: null, note: "no sprint ends within a day: the sprint digest waits for the sprint's last day" });
        continue;
      }
      message = sprintDigestMessage(await collectSprintDigest(reader, team, sprint, deps.now, deps.settings, dashboardUrl));
      periodKey = `sprint-${sprint.index}`;
    }
    if (options.dryRun) {
      outcomes.push({ digest: id, team: team.id, notificationId: null, message, note: "dry run: not queued" });
      continue;
    }
    const notification: NewNotification = {
      id: randomUUID(),
      dedupeKey: `digest|${id}|${team.id}|${periodKey}`,
      kind: message.kind,
      ruleId: null,
      scope: `team:${team.id}`,
      teamId: team.id,
      createdAt: deps.now,
      title: message.title,
      message: JSON.stringify(message),
    };
    const inserted = await insertNotification(deps.db, notification, digest.channels, deps.now);
    outcomes.push({ digest: id, team: team.id, notificationId: inserted ? notification.id : null, message, note: inserted ? "queued" : `already made for ${periodKey}` });
  }
  return outcomes;
}
