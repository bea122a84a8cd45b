import { describe, expect, test } from "vitest";
import type { Alert } from "@opsledger/db";
import { alertFact, classifyAlerts } from "./alerts.ts";
import { keySuggestion, teamZone, type AlertPattern } from "./alertPatterns.ts";
import { alert, t } from "./testRows.ts";

/** The key's facts as the deriver makes them, those created from `from` on (earlier ones only set the first gap). */
const factsOf = (alerts: Alert[], from = "2000-01-01") => classifyAlerts(alerts).map(alertFact).filter((f) => f.createdAt >= t(from));

/** An alert that cleared on its own after `minutes`, nobody acknowledging. */
const selfCleared = (id: string, created: string, minutes = 5, resolvedBy: "system" | "timeout" = "system") =>
  alert({ id, created, resolved: new Date(t(created) + minutes * 60_000).toISOString().slice(0, 19), resolvedBy });
/** An alert a person acknowledged after 5 min and resolved after 30. */
const handled = (id: string, created: string) =>
  alert({ id, created, acked: new Date(t(created) + 5 * 60_000).toISOString().slice(0, 19), resolved: new Date(t(created) + 30 * 60_000).toISOString().slice(0, 19) });
/** An alert nobody acknowledged, resolved by a person after an hour. */
const closedUnseen = (id: string, created: string) => alert({ id, created, resolved: new Date(t(created) + 60 * 60_000).toISOString().slice(0, 19) });

