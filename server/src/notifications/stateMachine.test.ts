import { describe, expect, test } from "vitest";
import type { NotificationState, RuleState } from "@opsledger/db";
import type { Verdict } from "./judge.ts";
import { step } from "./stateMachine.ts";

const NOW = Date.parse("2026-11-18T10:00:00Z");
const HOUR = 3_600_000;

const verdict = (outcome: Verdict["outcome"]): Verdict => ({ outcome, value: outcome === "no-verdict" ? null : 0.3, count: 4, threshold: 0.2, reason: outcome });
const state = (s: RuleState, streak: number, extra: Partial<NotificationState> = {}): NotificationState => ({
  ruleId: "r",
  scope: "team:a",
  state: s,
  streak,
  value: 0.3,
  count: 4,
  threshold: 0.2,
  reason: "",
  since: NOW - 10 * HOUR,
  lastEvaluatedAt: NOW - HOUR,
  lastNotifiedAt: s === "firing" ? NOW - 10 * HOUR : null,
  version: 3,
  ...extra,
});

describe("the state machine of one rule on one scope", () => {
  test.each<[string, NotificationState | undefined, Verdict["outcome"], { for?: number; remindEveryMs?: number | null }, RuleState, number, string | null]>([
    ["first breach fires at for 1", undefined, "breach", {}, "firing", 1, "firing"],
    ["first clear is ok, says nothing", undefined, "clear", {}, "ok", 0, null],
    ["no data on a new scope is ok, says nothing", undefined, "no-verdict", {}, "ok", 0, null],
    ["ok → pending below for", state("ok", 0), "breach", { for: 3 }, "pending", 1, null],
    ["pending → pending on the second of three", state("pending", 1), "breach", { for: 3 }, "pending", 2, null],
    ["pending → firing on the third of three", state("pending", 2), "breach", { for: 3 }, "firing", 3, "firing"],
    ["pending → ok on a clear, silently", state("pending", 2), "clear", { for: 3 }, "ok", 0, null],
    ["pending → ok when the data goes, the run broken", state("pending", 2), "no-verdict", { for: 3 }, "ok", 0, null],
    ["firing stays firing, silently", state("firing", 5), "breach", {}, "firing", 6, null],
    ["firing → ok sends resolved", state("firing", 5), "clear", {}, "ok", 0, "resolved"],
    ["firing without data stays firing: missing data is not a fix", state("firing", 5), "no-verdict", {}, "firing", 5, null],
    ["firing reminds once the interval has passed", state("firing", 5), "breach", { remindEveryMs: 10 * HOUR }, "firing", 6, "reminder"],
    ["firing does not remind before it", state("firing", 5), "breach", { remindEveryMs: 11 * HOUR }, "firing", 6, null],
  ])("%s", (_, previous, outcome, rule, after, streak, event) => {
    const result = step(previous, verdict(outcome), { for: rule.for ?? 1, remindEveryMs: rule.remindEveryMs ?? null }, { ruleId: "r", scope: "team:a", now: NOW });
    expect({ state: result.next.state, streak: result.next.streak, event: result.event }).toEqual({ state: after, streak, event });
  });

  test("a change of state moves `since`; staying keeps it; a notification moves `lastNotifiedAt`", () => {
    const fired = step(state("ok", 0), verdict("breach"), { for: 1, remindEveryMs: null }, { ruleId: "r", scope: "team:a", now: NOW });
    expect(fired.next).toMatchObject({ since: NOW, lastNotifiedAt: NOW, lastEvaluatedAt: NOW, value: 0.3, reason: "breach" });
    const stays = step(state("firing", 2), verdict("breach"), { for: 1, remindEveryMs: null }, { ruleId: "r", scope: "team:a", now: NOW });
    expect(stays.next).toMatchObject({ since: NOW - 10 * HOUR, lastNotifiedAt: NOW - 10 * HOUR });
  });
});
