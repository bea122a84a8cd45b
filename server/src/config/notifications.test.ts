import { describe, expect, test } from "vitest";
import { resolveRules } from "../notifications/rules.ts";
import { ConfigError, parseConfig } from "./load.ts";

function problemsOf(text: string) {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const channels = "notifications:\n  channels:\n    - { name: ops, type: slack }\n";

describe("the notifications and schedule sections", () => {
  test("without them: the five signals as rules for every team, no channels, the default schedule", () => {
    const config = parseConfig("");
    expect(resolveRules(config.notifications).map((r) => [r.id, r.target, r.scope, r.channels])).toEqual([
      ["team-size", { kind: "signal", signal: "team-size", at: "firing" }, "every-team", []],
      ["delivery-pressure", { kind: "signal", signal: "delivery-pressure", at: "firing" }, "every-team", []],
      ["architecture", { kind: "signal", signal: "architecture", at: "firing" }, "every-team", []],
      ["compliance", { kind: "signal", signal: "compliance", at: "firing" }, "every-team", []],
      ["ops-load", { kind: "signal", signal: "ops-load", at: "firing" }, "every-team", []],
    ]);
    expect(config.schedule).toMatchObject({ enabled: true, timezone: "UTC", collect: { github: "0 * * * *", pagerduty: "*/30 * * * *" }, evaluate: "10,40 * * * *" });
  });

  test("a figure rule gets its defaults; default channels apply to rules that name none", () => {
    const config = parseConfig(`${channels}  defaultChannels: [ops]\n  rules:\n    - { id: ci, figure: ci-median, threshold: 15 }\n    - { id: cfr, figure: change-failure-rate, comparison: ">", threshold: 0.15, window: 2w, for: 2, minCount: 5, remindEvery: 24h, scope: { team: payments } }\n`);
    expect(resolveRules(config.notifications)).toEqual([
      { id: "ci", description: null, target: { kind: "figure", figure: "ci-median", comparison: ">=", threshold: 15, windowMs: 28 * 86_400_000 }, scope: "every-team", for: 1, minCount: 0, remindEveryMs: null, channels: ["ops"] },
      { id: "cfr", description: null, target: { kind: "figure", figure: "change-failure-rate", comparison: ">", threshold: 0.15, windowMs: 14 * 86_400_000 }, scope: { team: "payments" }, for: 2, minCount: 5, remindEveryMs: 86_400_000, channels: ["ops"] },
    ]);
  });

  test.each([
    ["a rule with both a figure and a signal", `${channels}  rules:\n    - { id: x, figure: ops-share, signal: ops-load, threshold: 0.2 }\n`, "notifications.rules.0.signal", "give either a figure"],
    ["a rule with neither", `${channels}  rules:\n    - { id: x, threshold: 0.2 }\n`, "notifications.rules.0.figure", "give either a figure"],
    ["a figure rule without a threshold", `${channels}  rules:\n    - { id: x, figure: ops-share }\n`, "notifications.rules.0.threshold", "needs a threshold"],
    ["a signal rule with a threshold", `${channels}  rules:\n    - { id: x, signal: ops-load, threshold: 0.3 }\n`, "notifications.rules.0.threshold", "does not apply to a signal rule"],
    ["an org rule on a median", `${channels}  rules:\n    - { id: x, figure: lead-time, threshold: 600, scope: org }\n`, "notifications.rules.0.scope", "has no organization value"],
    ["an unknown figure", `${channels}  rules:\n    - { id: x, figure: happiness, threshold: 1 }\n`, "notifications.rules.0.figure", "Invalid option"],
    ["a window that is not a span", `${channels}  rules:\n    - { id: x, figure: ops-share, threshold: 0.2, window: a month }\n`, "notifications.rules.0.window", 'such as "36h", "28d" or "4w"'],
    ["a channel nobody configured", `${channels}  rules:\n    - { id: x, signal: ops-load, channels: [email] }\n`, "notifications.rules.0.channels.0", '"email" is not one of notifications.channels'],
    ["two rules with one id", `${channels}  rules:\n    - { id: x, signal: ops-load }\n    - { id: x, signal: compliance }\n`, "notifications.rules.1.id", 'duplicate rule id "x"'],
    ["an email channel without recipients", "notifications:\n  channels:\n    - { name: mail, type: email, from: a@b.example, to: [] }\n", "notifications.channels.0.to", "at least one address"],
    ["a cron pattern that is not one", "schedule:\n  evaluate: every ten minutes\n", "schedule.evaluate", "must be a cron pattern"],
    ["two digests of one kind without ids", `${channels}  digests:\n    - { kind: weekly, channels: [ops] }\n    - { kind: weekly, channels: [ops], teams: [a] }\n`, "notifications.digests.1.id", 'two digests are called "weekly"'],
  ])("%s is refused with its line and key", (_, text, key, message) => {
    const problems = problemsOf(text);
    expect(problems).toContainEqual(expect.objectContaining({ key, message: expect.stringContaining(message) }));
    expect(problems.every((p) => p.line !== null)).toBe(true);
  });
});