describe("keySuggestion", () => {
  test.each<{ name: string; alerts: Alert[]; zone?: string; from?: string; pattern: AlertPattern | null; matching: number; evidence: string }>([
    {
      name: "two alerts are too few to call a pattern",
      alerts: [selfCleared("a", "2026-03-02T10:00"), selfCleared("b", "2026-03-02T10:10")],
      pattern: null,
      matching: 0,
      evidence: "Only 2 alerts.",
    },
    {
      name: "flapping: 3 of 4 fired again within 60 min (it beats auto-resolved, which also holds)",
      alerts: [
        selfCleared("a", "2026-03-02T10:00"),
        selfCleared("b", "2026-03-02T10:20"),
        selfCleared("c", "2026-03-02T10:45"),
        selfCleared("d", "2026-03-02T11:45"),
      ],
      pattern: "flapping",
      matching: 3,
      evidence: "3 of 4 fired again within 60 min of the previous one (median gap 25 min).",
    },
    {
      name: "flapping boundary: a gap of exactly 60 min is a re-fire",
      alerts: [handled("a", "2026-03-02T10:00"), handled("b", "2026-03-02T11:00"), handled("c", "2026-03-02T12:00"), handled("d", "2026-03-02T13:00")],
      pattern: "flapping",
      matching: 3,
      evidence: "3 of 4 fired again within 60 min of the previous one (median gap 1 h).",
    },
    {
      name: "flapping boundary: 61 min apart is not a re-fire (and a key people handle has no pattern)",
      alerts: [handled("a", "2026-03-02T10:00"), handled("b", "2026-03-02T11:01"), handled("c", "2026-03-02T12:02"), handled("d", "2026-03-02T13:03")],
      pattern: null,
      matching: 0,
      evidence: "4 of 4 acknowledged, 0 resolved on their own, 0 re-fired within 60 min, 0 at night.",
    },
    {
      name: "flapping needs 3 re-fires: 2 of 3 is not enough",
      alerts: [handled("a", "2026-03-02T10:00"), handled("b", "2026-03-02T10:10"), handled("c", "2026-03-02T10:20")],
      pattern: null,
      matching: 0,
      evidence: "3 of 3 acknowledged, 0 resolved on their own, 2 re-fired within 60 min, 0 at night.",
    },
    {
      name: "flapping needs half the key's alerts: 3 re-fires of 7 is not enough",
      alerts: [
        handled("a", "2026-03-02T10:00"),
        handled("b", "2026-03-02T10:10"),
        handled("c", "2026-03-02T10:20"),
        handled("d", "2026-03-02T10:30"),
        handled("e", "2026-03-04T10:00"),
        handled("f", "2026-03-06T10:00"),
        handled("g", "2026-03-08T10:00"),
      ],
      pattern: null,
      matching: 0,
      evidence: "7 of 7 acknowledged, 0 resolved on their own, 3 re-fired within 60 min, 0 at night.",
    },
    {
      name: "flapping counts a re-fire of an alert before the window",
      alerts: [handled("x", "2026-03-01T23:50"), handled("a", "2026-03-02T00:10"), handled("b", "2026-03-02T00:30"), handled("c", "2026-03-02T00:50")],
      from: "2026-03-02",
      pattern: "flapping",
      matching: 3,
      evidence: "All 3 fired again within 60 min of the previous one (median gap 20 min).",
    },
    {
      name: "night-only: every alert between 22:00 and 08:00 in the team's zone",
      alerts: [handled("a", "2026-03-02T22:00"), handled("b", "2026-03-04T03:00"), handled("c", "2026-03-06T07:59")],
      pattern: "night-only",
      matching: 3,
      evidence: "All 3 fired between 22:00 and 08:00 (UTC).",
    },
    {
      name: "night-only boundary: 08:00 is morning",
      alerts: [handled("a", "2026-03-02T22:00"), handled("b", "2026-03-04T03:00"), handled("c", "2026-03-06T08:00")],
      pattern: null,
      matching: 0,
      evidence: "3 of 3 acknowledged, 0 resolved on their own, 0 re-fired within 60 min, 2 at night.",
    },
    {
      name: "night-only reads the team's zone: 21:30 UTC is 22:30 in Berlin",
      alerts: [handled("a", "2026-03-02T21:30"), handled("b", "2026-03-04T21:30"), handled("c", "2026-03-06T06:30")],
      zone: "Europe/Berlin",
      pattern: "night-only",
      matching: 3,
      evidence: "All 3 fired between 22:00 and 08:00 (Europe/Berlin).",
    },
    {
      name: "night-only beats auto-resolved: a nightly job is the likelier cause",
      alerts: [selfCleared("a", "2026-03-02T23:00"), selfCleared("b", "2026-03-04T02:00"), selfCleared("c", "2026-03-06T02:00")],
      pattern: "night-only",
      matching: 3,
      evidence: "All 3 fired between 22:00 and 08:00 (UTC).",
    },
    {
      name: "auto-resolved: 3 of 4 (75%) cleared on their own with nobody acknowledging",
      alerts: [
        selfCleared("a", "2026-03-02T10:00", 4),
        selfCleared("b", "2026-03-03T10:00", 6, "timeout"),
        selfCleared("c", "2026-03-04T10:00", 5),
        handled("d", "2026-03-05T10:00"),
      ],
      pattern: "auto-resolved",
      matching: 3,
      evidence: "3 of 4 resolved on their own with nobody acknowledging, after 5 min (median).",
    },
    {
      name: "auto-resolved boundary: 2 of 4 is not enough; an acknowledged alert the timeout closed does not count",
      alerts: [
        selfCleared("a", "2026-03-02T10:00"),
        selfCleared("b", "2026-03-03T10:00"),
        alert({ id: "c", created: "2026-03-04T10:00", acked: "2026-03-04T10:05", resolved: "2026-03-04T14:00", resolvedBy: "timeout" }),
        handled("d", "2026-03-05T10:00"),
      ],
      pattern: null,
      matching: 0,
      evidence: "2 of 4 acknowledged, 2 resolved on their own, 0 re-fired within 60 min, 0 at night.",
    },
    {
      name: "never acknowledged: closed by hand or still open, nobody ever acknowledging",
      alerts: [closedUnseen("a", "2026-03-02T10:00"), closedUnseen("b", "2026-03-03T10:00"), alert({ id: "c", created: "2026-03-04T10:00" }), selfCleared("d", "2026-03-05T10:00")],
      pattern: "never-acknowledged",
      matching: 4,
      evidence: "None of 4 was acknowledged.",
    },
  ])("$name", ({ alerts, zone, from, pattern, matching, evidence }) => {
    const facts = factsOf(alerts, from);
    const s = keySuggestion(facts, zone ?? "UTC");
    expect({ pattern: s.pattern, matching: s.matching, count: s.count, evidence: s.evidence }).toEqual({ pattern, matching, count: facts.length, evidence });
    expect(s.advice).not.toBe("");
  });

  test("each pattern has its own advice; no pattern says so rather than guessing", () => {
    const advice = (alerts: Alert[]) => keySuggestion(factsOf(alerts), "UTC").advice;
    const flapping = advice([selfCleared("a", "2026-03-02T10:00"), selfCleared("b", "2026-03-02T10:10"), selfCleared("c", "2026-03-02T10:20"), selfCleared("d", "2026-03-02T10:30")]);
    const night = advice([handled("a", "2026-03-02T23:00"), handled("b", "2026-03-03T23:00"), handled("c", "2026-03-04T23:00")]);
    const auto = advice([selfCleared("a", "2026-03-02T10:00"), selfCleared("b", "2026-03-03T10:00"), selfCleared("c", "2026-03-04T10:00")]);
    const never = advice([closedUnseen("a", "2026-03-02T10:00"), closedUnseen("b", "2026-03-03T10:00"), closedUnseen("c", "2026-03-04T10:00")]);
    const none = advice([handled("a", "2026-03-02T10:00"), handled("b", "2026-03-03T10:00"), handled("c", "2026-03-04T10:00")]);
    expect(flapping).toMatch(/hysteresis/);
    expect(night).toMatch(/nightly job/);
    expect(auto).toMatch(/threshold/);
    expect(never).toMatch(/owner/);
    expect(none).toMatch(/^No single pattern/);
    expect(new Set([flapping, night, auto, never, none]).size).toBe(5);
  });
});

describe("teamZone", () => {
  test.each<[string[], string]>([
    [["Europe/Berlin", "UTC", "Europe/Berlin"], "Europe/Berlin"],
    [["UTC", "America/New_York"], "America/New_York"],
    [[], "UTC"],
  ])("%j → %s", (zones, zone) => {
    expect(teamZone(zones)).toBe(zone);
  });
});
