import { describe, expect, test } from "vitest";
import { computeOpsWork } from "./ledger.ts";
import { computeOncall } from "./oncall.ts";
import { weeklySeries } from "./series.ts";
import { ack, alert, change, ciRun, deployment, incident, page, person, settings, shift, team, win } from "./testRows.ts";
import type { SeriesInput, SeriesMetric } from "./types.ts";

const S = settings();
// Wednesday to Wednesday: ISO weeks of 03-02 (clipped to Wed–Sun), 03-09, 03-16 (clipped to Mon–Tue).
const window = win("2026-03-04", "2026-03-18");

const input: SeriesInput = {
  dora: {
    team: team(),
    deployments: [
      deployment({ id: "d0", at: "2026-03-02T10:00", commits: ["x"] }), // same ISO week, before the window
      deployment({ id: "d1", at: "2026-03-04T10:00", commits: ["m1"] }),
      deployment({ id: "d2", at: "2026-03-05T10:00", commits: [] }),
      deployment({ id: "d3", at: "2026-03-10T10:00", commits: ["m2"] }),
    ],
    changes: [
      change({ id: "c1", created: "2026-03-04T08:00", merged: "2026-03-04T09:00", mergeSha: "m1" }),
      change({ id: "c2", created: "2026-03-09T10:00", merged: "2026-03-10T09:00", mergeSha: "m2" }),
    ],
    incidents: [incident({ id: "i1", created: "2026-03-10T11:00", resolved: "2026-03-10T12:00" })],
  },
  ciRuns: [
    ciRun({ id: "r1", start: "2026-03-04T10:00", end: "2026-03-04T10:10" }),
    ciRun({ id: "r2", status: "failure", start: "2026-03-05T10:00", end: "2026-03-05T10:20" }),
    ciRun({ id: "r3", start: "2026-03-11T10:00", end: "2026-03-11T10:05" }),
  ],
  alerts: [
    alert({ id: "a1", created: "2026-03-04T10:00", acked: "2026-03-04T10:01" }),
    alert({ id: "a2", created: "2026-03-04T11:00" }), // unacknowledged repeat: noise
    alert({ id: "a3", key: "other", created: "2026-03-12T10:00", acked: "2026-03-12T10:01" }),
  ],
  oncall: {
    team: team({ members: ["alice"] }),
    people: [person("alice")],
    pages: [page("alice", "2026-03-04T10:00")],
    shifts: [shift("alice", "2026-03-01", "2026-03-31")],
    acknowledgements: [],
    incidents: [],
  },
};

const weeks = ["2026-03-02", "2026-03-09", "2026-03-16"];

