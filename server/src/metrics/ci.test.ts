import { describe, expect, test } from "vitest";
import { ciRunDetails, computeCi } from "./ci.ts";
import { ciRun, win } from "./testRows.ts";
import type { CiStats } from "./types.ts";

const window = win("2026-03-02", "2026-03-09");

const runs = [
  // build s1: first attempt failed, second succeeded → flaky
  ciRun({ id: "r1", sha: "s1", attempt: 1, status: "failure", queued: "2026-03-02T09:58", start: "2026-03-02T10:00", end: "2026-03-02T10:10" }),
  ciRun({ id: "r2", sha: "s1", attempt: 2, status: "success", queued: "2026-03-02T10:19", start: "2026-03-02T10:20", end: "2026-03-02T10:32" }),
  ciRun({ id: "r3", sha: "s2", status: "success", start: "2026-03-02T11:00", end: "2026-03-02T11:08" }),
  ciRun({ id: "r4", sha: "s3", status: "cancelled", start: "2026-03-02T12:00", end: "2026-03-02T12:01" }),
  ciRun({ id: "r5", sha: "s4", status: "failure", start: "2026-03-02T13:00", end: "2026-03-02T13:20" }),
  ciRun({ id: "r6", sha: "s1", workflow: "lint", status: "success", start: "2026-03-02T10:00", end: "2026-03-02T10:02" }),
  // before the window: ignored
  ciRun({ id: "r7", sha: "s0", status: "failure", start: "2026-03-01T23:59", end: "2026-03-02T00:30" }),
];

const stats = (p: Partial<CiStats>): CiStats => ({
  runs: 0,
  successes: 0,
  failures: 0,
  cancelled: 0,
  skipped: 0,
  durationMedianMinutes: null,
  durationP90Minutes: null,
  failureRate: null,
  pairs: 0,
  flaky: 0,
  flakyRate: null,
  queueMedianMinutes: null,
  queueCount: 0,
  ...p,
});

describe("computeCi", () => {
  const r = computeCi(runs, window);

  test.each([
    {
      name: "build: durations [8,10,12,20], 2 of 4 failed, s1 flaky of 4 shas, queues [2,1]",
      got: () => r.workflows.find((w) => w.workflow === "build"),
      expected: {
        repo: "acme/api",
        workflow: "build",
        ...stats({
          runs: 5,
          successes: 2,
          failures: 2,
          cancelled: 1,
          durationMedianMinutes: 10,
          durationP90Minutes: 20,
          failureRate: 0.5,
          pairs: 4,
          flaky: 1,
          flakyRate: 0.25,
          queueMedianMinutes: 1,
          queueCount: 2,
        }),
      },
    },
    {
      name: "lint: one 2-minute success",
      got: () => r.workflows.find((w) => w.workflow === "lint"),
      expected: {
        repo: "acme/api",
        workflow: "lint",
        ...stats({ runs: 1, successes: 1, durationMedianMinutes: 2, durationP90Minutes: 2, failureRate: 0, pairs: 1, flakyRate: 0 }),
      },
    },
    {
      name: "overall: durations [2,8,10,12,20], 2 of 5 failed, 1 flaky of 5 (workflow, sha) pairs",
      got: () => r.overall,
      expected: stats({
        runs: 6,
        successes: 3,
        failures: 2,
        cancelled: 1,
        durationMedianMinutes: 10,
        durationP90Minutes: 20,
        failureRate: 0.4,
        pairs: 5,
        flaky: 1,
        flakyRate: 0.2,
        queueMedianMinutes: 1,
        queueCount: 2,
      }),
    },
  ])("$name", ({ got, expected }) => {
    expect(got()).toEqual(expected);
  });

  test("notes the cancelled run", () => {
    expect(r.notes).toEqual([expect.objectContaining({ code: "ci_runs_cancelled_or_skipped", count: 1 })]);
  });

  test("no data: null, not 0", () => {
    expect(computeCi([], window)).toEqual({ overall: stats({}), workflows: [], notes: [] });
  });

  test.each([
    {
      name: "a failed first attempt followed by another failure is not flaky",
      runs: [
        ciRun({ id: "a", attempt: 1, status: "failure", start: "2026-03-02T10:00", end: "2026-03-02T10:05" }),
        ciRun({ id: "b", attempt: 2, status: "failure", start: "2026-03-02T10:10", end: "2026-03-02T10:15" }),
      ],
      flaky: 0,
    },
    {
      name: "a successful first attempt re-run is not flaky",
      runs: [
        ciRun({ id: "a", attempt: 1, status: "success", start: "2026-03-02T10:00", end: "2026-03-02T10:05" }),
        ciRun({ id: "b", attempt: 2, status: "success", start: "2026-03-02T10:10", end: "2026-03-02T10:15" }),
      ],
      flaky: 0,
    },
    {
      name: "the same sha in two workflows is two pairs",
      runs: [
        ciRun({ id: "a", attempt: 1, status: "failure", start: "2026-03-02T10:00", end: "2026-03-02T10:05" }),
        ciRun({ id: "b", attempt: 2, status: "success", start: "2026-03-02T10:10", end: "2026-03-02T10:15" }),
        ciRun({ id: "c", attempt: 1, workflow: "lint", status: "success", start: "2026-03-02T10:00", end: "2026-03-02T10:01" }),
      ].map((run) => ({ ...run, sha: "same" })),
      flaky: 1,
    },
  ])("$name", ({ runs: rs, flaky }) => {
    expect(computeCi(rs, window).overall.flaky).toBe(flaky);
  });

  test("a negative duration (clock skew) is left out and noted", () => {
    const r2 = computeCi(
      [
        ciRun({ id: "a", start: "2026-03-02T10:00", end: "2026-03-02T09:59" }),
        ciRun({ id: "b", start: "2026-03-02T10:00", end: "2026-03-02T10:04" }),
      ],
      window,
    );
    expect(r2.overall.durationMedianMinutes).toBe(4);
    expect(r2.notes).toEqual([expect.objectContaining({ code: "negative_span_clock_skew", count: 1 })]);
  });
});

test("ciRunDetails lists the window's runs in start order with durations and flaky flags", () => {
  expect(ciRunDetails(runs, window).map((d) => [d.run.id, d.durationMinutes, d.queueMinutes, d.flaky])).toEqual([
    ["r1", 10, 2, true],
    ["r6", 2, null, false],
    ["r2", 12, 1, true],
    ["r3", 8, null, false],
    ["r4", 1, null, false],
    ["r5", 20, null, false],
  ]);
});
