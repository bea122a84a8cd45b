import { describe, expect, test } from "vitest";
import type { Alert } from "@opsledger/db";
import { alertFact, classifyAlerts, computeAlertQuality, sprintAt, sprintWindow } from "./alerts.ts";
import { alert, page, person, settings, t, win } from "./testRows.ts";
import type { NoiseReason } from "./types.ts";

const S = settings();

describe("classifyAlerts", () => {
  test.each<{ name: string; alerts: Alert[]; expected: (NoiseReason | null)[] }>([
    {
      name: "marked by a person",
      alerts: [alert({ id: "a", created: "2026-03-02T10:00", acked: "2026-03-02T10:01", noise: true })],
      expected: ["marked"],
    },
    {
      name: "resolved by system or timeout with nobody acknowledging",
      alerts: [
        alert({ id: "a", key: "x", created: "2026-03-02T10:00", resolved: "2026-03-02T10:05", resolvedBy: "system" }),
        alert({ id: "b", key: "y", created: "2026-03-02T11:00", resolved: "2026-03-02T11:05", resolvedBy: "timeout" }),
      ],
      expected: ["auto_resolved", "auto_resolved"],
    },
    {
      name: "resolved by timeout after someone acknowledged: actionable",
      alerts: [alert({ id: "a", created: "2026-03-02T10:00", acked: "2026-03-02T10:01", resolved: "2026-03-02T12:00", resolvedBy: "timeout" })],
      expected: [null],
    },
    {
      name: "flapping key: unacknowledged repeats within 24 h are noise, the first is not",
      alerts: [
        alert({ id: "a", created: "2026-03-02T10:00", resolved: "2026-03-02T10:10" }),
        alert({ id: "b", created: "2026-03-02T10:20", resolved: "2026-03-02T10:25" }),
        alert({ id: "c", created: "2026-03-02T10:40" }),
      ],
      expected: [null, "repeat", "repeat"],
    },
    {
      name: "an acknowledged repeat is actionable; exactly 24 h later is not a repeat",
      alerts: [
        alert({ id: "a", created: "2026-03-02T10:00", resolved: "2026-03-02T10:10" }),
        alert({ id: "b", created: "2026-03-02T11:00", acked: "2026-03-02T11:01" }),
        alert({ id: "c", created: "2026-03-03T11:00" }),
      ],
      expected: [null, null, null],
    },
  ])("$name", ({ alerts, expected }) => {
    expect(classifyAlerts(alerts).map((c) => c.noiseReason)).toEqual(expected);
  });

  test("the gap since the key's previous alert fired is kept within 24 h, per key, whatever the order given", () => {
    const facts = classifyAlerts([
      alert({ id: "c", key: "x", created: "2026-03-03T10:30" }),
      alert({ id: "a", key: "x", created: "2026-03-02T10:00" }),
      alert({ id: "b", key: "x", created: "2026-03-02T10:20" }),
      alert({ id: "y", key: "y", created: "2026-03-02T10:25" }),
    ]).map(alertFact);
    // c fired 24 h 10 min after b: past the repeat span, so no gap.
    expect(facts.map((f) => [f.id, f.previousGapMinutes])).toEqual([
      ["a", null],
      ["b", 20],
      ["y", null],
      ["c", null],
    ]);
  });
});