describe("weeklySeries", () => {
  test.each<{ metric: SeriesMetric; name: string; values: (number | null)[]; counts: number[] }>([
    { metric: "deployments", name: "deployments", values: [2, 1, 0], counts: [2, 1, 0] },
    // d3 failed (i1 an hour later); weeks without deployments have no rate
    { metric: "change-failure-rate", name: "change-failure-rate", values: [0, 1, null], counts: [2, 1, 0] },
    { metric: "recovery-time", name: "recovery-time", values: [null, 120, null], counts: [0, 1, 0] },
    // c1: created 08:00 → deployed 10:00 = 120; c2: created 03-09 10:00 → 03-10 10:00 = 1440
    { metric: "lead-time", name: "total", values: [120, 1440, null], counts: [1, 1, 0] },
    { metric: "lead-time", name: "deploy", values: [60, 60, null], counts: [1, 1, 0] },
    { metric: "lead-time", name: "review", values: [null, null, null], counts: [0, 0, 0] },
    { metric: "ci-duration", name: "ci-duration", values: [10, 5, null], counts: [2, 1, 0] },
    { metric: "ci-failure-rate", name: "ci-failure-rate", values: [0.5, 0, null], counts: [2, 1, 0] },
    { metric: "alerts", name: "alerts", values: [2, 1, 0], counts: [2, 1, 0] },
    { metric: "alerts", name: "noise", values: [1, 0, 0], counts: [2, 1, 0] },
    { metric: "alerts", name: "actionable-ratio", values: [0.5, 1, null], counts: [2, 1, 0] },
    // one interruption (23 min) over 5 of 7 days of 40 h: 23 / (2400 × 5/7); the ledger's alerts
    // category is all of it (issue 12: the chart stacks categories, people go to the heat map)
    { metric: "ops-share", name: "team", values: [(23 * 7) / 12000, 0, 0], counts: [1, 1, 1] },
    { metric: "ops-share", name: "alerts", values: [(23 * 7) / 12000, 0, 0], counts: [1, 1, 1] },
    { metric: "ops-share", name: "pipeline", values: [0, 0, 0], counts: [1, 1, 1] },
  ])("$metric / $name", ({ metric, name, values, counts }) => {
    const series = weeklySeries(metric, input, window, S).series.find((s) => s.name === name);
    expect(series?.points.map((p) => p.weekStart)).toEqual(weeks);
    // closeTo: pro-rata working minutes are not exact binary fractions
    expect(series?.points.map((p) => p.value)).toEqual(values.map((v) => (v === null ? null : expect.closeTo(v, 12))));
    expect(series?.points.map((p) => p.count)).toEqual(counts);
  });

  test("missing input: medians and rates null, counts 0", () => {
    const r = weeklySeries("ci-duration", {}, window, S);
    expect(r.series[0]?.points).toEqual(weeks.map((weekStart, i) => ({ weekStart, partial: i !== 1, value: null, count: 0 })));
    expect(weeklySeries("ops-share", {}, window, S).series[0]?.points.map((p) => p.value)).toEqual([null, null, null]);
  });

  test("ops-share: each week is the ops share of that week alone, and the window's is their weighted mean", () => {
    const oncall: SeriesInput["oncall"] = {
      team: team({ members: ["alice", "bob", "carol"] }),
      people: [person("alice", "Europe/Berlin"), person("bob", "America/New_York")],
      pages: [
        page("alice", "2026-03-08T23:59:30"), // Sunday: counted in the first week …
        page("alice", "2026-03-09T00:00:20"), // … and this one folds into it, so the second week has nothing from the burst
        page("alice", "2026-03-10T03:00"),
        page("bob", "2026-03-10T03:00", "email"),
        page("bob", "2026-03-11T12:00", "sms"),
        page("carol", "2026-03-12T02:00"), // no known time zone: banded in UTC, noted
      ],
      shifts: [shift("alice", "2026-03-01", "2026-03-31"), shift("bob", "2026-03-09", "2026-03-16")],
      acknowledgements: [ack("i1", "alice", "2026-03-08T23:00"), ack("i2", "bob", "2026-03-11T12:05")],
      incidents: [
        incident({ id: "i1", created: "2026-03-08T22:55", resolved: "2026-03-09T01:00" }), // engaged across the boundary
        incident({ id: "i2", created: "2026-03-11T12:00", resolved: "2026-03-11T13:00" }),
      ],
    };
    const result = weeklySeries("ops-share", { oncall }, window, S);
    const clipped = [win("2026-03-04", "2026-03-09"), win("2026-03-09", "2026-03-16"), win("2026-03-16", "2026-03-18")];
    const perWeek = clipped.map((w) => computeOpsWork(oncall, w, S));
    expect(result.series.find((s) => s.name === "team")?.points.map((p) => p.value)).toEqual(perWeek.map((r) => r.share));
    // The window's share is the weighted mean of its weeks' (weights: working minutes).
    const whole = computeOpsWork(oncall, window, S);
    const weighted = perWeek.reduce((sum, r) => sum + (r.share ?? 0) * r.workingMinutes, 0) / perWeek.reduce((sum, r) => sum + r.workingMinutes, 0);
    expect(whole.share).toBeCloseTo(weighted, 12);
    // alice: the burst is one interruption in week one, the 03:00 page another in week two.
    const oncallWeeks = clipped.map((w) => computeOncall(oncall, w, S));
    expect(oncallWeeks.map((r) => r.people.find((p) => p.person === "alice")?.interruptions.total)).toEqual([1, 1, 0]);
    expect(oncallWeeks[1]?.notes.find((n) => n.code === "pages_email_ignored")?.count).toBe(1);
    expect(oncallWeeks[1]?.notes.find((n) => n.code === "pages_person_unknown")?.count).toBe(1);
  });
});

