/** The weekly digest's words for a change, from the figures a reader sees. */
import { describe, expect, test } from "vitest";
import { weeklyDigestMessage, type WeeklyDigestInput } from "./digests.ts";
import type { Observation } from "./figures.ts";

const minutes = (value: number | null): Observation => ({ value, count: 41, countOf: "finished CI runs", unit: "minutes", parts: null });
const digest = (current: Observation, previous: Observation) =>
  weeklyDigestMessage({
    team: { id: "payments", name: "Payments" },
    week: { from: Date.UTC(2026, 10, 9), to: Date.UTC(2026, 10, 16) },
    figures: [{ figure: "ci-median", better: "lower", current, previous }],
    signals: [],
    firingRules: [],
    dashboardUrl: "http://localhost:8080/teams/payments",
  } satisfies WeeklyDigestInput);
const figures = (m: ReturnType<typeof digest>) => m.sections.flatMap((s) => s.lines);

describe("the weekly digest's changes", () => {
  test("a change the written figures do not show is no change, and not listed as worse", () => {
    const lines = figures(digest(minutes(9.3), minutes(8.7)));
    expect(lines).toContain("CI median duration: 9 min (no change; 41 finished CI runs)");
    expect(lines.some((l) => l.startsWith("Worse:"))).toBe(false);
  });

  test("a change the figures show is named, with its direction judged by which way is better", () => {
    const lines = figures(digest(minutes(14), minutes(9)));
    expect(lines).toContain("CI median duration: 14 min (up from 9 min; 41 finished CI runs)");
    expect(lines).toContain("Worse: CI median duration 14 min, up from 9 min");
  });

  test("a week without the figure says which week", () => {
    expect(figures(digest(minutes(9), minutes(null)))).toContain("CI median duration: 9 min (no data the week before; 41 finished CI runs)");
    expect(figures(digest(minutes(null), minutes(9)))).toContain("CI median duration: n/a (no data this week; 41 finished CI runs)");
    expect(figures(digest(minutes(null), minutes(null)))).toContain("CI median duration: n/a (no data either week; 41 finished CI runs)");
  });
});
