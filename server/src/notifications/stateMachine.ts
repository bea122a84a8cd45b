/**
 * The life of one rule on one scope (issue 15 item 3), pure:
 * - ok → firing when the condition has held `for` evaluations in a row (pending until then):
 *   one firing notification;
 * - nothing more while firing, except a reminder once `remindEvery` has passed since the last one;
 * - firing → ok as soon as the condition no longer holds: one resolved notification;
 * - no verdict (no data, fewer records than minCount) changes nothing, except that it breaks a
 *   pending run of evaluations: missing data is no reason to fire, and no reason to call it fixed.
 */
import type { NotificationState } from "@opsledger/db";
import type { Verdict } from "./judge.ts";

export type RuleEvent = "firing" | "resolved" | "reminder";

export interface Step {
  next: Omit<NotificationState, "version">;
  event: RuleEvent | null;
}

export interface StepRule {
  for: number;
  remindEveryMs: number | null;
}

export function step(previous: NotificationState | undefined, verdict: Verdict, rule: StepRule, at: { ruleId: string; scope: string; now: number }): Step {
  const prior: Omit<NotificationState, "version"> = previous ?? {
    ruleId: at.ruleId,
    scope: at.scope,
    state: "ok",
    streak: 0,
    value: null,
    count: null,
    threshold: null,
    reason: "",
    since: at.now,
    lastEvaluatedAt: at.now,
    lastNotifiedAt: null,
  };
  const observed = { ...prior, value: verdict.value, count: verdict.count, threshold: verdict.threshold, reason: verdict.reason, lastEvaluatedAt: at.now };

  if (verdict.outcome === "no-verdict") {
    if (prior.state === "pending") return { next: { ...observed, state: "ok", streak: 0, since: at.now }, event: null };
    return { next: { ...observed, streak: prior.state === "firing" ? prior.streak : 0 }, event: null };
  }

  if (verdict.outcome === "clear") {
    if (prior.state === "firing") return { next: { ...observed, state: "ok", streak: 0, since: at.now, lastNotifiedAt: at.now }, event: "resolved" };
    return { next: { ...observed, state: "ok", streak: 0, since: prior.state === "ok" ? prior.since : at.now }, event: null };
  }

  const streak = prior.streak + 1;
  if (prior.state === "firing") {
    const due = rule.remindEveryMs !== null && prior.lastNotifiedAt !== null && at.now - prior.lastNotifiedAt >= rule.remindEveryMs;
    return due ? { next: { ...observed, streak, lastNotifiedAt: at.now }, event: "reminder" } : { next: { ...observed, streak }, event: null };
  }
  if (streak >= rule.for) return { next: { ...observed, state: "firing", streak, since: at.now, lastNotifiedAt: at.now }, event: "firing" };
  return { next: { ...observed, state: "pending", streak, since: prior.state === "pending" ? prior.since : at.now }, event: null };
}
