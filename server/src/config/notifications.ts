/**
 * The `notifications` and `schedule` sections of `opsledger.config.yaml` (issue 15): rules on a
 * figure or a signal, the channels they go to, digests, and when collection, evaluation and
 * digests run. Channel URLs and secrets are never here: they come from the environment
 * (`OPSLEDGER_CHANNEL_<NAME>_URL`, `…_SECRET`, read once in env.ts).
 */
import { Cron } from "croner";
import { z } from "zod";
import { slug, timeZone } from "../validation.ts";

/** Every figure a rule can watch; figures.ts says where each comes from. */
export const FIGURE_IDS = [
  "ops-share",
  "oncall-load",
  "deploys-per-week",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "rework-rate",
  "ci-median",
  "ci-failure-rate",
  "actionable-ratio",
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export const SIGNAL_IDS = ["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"] as const;

/** Figures that are medians or per person: they do not add up across teams, so they have no org value. */
export const NO_ORG_VALUE: readonly FigureId[] = ["lead-time", "recovery-time", "ci-median", "oncall-load"];

export const COMPARISONS = [">", ">=", "<", "<="] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** A cron pattern croner accepts (5 or 6 parts, seconds first when 6). */
export const cronPattern = z.string().refine((pattern) => {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}, 'must be a cron pattern such as "0 * * * *" (minute hour day month weekday, or seconds first)');

/** "4w", "28d", "36h": a window or an interval, in milliseconds. */
export const span = z
  .string()
  .regex(/^\d+(h|d|w)$/, 'must be a number of hours, days or weeks such as "36h", "28d" or "4w"')
  .transform((text) => {
    const n = Number(text.slice(0, -1));
    const unit = text.slice(-1);
    return n * (unit === "h" ? 3_600_000 : unit === "d" ? 86_400_000 : 7 * 86_400_000);
  })
  .refine((ms) => ms > 0, "must be longer than zero");

export const channelConfig = z.discriminatedUnion("type", [
  z.strictObject({ name: slug, type: z.literal("slack") }),
  z.strictObject({ name: slug, type: z.literal("webhook") }),
  z.strictObject({
    name: slug,
    type: z.literal("email"),
    from: z.email(),
    to: z.array(z.email()).min(1, "must list at least one address"),
  }),
]);

/** Where a rule looks: every team (each its own scope), the listed teams, or the organization as a whole. */
export const ruleScope = z.union([
  z.enum(["every-team", "org"]),
  z.strictObject({ team: slug }),
  z.strictObject({ teams: z.array(slug).min(1) }),
]);

export const ruleConfig = z
  .strictObject({
    id: slug,
    description: z.string().min(1).optional(),
    /** A figure compared with a threshold… */
    figure: z.enum(FIGURE_IDS).optional(),
    comparison: z.enum(COMPARISONS).optional(),
    threshold: z.number().optional(),
    /** The window the figure is computed over, ending at the evaluation; default 4 weeks. */
    window: span.optional(),
    /** …or a fund-DevOps signal at a status (its thresholds are under `thresholds`). */
    signal: z.enum(SIGNAL_IDS).optional(),
    at: z.enum(["firing", "warning"]).optional(),
    scope: ruleScope.default("every-team"),
    /** Evaluations in a row the condition must hold before the rule fires. */
    for: z.number().int().positive().default(1),
    /** No verdict (neither firing nor resolving) when the figure was computed from fewer records. */
    minCount: z.number().int().nonnegative().default(0),
    /** While firing, send a reminder this long after the last notification; default never. */
    remindEvery: span.optional(),
    /** Channel names; default `notifications.defaultChannels`. */
    channels: z.array(slug).optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((rule.figure === undefined) === (rule.signal === undefined)) {
      issue(rule.figure === undefined ? "figure" : "signal", "give either a figure (with comparison and threshold) or a signal, not both");
      return;
    }
    if (rule.figure !== undefined) {
      if (rule.threshold === undefined) issue("threshold", `a rule on the figure ${rule.figure} needs a threshold`);
      if (rule.at !== undefined) issue("at", "at applies to signal rules; a figure rule uses comparison and threshold");
      if (rule.scope === "org" && NO_ORG_VALUE.includes(rule.figure)) {
        issue("scope", `${rule.figure} has no organization value (medians and per-person figures do not add up across teams): use every-team`);
      }
    } else {
      for (const key of ["comparison", "threshold", "window"] as const) {
        if (rule[key] !== undefined) issue(key, `${key} does not apply to a signal rule: a signal reads its own spans and the thresholds under \`thresholds\``);
      }
    }
  });

export const digestConfig = z.strictObject({
  id: slug.optional(),
  /** weekly: last week's figures against the week before; sprint: the sprint review, sent on the sprint's last day. */
  kind: z.enum(["weekly", "sprint"]),
  /** Teams to send it for; default every team. */
  teams: z.array(slug).optional(),
  channels: z.array(slug).min(1, "must name at least one channel"),
  /** When it is checked (schedule.timezone): weekly default Mondays 08:00, sprint default daily 08:00. */
  cron: cronPattern.optional(),
});

export const notificationsConfig = z
  .strictObject({
    /** The dashboard's address, for the links in notifications. */
    dashboardUrl: z.url().default("http://localhost:8080"),
    channels: z.array(channelConfig).default([]),
    /** Channels of rules that name none (the shipped defaults included). */
    defaultChannels: z.array(slug).default([]),
    /** Omitted: the five fund-DevOps signals at their thresholds (DEFAULT_RULES). */
    rules: z.array(ruleConfig).optional(),
    digests: z.array(digestConfig).default([]),
    delivery: z
      .strictObject({
        /** Retries after the first attempt, with exponential backoff between them. */
        retries: z.number().int().nonnegative().max(20).default(4),
        minBackoffMs: z.number().int().nonnegative().default(1000),
        maxBackoffMs: z.number().int().positive().default(60_000),
        /** One attempt gives up after this long. */
        timeoutMs: z.number().int().positive().default(10_000),
      })
      .default({ retries: 4, minBackoffMs: 1000, maxBackoffMs: 60_000, timeoutMs: 10_000 }),
  })
  .superRefine((n, ctx) => {
    const names = n.channels.map((c) => c.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: "custom", path: ["channels", i, "name"], message: `duplicate channel "${name}"` });
    });
    const known = new Set(names);
    const check = (list: readonly string[] | undefined, path: (string | number)[]) =>
      list?.forEach((name, i) => {
        if (!known.has(name)) ctx.addIssue({ code: "custom", path: [...path, i], message: `"${name}" is not one of notifications.channels` });
      });
    check(n.defaultChannels, ["defaultChannels"]);
    const ruleIds = (n.rules ?? []).map((r) => r.id);
    n.rules?.forEach((rule, i) => {
      if (ruleIds.indexOf(rule.id) !== i) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `duplicate rule id "${rule.id}"` });
      check(rule.channels, ["rules", i, "channels"]);
    });
    const digestIds = n.digests.map((d) => d.id ?? d.kind);
    n.digests.forEach((digest, i) => {
      if (digestIds.indexOf(digestIds[i] ?? "") !== i) {
        ctx.addIssue({ code: "custom", path: ["digests", i, "id"], message: `two digests are called "${digestIds[i]}": give each an id` });
      }
      check(digest.channels, ["digests", i, "channels"]);
    });
  });