describe("time drawn honestly", () => {
  test("the week that began less than a day before the range's end is not drawn, and a note says so; partial weeks are marked and not pro-rated", () => {
    // Wednesday 03-04 to Monday 03-16 10:00: the week of 03-16 has had 10 hours.
    const r = weeklySeries("deployments", input, { from: window.from, to: Date.parse("2026-03-16T10:00:00Z") }, S);
    const points = r.series[0]?.points ?? [];
    expect(points.map((p) => [p.weekStart, p.partial, p.value])).toEqual([
      ["2026-03-02", true, 2],
      ["2026-03-09", false, 1],
    ]);
    expect(r.notes.map((n) => n.message)).toEqual([
      "the week of 2026-03-16 began less than a day before the end of the range: not drawn (its records count in the range's figures)",
      "1 week is only partly in the range: drawn with what happened in the part covered, not pro-rated, and marked partial",
    ]);
  });

  test("a last week with a day or more in the range is drawn, marked partial", () => {
    const r = weeklySeries("deployments", input, window, S);
    expect((r.series[0]?.points ?? []).map((p) => [p.weekStart, p.partial])).toEqual([
      ["2026-03-02", true],
      ["2026-03-09", false],
      ["2026-03-16", true],
    ]);
  });
});

describe("time drawn honestly: the ops share follows the same rule", () => {
  // alice is paged on Wednesday 03-04 and on Monday 03-16 at 02:00, the first hours of the last week.
  const oncall: SeriesInput["oncall"] = {
    team: team({ members: ["alice"] }),
    people: [person("alice")],
    pages: [page("alice", "2026-03-04T10:00"), page("alice", "2026-03-16T02:00")],
    shifts: [shift("alice", "2026-03-01", "2026-03-31")],
    acknowledgements: [],
    incidents: [],
  };

  test("the week that began less than a day before the range's end is not drawn, and a note says so; its minutes still count in the range's share", () => {
    const range = { from: window.from, to: Date.parse("2026-03-16T10:00:00Z") };
    const r = weeklySeries("ops-share", { oncall }, range, S);
    for (const s of r.series) expect(s.points.map((p) => [p.weekStart, p.partial])).toEqual([["2026-03-02", true], ["2026-03-09", false]]);
    expect(r.notes.filter((n) => n.code === "partial_weeks").map((n) => n.message)).toEqual([
      "the week of 2026-03-16 began less than a day before the end of the range: not drawn (its records count in the range's figures)",
      "1 week is only partly in the range: drawn with what happened in the part covered, not pro-rated, and marked partial",
    ]);
    // The range's share still holds both pages: 2 × 23 minutes.
    expect(computeOpsWork(oncall, range, S).minutes).toBe(46);
  });

  test("a partial week is the share of the part covered (its minutes over that part's working minutes, as the range's figure counts them), marked partial", () => {
    const r = weeklySeries("ops-share", { oncall }, window, S);
    const team = r.series.find((s) => s.name === "team")?.points ?? [];
    expect(team.map((p) => [p.weekStart, p.partial])).toEqual([["2026-03-02", true], ["2026-03-09", false], ["2026-03-16", true]]);
    // Wednesday to Sunday: 5 of 7 days of 40 h; Monday and Tuesday: 2 of 7.
    expect(team.map((p) => p.value)).toEqual([expect.closeTo((23 * 7) / 12000, 12), 0, expect.closeTo((23 * 7) / 4800, 12)]);
    expect(r.notes.filter((n) => n.code === "partial_weeks").map((n) => n.count)).toEqual([2]);
  });

  test("4 weeks before an instant early on a Monday (the ops-load signal's evidence): that Monday's week is left out, the first week marked partial", () => {
    const range = { from: Date.parse("2026-02-16T02:00:00Z"), to: Date.parse("2026-03-16T02:00:00Z") };
    const points = weeklySeries("ops-share", { oncall }, range, S).series[0]?.points ?? [];
    expect(points.map((p) => p.weekStart)).toEqual(["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]);
    expect(points.map((p) => p.partial)).toEqual([true, false, false, false]);
  });
});
