import { describe, expect, test } from "vitest";
import { keySuggestion } from "./alertPatterns.ts";
import { sprintTrendFrom, type SprintReads } from "./sprintTrend.ts";
import { t, win } from "./testRows.ts";
import type { AlertQualityResult } from "./types.ts";

const quality = (over: Partial<AlertQualityResult>): AlertQualityResult => ({
  count: 0,
  actionable: 0,
  noise: 0,
  noiseByReason: { marked: 0, auto_resolved: 0, repeat: 0 },
  actionableRatio: null,
  timeToFix: { medianMinutes: null, count: 0 },
  topNoisyKeys: [],
  keys: { new: 0, recurring: 0, newKeys: [], recurringKeys: [] },
  pagesByBand: null,
  wokenUp: [],
  notes: [],
  ...over,
});

describe("sprintTrendFrom", () => {
  const few = keySuggestion([], "UTC");
  const sprints: SprintReads[] = [
    { sprint: 1, window: win("2026-01-19", "2026-02-02"), range: win("2026-01-19", "2026-02-02"), status: "complete", quality: quality({ count: 4, noise: 1, actionableRatio: 0.75, pagesByBand: { business: 1, offHours: 0, sleep: 2, total: 3 } }), timeToAcknowledge: { medianMinutes: 7, count: 2 } },
    {
      sprint: 2,
      window: win("2026-02-02", "2026-02-16"),
      range: { from: t("2026-02-02"), to: t("2026-02-05T12:00") },
      status: "running",
      quality: quality({ count: 2, noise: 2, actionableRatio: 0, topNoisyKeys: [{ key: "disk", service: "api", count: 2, noiseCount: 2, suggestion: few }] }),
      timeToAcknowledge: { medianMinutes: null, count: 0 },
    },
  ];

  test("each sprint's figures as read; the last sprint's noisy keys counted per sprint, an alert after the running sprint's now left out", () => {
    const alerts = [
      { key: "disk", createdAt: t("2026-01-20T10:00") },
      { key: "disk", createdAt: t("2026-02-03T10:00") },
      { key: "disk", createdAt: t("2026-02-04T10:00") },
      { key: "disk", createdAt: t("2026-02-06T10:00") },
      { key: "cpu", createdAt: t("2026-02-03T10:00") },
    ];
    const r = sprintTrendFrom(sprints, alerts, new Map([["disk", t("2025-12-01")]]));
    expect(r.sprints.map((s) => [s.sprint, s.status, s.count, s.noise, s.actionableRatio, s.timeToAcknowledge.medianMinutes, s.sleepPages])).toEqual([
      [1, "complete", 4, 1, 0.75, 7, 2],
      [2, "running", 2, 2, 0, null, null],
    ]);
    expect(r.keys).toEqual([{ key: "disk", service: "api", firstSeen: t("2025-12-01"), counts: [1, 2], suggestion: few }]);
  });

  test("no sprints, no keys", () => {
    expect(sprintTrendFrom([], [], new Map())).toEqual({ sprints: [], keys: [] });
  });
});