export const scheduleConfig = z.strictObject({
  /** `opsledger serve` runs the scheduler; false leaves collection and notifications to the CLI. */
  enabled: z.boolean().default(true),
  /** Serving processes run jobs too; with Postgres, false leaves them to `opsledger worker` processes (SQLite always runs them in serve). */
  work: z.boolean().default(true),
  /** The zone the cron patterns are read in. */
  timezone: timeZone.default("UTC"),
  collect: z
    .strictObject({
      /** Each configured repository, one job per repository. */
      github: cronPattern.default("0 * * * *"),
      pagerduty: cronPattern.default("*/30 * * * *"),
    })
    .default({ github: "0 * * * *", pagerduty: "*/30 * * * *" }),
  /** Rule evaluation, after the collections it reads. */
  evaluate: cronPattern.default("10,40 * * * *"),
  /** The Postgres job queue (pg-boss); SQLite runs jobs in the serving process. */
  jobs: z
    .strictObject({
      /** A job still running this long after it started is taken to be dead and retried. */
      expireSeconds: z.number().int().min(1).max(23 * 3600).default(3600),
      retryLimit: z.number().int().nonnegative().default(3),
      retryDelaySeconds: z.number().int().nonnegative().default(30),
      /** How often a worker asks for new jobs, and how often expired jobs are looked for. */
      pollSeconds: z.number().min(0.5).default(2),
      maintenanceSeconds: z.number().int().min(1).default(60),
    })
    .default({ expireSeconds: 3600, retryLimit: 3, retryDelaySeconds: 30, pollSeconds: 2, maintenanceSeconds: 60 }),
});

export type NotificationsConfig = z.output<typeof notificationsConfig>;
export type ChannelConfig = z.output<typeof channelConfig>;
export type RuleConfig = z.output<typeof ruleConfig>;
export type RuleScope = z.output<typeof ruleScope>;
export type DigestConfig = z.output<typeof digestConfig>;
export type ScheduleConfig = z.output<typeof scheduleConfig>;