describe("computeAlertQuality", () => {
  const window = win("2026-03-02", "2026-03-16");
  const alerts = [
    alert({ id: "a0", key: "disk", created: "2026-03-01T10:00", acked: "2026-03-01T10:02", resolved: "2026-03-01T11:00" }),
    alert({ id: "a1", key: "disk", created: "2026-03-02T10:00", acked: "2026-03-02T10:05", resolved: "2026-03-02T11:00" }),
    alert({ id: "a2", key: "cpu", created: "2026-03-03T10:00", resolved: "2026-03-03T10:10" }),
    alert({ id: "a3", key: "cpu", created: "2026-03-03T10:20", resolved: "2026-03-03T10:21", resolvedBy: "system" }),
    alert({ id: "a4", key: "cpu", created: "2026-03-03T11:00", resolved: "2026-03-03T11:05" }),
    alert({ id: "a5", key: "cpu", created: "2026-03-03T12:00" }),
    alert({ id: "a6", key: "mem", created: "2026-03-04T10:00", noise: true }),
    alert({ id: "a7", key: "api-5xx", created: "2026-03-05T10:00", acked: "2026-03-05T10:01", resolved: "2026-03-05T12:00" }),
  ];

  test("sprint numbers, hand-computed", () => {
    const r = computeAlertQuality(alerts, window, S);
    expect(r).toEqual({
      count: 7,
      actionable: 3,
      noise: 4,
      noiseByReason: { marked: 1, auto_resolved: 1, repeat: 2 },
      actionableRatio: 3 / 7,
      // actionable a1 60, a2 10, a7 120 → 60
      timeToFix: { medianMinutes: 60, count: 3 },
      // cpu re-fired after 20, 40 and 60 min: flapping (alertPatterns.test.ts covers each pattern).
      topNoisyKeys: [
        { key: "cpu", service: "api", count: 4, noiseCount: 3, suggestion: expect.objectContaining({ pattern: "flapping", matching: 3, count: 4 }) },
        { key: "mem", service: "api", count: 1, noiseCount: 1, suggestion: expect.objectContaining({ pattern: null, evidence: "Only 1 alert." }) },
      ],
      keys: { new: 3, recurring: 1, newKeys: ["api-5xx", "cpu", "mem"], recurringKeys: ["disk"] },
      pagesByBand: null,
      wokenUp: [],
      notes: [],
    });
  });

  test("each noisy key gets the suggestion its own alerts call for, read in the team's zone", () => {
    const r = computeAlertQuality(
      [
        alert({ id: "a", key: "q", created: "2026-03-02T10:00", resolved: "2026-03-02T10:01", resolvedBy: "timeout" }),
        alert({ id: "b", key: "q", created: "2026-03-04T10:00", resolved: "2026-03-04T10:01", resolvedBy: "system" }),
        alert({ id: "c", key: "q", created: "2026-03-06T10:00", resolved: "2026-03-06T10:03", resolvedBy: "system" }),
        // 21:30 UTC is 22:30 in Berlin.
        alert({ id: "d", key: "n", created: "2026-03-02T21:30", noise: true }),
        alert({ id: "e", key: "n", created: "2026-03-05T23:00", noise: true }),
        alert({ id: "f", key: "n", created: "2026-03-07T05:00", noise: true }),
      ],
      window,
      S,
      { zone: "Europe/Berlin" },
    );
    expect(r.topNoisyKeys.map((k) => [k.key, k.suggestion.pattern, k.suggestion.evidence])).toEqual([
      ["n", "night-only", "All 3 fired between 22:00 and 08:00 (Europe/Berlin)."],
      ["q", "auto-resolved", "All 3 resolved on their own with nobody acknowledging, after 1 min (median)."],
    ]);
  });

  test("keys seen before the window, when given, decide new vs recurring (the earlier alerts need not be read)", () => {
    const inWindowOnly = alerts.filter((a) => a.createdAt >= window.from);
    const r = computeAlertQuality(inWindowOnly, window, S, { keysSeenBefore: ["cpu", "gone"] });
    // disk fired the day before (a0) but was not among the keys given: new here.
    expect(r.keys).toEqual({ new: 3, recurring: 1, newKeys: ["api-5xx", "disk", "mem"], recurringKeys: ["cpu"] });
  });

  test("pages by band and who was woken up; alerts without an owner left out", () => {
    const r = computeAlertQuality([...alerts, alert({ id: "x", service: "orphan", created: "2026-03-05T10:00" })], window, S, {
      ownedServices: ["api"],
      people: [{ ...person("alice", "Europe/Berlin"), name: "Alice" }, person("bob")],
      pages: [
        page("carol", "2026-03-04T01:00"), // not a known person: shown by id, banded in UTC (sleep)
        page("alice", "2026-03-03T23:00"), // 00:00 CET: sleep
        page("alice", "2026-03-04T09:00"), // 10:00 CET: business
        page("bob", "2026-03-07T23:30"), // Saturday 23:30 UTC: sleep
        page("bob", "2026-03-08T03:00"), // sleep
      ],
    });
    expect(r.count).toBe(7);
    expect(r.pagesByBand).toEqual({ business: 1, offHours: 0, sleep: 4, total: 5 });
    expect(r.wokenUp).toEqual([
      { person: "bob", name: "bob", count: 2 },
      { person: "alice", name: "Alice", count: 1 },
      { person: "carol", name: "carol", count: 1 },
    ]);
    expect(r.notes).toEqual([expect.objectContaining({ code: "alerts_without_owner", count: 1 })]);
  });

  test("no data: null, not 0", () => {
    const r = computeAlertQuality([], window, S);
    expect(r).toMatchObject({ count: 0, actionableRatio: null, timeToFix: { medianMinutes: null, count: 0 }, topNoisyKeys: [] });
  });
});

describe("sprints", () => {
  // default anchor 2026-01-05, 14 days
  test.each<[number, string, string]>([
    [0, "2026-01-05", "2026-01-19"],
    [5, "2026-03-16", "2026-03-30"],
    [-1, "2025-12-22", "2026-01-05"],
  ])("sprint %i is [%s, %s)", (n, from, to) => {
    expect(sprintWindow(n, S)).toEqual(win(from, to));
  });

  test.each<[string, number]>([
    ["2026-01-05T00:00", 0],
    ["2026-01-18T23:59", 0],
    ["2026-01-19T00:00", 1],
    ["2026-03-20T12:00", 5],
    ["2026-01-04T23:59", -1],
  ])("%s is in sprint %i", (at, index) => {
    expect(sprintAt(t(at), S).index).toBe(index);
  });

  test("configured cadence", () => {
    expect(sprintWindow(1, settings({ sprints: { anchor: "2026-02-02", lengthDays: 7 } }))).toEqual(win("2026-02-09", "2026-02-16"));
  });
});
