/**
 * The metric endpoints end to end: a small hand-made team ingested through POST /api/ingest, and
 * a few numbers per endpoint computed by hand from DESIGN.md's definitions. What a client gets for
 * bad input is in metrics.error.test.ts, who may call them in metrics.security.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { configSchema } from "../config/schema.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");
// Two ISO weeks: Monday 2026-03-02 to Sunday 2026-03-15 inclusive.
const WINDOW = "from=2026-03-02&to=2026-03-15";

const prod = (id: string, finished_at: string, commits: string[] | null, extra: Record<string, unknown> = {}) => ({
  kind: "deployment",
  id,
  repo: "acme/api",
  environment: "production",
  status: "success",
  finished_at,
  sha: `sha-${id}`,
  commits,
  url: `https://github.com/acme/api/deployments/${id}`,
  ...extra,
});

const records = [
  { kind: "team", id: "core", name: "Core", members: ["ana", "ben"], repos: ["acme/api"], services: ["api"] },
  { kind: "team", id: "quiet", name: "Quiet", members: [], repos: ["acme/quiet"], services: ["quiet"], compliance: ["SOC 2"] },
  { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
  { kind: "person", id: "ben", name: "Ben", timezone: "UTC" },

  // Deployments: d0 before the window; d1 ships ch1 by commits; d2 has no commit list (ch2 by
  // time); d3 ships the squash-merged hotfix ch3 by its merge sha and the bot change ch4; a staging
  // deploy is not production.
  prod("d0", "2026-02-20T10:00:00Z", ["c0"]),
  prod("d1", "2026-03-03T10:00:00Z", ["a1", "a2"]),
  prod("d2", "2026-03-05T12:00:00Z", null),
  prod("d3", "2026-03-10T09:00:00Z", ["b1", "b2"]),
  prod("s1", "2026-03-04T10:00:00Z", ["a1"], { environment: "staging" }),

  // Lead times (first commit, else created → deployed): ch1 26 h, ch2 27 h, ch3 25 h.
  {
    kind: "change", id: "ch1", repo: "acme/api", number: 1, author: "ana", title: "Add endpoint",
    first_commit_at: "2026-03-02T08:00:00Z", created_at: "2026-03-02T10:00:00Z", first_review_at: "2026-03-02T12:00:00Z",
    merged_at: "2026-03-03T08:00:00Z", merge_sha: "a2", commits: ["a1"], url: "https://github.com/acme/api/pull/1",
  },
  { kind: "change", id: "ch2", repo: "acme/api", number: 2, author: "ben", created_at: "2026-03-04T09:00:00Z", merged_at: "2026-03-05T09:00:00Z", merge_sha: "x2", commits: ["x1"] },
  {
    kind: "change", id: "ch3", repo: "acme/api", number: 3, author: "ana", title: "Hotfix: null check",
    first_commit_at: "2026-03-09T08:00:00Z", created_at: "2026-03-09T09:00:00Z", first_review_at: "2026-03-09T10:00:00Z",
    merged_at: "2026-03-10T08:00:00Z", merge_sha: "b1", commits: ["b0"],
  },
  { kind: "change", id: "ch4", repo: "acme/api", number: 4, author: "renovate", bot: true, created_at: "2026-03-10T06:00:00Z", merged_at: "2026-03-10T07:00:00Z", merge_sha: "b2", commits: ["b2"] },
  { kind: "change", id: "ch5", repo: "acme/api", number: 5, author: "ben", created_at: "2026-03-12T09:00:00Z", merged_at: "2026-03-12T10:00:00Z", merge_sha: "e1", commits: ["e1"] },

  // inc2 names d1; inc1 opens 2 h after d3 (failure window); inc3 is not near a deployment.
  { kind: "incident", id: "inc1", service: "api", title: "5xx spike", urgency: "high", created_at: "2026-03-10T11:00:00Z", acknowledged_at: "2026-03-10T11:10:00Z", resolved_at: "2026-03-10T13:00:00Z", url: "https://pd.example/incidents/inc1" },
  { kind: "incident", id: "inc2", service: "api", title: "Bad migration", urgency: "high", created_at: "2026-03-03T15:00:00Z", resolved_at: "2026-03-03T16:00:00Z", deployment_id: "d1" },
  { kind: "incident", id: "inc3", service: "api", title: "Disk", urgency: "low", created_at: "2026-03-07T23:00:00Z", acknowledged_at: "2026-03-07T23:05:00Z", resolved_at: "2026-03-08T00:05:00Z" },

  // CI: s1 failed then passed on a retry (flaky); durations 10, 12, 20 min; one cancelled run.
  { kind: "ci_run", id: "r1", repo: "acme/api", workflow: "ci", branch: "main", sha: "s1", event: "push", attempt: 1, status: "failure", queued_at: "2026-03-03T09:58:00Z", started_at: "2026-03-03T10:00:00Z", finished_at: "2026-03-03T10:10:00Z", url: "https://github.com/acme/api/actions/runs/1" },
  { kind: "ci_run", id: "r2", repo: "acme/api", workflow: "ci", branch: "main", sha: "s1", event: "push", attempt: 2, status: "success", started_at: "2026-03-03T10:20:00Z", finished_at: "2026-03-03T10:32:00Z" },
  { kind: "ci_run", id: "r3", repo: "acme/api", workflow: "ci", branch: "main", sha: "s2", event: "push", attempt: 1, status: "success", started_at: "2026-03-04T10:00:00Z", finished_at: "2026-03-04T10:20:00Z" },
  { kind: "ci_run", id: "r4", repo: "acme/api", workflow: "ci", branch: "main", sha: "s3", event: "push", attempt: 1, status: "cancelled", started_at: "2026-03-05T10:00:00Z", finished_at: "2026-03-05T10:05:00Z" },

  // On-call: Ana has a shift, Ben has none. Berlin is UTC+1 in March before the DST change.
  { kind: "oncall_shift", person: "ana", schedule: "primary", start: "2026-03-02T00:00:00Z", end: "2026-03-09T00:00:00Z" },
  { kind: "page", id: "p1", person: "ana", incident_id: "inc1", at: "2026-03-10T11:00:00Z", channel: "sms" }, // Tue 12:00 local: business
  { kind: "page", id: "p2", person: "ana", incident_id: "inc1", at: "2026-03-10T11:00:30Z", channel: "push" }, // 30 s later: merged
  { kind: "page", id: "p3", person: "ana", incident_id: "inc2", at: "2026-03-03T15:00:00Z", channel: "email" }, // not an interruption
  { kind: "page", id: "p4", person: "ana", incident_id: "inc3", at: "2026-03-07T23:00:00Z", channel: "phone" }, // Sun 00:00 local: sleep
  { kind: "acknowledgement", incident_id: "inc1", person: "ana", at: "2026-03-10T11:10:00Z" }, // engaged 110 min
  { kind: "acknowledgement", incident_id: "inc3", person: "ana", at: "2026-03-07T23:05:00Z" }, // engaged 60 min

  // Alerts: cpu auto-resolves then repeats unacknowledged (noise x2), 5xx is actionable and seen
  // before the window (recurring), disk was marked noise.
  { kind: "alert", id: "al0", service: "api", key: "5xx", created_at: "2026-02-01T10:00:00Z", acknowledged_at: "2026-02-01T10:05:00Z", resolved_at: "2026-02-01T11:00:00Z", resolved_by: "person" },
  { kind: "alert", id: "al1", service: "api", key: "cpu", created_at: "2026-03-04T10:00:00Z", resolved_at: "2026-03-04T10:05:00Z", resolved_by: "system" },
  { kind: "alert", id: "al2", service: "api", key: "cpu", created_at: "2026-03-04T12:00:00Z" },
  { kind: "alert", id: "al3", service: "api", key: "5xx", incident_id: "inc1", created_at: "2026-03-10T11:00:00Z", acknowledged_at: "2026-03-10T11:10:00Z", resolved_at: "2026-03-10T13:00:00Z", resolved_by: "person" },
  { kind: "alert", id: "al4", service: "api", key: "disk", created_at: "2026-03-11T09:00:00Z", acknowledged_at: "2026-03-11T09:10:00Z", resolved_at: "2026-03-11T09:30:00Z", resolved_by: "person", noise: true },
];

describe.each(DIALECTS)("metric endpoints on %s", (dialect) => {
  let t: TestApp;
  const get = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // A tier on any evidence: the hand-computed tiers below rest on 2 or 3 records, fewer than the
    // default minimums (the withheld tier is tested with the metric, server/src/metrics/dora.test.ts).
    t = await createTestApp(dialect, { now: NOW, config: configSchema.parse({ thresholds: { minimumCounts: { deploymentFrequency: 1, leadTime: 1, changeFailureRate: 1, recoveryTime: 1 } } }) });
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(records), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
  });
  afterAll(async () => t.close());

  test("dora: the five keys with counts and tiers, as computed by hand", async () => {
    const { status, body } = await get(`/api/teams/core/dora?${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      team: "core",
      range: { from: "2026-03-02T00:00:00.000Z", to: "2026-03-16T00:00:00.000Z" },
      // d1, d2, d3 in two weeks; deploy days per week [2, 1], lower median 1 → high.
      deploymentFrequency: { perWeek: 1.5, deployDaysPerWeekMedian: 1, count: 3, tier: "high" },
      // [25 h, 26 h, 27 h] → lower median 26 h, p90 27 h; parts: coding [120, 60], pickup [120, 60],
      // review [1200, 1320], deploy [120, 180, 60].
      leadTime: {
        medianMinutes: 1560,
        p90Minutes: 1620,
        count: 3,
        breakdown: { codingMinutes: 60, pickupMinutes: 60, reviewMinutes: 1200, deployMinutes: 120 },
        tier: "high",
      },
      // d1 (named by inc2) and d3 (inc1 within 24 h) failed.
      changeFailureRate: { rate: 2 / 3, failed: 2, total: 3, tier: "low" },
      // d1 → inc2 resolved 6 h later, d3 → inc1 resolved 4 h later: lower median 240.
      recoveryTime: { medianMinutes: 240, count: 2, tier: "high" },
      // inc2 60, inc3 65, inc1 120 minutes.
      timeToRestore: { medianMinutes: 65, count: 3 },
      // d3 ships the hotfix.
      reworkRate: { rate: 1 / 3, reworked: 1, total: 3 },
    });
    const notes = body.notes as { code: string; count: number }[];
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "bot_changes_excluded", count: 1 }),
        expect.objectContaining({ code: "changes_never_deployed", count: 1 }),
        expect.objectContaining({ code: "attributed_by_time", count: 1 }),
      ]),
    );
  });

  test("dora with no data is null, not 0", async () => {
    const { status, body } = await get(`/api/teams/quiet/dora?${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      deploymentFrequency: { perWeek: null, count: 0, tier: null },
      leadTime: { medianMinutes: null, count: 0, tier: null },
      changeFailureRate: { rate: null, failed: 0, total: 0, tier: null },
      recoveryTime: { medianMinutes: null, count: 0 },
      timeToRestore: { medianMinutes: null, count: 0 },
      reworkRate: { rate: null, reworked: 0, total: 0 },
    });
  });

  test("ci: durations, failure rate without cancelled runs, flaky pairs, queue time", async () => {
    const { status, body } = await get(`/api/teams/core/ci?${WINDOW}`);
    expect(status).toBe(200);
    expect(body.overall).toMatchObject({
      runs: 4,
      successes: 2,
      failures: 1,
      cancelled: 1,
      durationMedianMinutes: 12,
      durationP90Minutes: 20,
      failureRate: 1 / 3,
      pairs: 3,
      flaky: 1,
      queueMedianMinutes: 2,
      queueCount: 1,
    });
    expect(body.workflows).toEqual([expect.objectContaining({ repo: "acme/api", workflow: "ci", runs: 4 })]);
  });

  // Ana's ops work in the window (issue 12's ledger): two interruptions (p1 business for inc1,
  // p4 sleep for inc3; p2 folded into p1, p3 an email), each 23 min of lost focus plus her engaged
  // time on its incident (110 + 60 min), all "alerts"; and d3, an automatic deployment shipping
  // her hotfix ch3, one deployment toil (30 min). Ben did no ops work. Week one (03-02…03-08): the
  // sleep page and inc3, 83 min; week two: inc1 133 min + the hotfix deployment 30 min.
  const ANA_WEEKS = [23 + 60, 23 + 110 + 30];

  test("oncall: interruptions by band, engaged minutes, and on-call load in the weeks a person held a shift", async () => {
    const { status, body } = await get(`/api/teams/core/oncall?${WINDOW}`);
    expect(status).toBe(200);
    const people = body.people as { person: string }[];
    expect(people.find((p) => p.person === "ana")).toMatchObject({
      name: "Ana",
      interruptions: { business: 1, offHours: 0, sleep: 1, total: 2 },
      engagedMinutes: 170,
      minutes: 170 + 2 * 23,
      onCall: true,
      // On call in week one only: that week's alert and incident minutes over its 40 h.
      load: 83 / 2400,
      weeks: [
        { weekStart: "2026-03-02", partial: false, onCall: true, minutes: 83, workingMinutes: 2400, load: 83 / 2400 },
        { weekStart: "2026-03-09", partial: false, onCall: false, minutes: 133, workingMinutes: 2400, load: null },
      ],
    });
    expect(people.find((p) => p.person === "ben")).toMatchObject({ minutes: 0, onCall: false, load: null });
    expect(body.totals).toEqual({ interruptions: { business: 1, offHours: 0, sleep: 1, total: 2 }, engagedMinutes: 170, onCallMembers: 1 });
    // inc1 acknowledged after 10 min, inc3 after 5; resolved after 120, 60, 65 min.
    expect(body.timeToAcknowledge).toEqual({ medianMinutes: 5, count: 2 });
    // One figure, one name: the same as DORA's time to restore.
    expect(body.timeToRestore).toEqual({ medianMinutes: 65, count: 3 });
    expect(body.notes).toEqual(expect.arrayContaining([expect.objectContaining({ code: "members_without_shifts", count: 1 })]));
  });

  test("ops-work: the ledger by category and person, over every member's working time", async () => {
    const { status, body } = await get(`/api/teams/core/ops-work?${WINDOW}`);
    expect(status).toBe(200);
    const minutes = ANA_WEEKS[0]! + ANA_WEEKS[1]!;
    expect(body).toMatchObject({
      team: "core",
      share: minutes / 9600,
      measuredShare: minutes / 9600,
      estimatedShare: 0,
      status: "ok",
      minutes,
      workingMinutes: 2 * 2 * 2400,
      members: 2,
    });
    expect((body.categories as { category: string; minutes: number; count: number }[]).map((c) => [c.category, c.minutes, c.count])).toEqual([
      ["alerts", 216, 2],
      ["incidents", 0, 0],
      ["pipeline", 0, 0],
      ["deployments", 30, 1],
      ["ops_changes", 0, 0],
    ]);
    expect((body.people as { person: string; minutes: number }[]).map((p) => [p.person, p.minutes])).toEqual([
      ["ana", minutes],
      ["ben", 0],
    ]);
    expect((body.weeks as { weekStart: string; minutes: number; share: number }[]).map((w) => [w.weekStart, w.minutes, w.share])).toEqual([
      ["2026-03-02", ANA_WEEKS[0], ANA_WEEKS[0]! / 4800],
      ["2026-03-09", ANA_WEEKS[1], ANA_WEEKS[1]! / 4800],
    ]);
    // The records behind it: each item with its category and minutes, newest first.
    const records = await get(`/api/teams/core/records?metric=ops-work&${WINDOW}`);
    expect((records.body.items as { category: string; recordKind: string; recordId: string; minutes: number }[]).map((i) => [i.category, i.recordKind, i.recordId, i.minutes])).toEqual([
      ["alerts", "incident", "inc1", 110],
      ["alerts", "page", "p1", 23],
      ["deployments", "deployment", "d3", 30],
      ["alerts", "incident", "inc3", 60],
      ["alerts", "page", "p4", 23],
    ]);
  });

  test("alerts: noise rules, actionable ratio, time to fix, new vs recurring keys", async () => {
    const { status, body } = await get(`/api/teams/core/alerts?${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sprint: null,
      count: 4,
      actionable: 1,
      noise: 3,
      noiseByReason: { marked: 1, auto_resolved: 1, repeat: 1 },
      actionableRatio: 0.25,
      timeToFix: { medianMinutes: 120, count: 1 },
      keys: { new: 2, recurring: 1 },
    });
  });

  test("alerts for a sprint use the configured cadence (default: 2 weeks from 2026-01-05)", async () => {
    // Sprint 4 starts 2026-01-05 + 8 weeks = 2026-03-02.
    const { status, body } = await get("/api/teams/core/alerts?sprint=4");
    expect(status).toBe(200);
    expect(body).toMatchObject({ sprint: 4, range: { from: "2026-03-02T00:00:00.000Z", to: "2026-03-16T00:00:00.000Z" }, count: 4, sprintStatus: "complete" });
  });

  test("the running sprint counts up to now and says so; a sprint that has not started says that", async () => {
    // Now is 2026-03-20T12:00Z: sprint 5 runs 03-16 to 03-30, sprint 6 starts 03-30.
    const running = await get("/api/teams/core/alerts?sprint=5");
    expect(running.body).toMatchObject({
      range: { from: "2026-03-16T00:00:00.000Z", to: "2026-03-20T12:00:00.000Z" },
      sprintWindow: { from: "2026-03-16T00:00:00.000Z", to: "2026-03-30T00:00:00.000Z" },
      sprintStatus: "running",
    });
    const upcoming = await get("/api/teams/core/alerts?sprint=6");
    expect(upcoming.body).toMatchObject({ sprintStatus: "upcoming", count: 0 });
    const plain = await get(`/api/teams/core/alerts?${WINDOW}`);
    expect(plain.body).toMatchObject({ sprint: null, sprintWindow: null, sprintStatus: null });
  });

  test("series: deployments per ISO week", async () => {
    const { status, body } = await get(`/api/teams/core/series?metric=deployments&${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      metric: "deployments",
      bucket: "week",
      series: [
        {
          name: "deployments",
          points: [
            { weekStart: "2026-03-02", value: 2, count: 2 },
            { weekStart: "2026-03-09", value: 1, count: 1 },
          ],
        },
      ],
    });
  });

  test("series: ops share per week, and each category's part of it, stacked", async () => {
    const { status, body } = await get(`/api/teams/core/series?metric=ops-share&${WINDOW}`);
    expect(status).toBe(200);
    const series = body.series as { name: string; points: { value: number | null }[] }[];
    expect(series.map((s) => s.name)).toEqual(["team", "alerts", "incidents", "pipeline", "deployments", "ops_changes"]);
    expect(series[0]?.points.map((p) => p.value)).toEqual([ANA_WEEKS[0]! / 4800, ANA_WEEKS[1]! / 4800]);
    expect(series.find((s) => s.name === "deployments")?.points.map((p) => p.value)).toEqual([0, 30 / 4800]);
  });

  test("records: changes with their attributed deployment, attribution kind and lead-time parts", async () => {
    const { status, body } = await get(`/api/teams/core/records?metric=changes&${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 5 });
    const items = body.items as { id: string }[];
    expect(items.map((i) => i.id)).toEqual(["ch5", "ch3", "ch4", "ch2", "ch1"]);
    expect(items.find((i) => i.id === "ch1")).toMatchObject({
      deploymentId: "d1",
      attribution: "commits",
      deployedAt: "2026-03-03T10:00:00.000Z",
      codingMinutes: 120,
      pickupMinutes: 120,
      reviewMinutes: 1200,
      deployMinutes: 120,
      totalMinutes: 1560,
      url: "https://github.com/acme/api/pull/1",
    });
    expect(items.find((i) => i.id === "ch2")).toMatchObject({ deploymentId: "d2", attribution: "time", codingMinutes: null });
    expect(items.find((i) => i.id === "ch3")).toMatchObject({ deploymentId: "d3", attribution: "commits" });
    expect(items.find((i) => i.id === "ch4")).toMatchObject({ excluded: "bot", deploymentId: "d3" });
    expect(items.find((i) => i.id === "ch5")).toMatchObject({ excluded: null, deploymentId: null, deployedAt: null });
  });

  test("records: failed deployments with their reasons, newest first, paginated", async () => {
    const first = await get(`/api/teams/core/records?metric=failed-deployments&${WINDOW}&pageSize=1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 1, total: 2, items: [{ kind: "deployment", id: "d3", failed: true, incidentIds: ["inc1"] }] });
    const second = await get(`/api/teams/core/records?metric=failed-deployments&${WINDOW}&pageSize=1&page=2`);
    expect(second.body).toMatchObject({
      page: 2,
      total: 2,
      items: [{ id: "d1", failedBecause: ["incident"], incidentIds: ["inc2"], url: "https://github.com/acme/api/deployments/d1" }],
    });
  });

  test("records: pages marked as interruptions with their band, email and 60-second repeats not counted", async () => {
    const { body } = await get(`/api/teams/core/records?metric=pages&${WINDOW}`);
    expect(body.items).toEqual([
      expect.objectContaining({ id: "p2", interruption: false, band: null }),
      expect.objectContaining({ id: "p1", person: "ana", personName: "Ana", interruption: true, band: "business", merged: 1, url: "https://pd.example/incidents/inc1" }),
      expect.objectContaining({ id: "p4", interruption: true, band: "sleep" }),
      expect.objectContaining({ id: "p3", interruption: false, channel: "email" }),
    ]);
  });

  test("records: incidents, alerts and CI runs of the window", async () => {
    const incidents = await get(`/api/teams/core/records?metric=incidents&${WINDOW}`);
    expect((incidents.body.items as { id: string }[]).map((i) => i.id)).toEqual(["inc1", "inc3", "inc2"]);
    const alerts = await get(`/api/teams/core/records?metric=alerts&${WINDOW}`);
    expect((alerts.body.items as { id: string; noiseReason: string | null }[]).map((a) => [a.id, a.noiseReason])).toEqual([
      ["al4", "marked"],
      ["al3", null],
      ["al2", "repeat"],
      ["al1", "auto_resolved"],
    ]);
    const runs = await get(`/api/teams/core/records?metric=ci-runs&${WINDOW}`);
    expect(runs.body.items).toEqual([
      expect.objectContaining({ id: "r4", status: "cancelled" }),
      expect.objectContaining({ id: "r3", durationMinutes: 20, flaky: false }),
      expect.objectContaining({ id: "r2", flaky: true }),
      expect.objectContaining({ id: "r1", flaky: true, queueMinutes: 2, url: "https://github.com/acme/api/actions/runs/1" }),
    ]);
  });

  test("signals as of an instant: each with status, basis and value, the verdict with hours and cost", async () => {
    const { status, body } = await get("/api/teams/core/signals?asOf=2026-03-15");
    expect(status).toBe(200);
    expect(body).toMatchObject({ team: "core", asOf: "2026-03-16T00:00:00.000Z", verdict: "not-yet", currency: "USD" });
    const signals = body.signals as { id: string; status: string; basis: string; value: number | null }[];
    expect(signals.map((s) => [s.id, s.status, s.basis, s.value])).toEqual([
      // ana and ben merged changes (the bot is not counted).
      ["team-size", "ok", "measured", 2],
      // d0, d1, d2, d3 in the last 4 weeks.
      ["delivery-pressure", "ok", "measured", 1],
      // one repo deployed to production, one service declared
      ["architecture", "ok", "measured", 1],
      ["compliance", "ok", "declared", 0],
      // 246 ledger minutes of 2 members over 4 weeks of 40 h.
      ["ops-load", "ok", "measured", 246 / 19200],
    ]);
    // 246 minutes over 4 weeks = 1.025 h a week, at the default 100 an hour.
    expect(body.hoursPerWeek).toBeCloseTo(1.025, 10);
    expect(body.costPerWeek).toBeCloseTo(102.5, 10);
  });

  test("org summary: every team side by side and the org verdict", async () => {
    const { status, body } = await get(`/api/org/summary?${WINDOW}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      organization: "Organization",
      range: { from: "2026-03-02T00:00:00.000Z", to: "2026-03-16T00:00:00.000Z" },
      asOf: "2026-03-16T00:00:00.000Z",
      teams: [
        {
          team: "core",
          name: "Core",
          dora: {
            deploymentFrequency: { perWeek: 1.5, count: 3, tier: "high" },
            leadTime: { medianMinutes: 1560, count: 3, tier: "high" },
            changeFailureRate: { rate: 2 / 3, failed: 2, total: 3, tier: "low" },
            recoveryTime: { medianMinutes: 240, count: 2, tier: "high" },
          },
          opsShare: 246 / 9600,
          // The counts behind them: the ops share is over Ana's and Ben's working time; the CI
          // median and failure rate over r1–r3 (r4 was cancelled).
          members: 2,
          ciMedianMinutes: 12,
          ciFailureRate: 1 / 3,
          ciCount: 3,
          verdict: "not-yet",
          signals: { "team-size": "ok", "delivery-pressure": "ok", architecture: "ok", compliance: "ok", "ops-load": "ok" },
        },
        {
          // No record at all: its declared SOC 2 target is no evidence — no verdict, nothing fires.
          team: "quiet",
          verdict: "no-data",
          dora: { deploymentFrequency: { perWeek: null, count: 0, tier: null } },
          opsShare: null,
          members: 0,
          ciMedianMinutes: null,
          ciCount: 0,
          signals: { compliance: "unknown", "ops-load": "unknown" },
          hoursPerWeek: null,
        },
      ],
      verdict: { verdict: "not-yet", teams: [{ team: "core", verdict: "not-yet" }, { team: "quiet", verdict: "no-data", firing: [] }] },
    });
    const verdict = body.verdict as { hoursPerWeek: number; costPerWeek: number };
    expect(verdict.hoursPerWeek).toBeCloseTo(1.025, 10);
    expect(verdict.costPerWeek).toBeCloseTo(102.5, 10);
  });

  test("the default range is the last 90 days up to now", async () => {
    const { body } = await get("/api/teams/core/dora");
    expect(body.range).toEqual({ from: "2025-12-20T12:00:00.000Z", to: "2026-03-20T12:00:00.000Z" });
  });

  test("ISO instants are accepted as bounds, and a to instant is exclusive", async () => {
    const { status, body } = await get("/api/teams/core/dora?from=2026-03-03T10:00:00Z&to=2026-03-05T12:00:00%2B00:00");
    expect(status).toBe(200);
    // d1 at the from instant is in; d2 at the to instant is out.
    expect(body).toMatchObject({ deploymentFrequency: { count: 1 } });
  });

  test("a range of exactly two years is accepted", async () => {
    const { status } = await get("/api/teams/core/ci?from=2024-03-01&to=2026-02-28");
    expect(status).toBe(200);
  });
});
