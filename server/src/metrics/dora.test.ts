import { describe, expect, test } from "vitest";
import type { Change, Deployment, Incident } from "@opsledger/db";
import {
  attributeChanges,
  changeFailureTier,
  classifyDeployments,
  computeDora,
  deploymentFrequencyTier,
  leadTimeTier,
  recoveryTimeTier,
} from "./dora.ts";
import { change, deployment, incident, settings, team, win } from "./testRows.ts";
import type { DoraInput, Tier } from "./types.ts";

const S = settings();
/** Tiers on any evidence: for the tests of what the tiers are, apart from how much evidence they need. */
const ANY = settings({ thresholds: { minimumCounts: { deploymentFrequency: 1, leadTime: 1, changeFailureRate: 1, recoveryTime: 1 } } });

describe("attributeChanges", () => {
  // A change with a full history: first commit 08:00, PR 09:00, review 09:30, merged 10:00.
  const full = (p: Partial<Change> = {}): Change =>
    change({
      id: "c",
      firstCommit: "2026-03-02T08:00",
      created: "2026-03-02T09:00",
      firstReview: "2026-03-02T09:30",
      merged: "2026-03-02T10:00",
      mergeSha: "m",
      commits: ["s1", "s2"],
      ...p,
    });

  test.each<{
    name: string;
    change: Change;
    deployments: Deployment[];
    settings?: ReturnType<typeof settings>;
    expected: {
      deploymentId: string | null;
      attribution: "commits" | "time" | null;
      excluded?: "bot" | "draft" | null;
      coding: number | null;
      pickup: number | null;
      review: number | null;
      deploy: number | null;
      total: number | null;
      negative?: string[];
    };
  }>([
    {
      name: "matched by merge sha, every part known",
      change: full(),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["m"] })],
      expected: { deploymentId: "d1", attribution: "commits", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      name: "matched by one of the change's own shas",
      change: full(),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["x", "s2"] })],
      expected: { deploymentId: "d1", attribution: "commits", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      name: "squash merge: merge sha not among the change's commits, still matched",
      change: full({ mergeSha: "squash-1", commits: ["s1", "s2"] }),
      deployments: [
        deployment({ id: "d0", at: "2026-03-02T10:30", commits: ["other"] }),
        deployment({ id: "d1", at: "2026-03-02T12:00", commits: ["squash-1"] }),
      ],
      expected: { deploymentId: "d1", attribution: "commits", coding: 60, pickup: 30, review: 30, deploy: 120, total: 240 },
    },
    {
      name: "a repo's first deployment carries old changes in its commit list",
      change: change({ id: "old", created: "2026-01-10T09:00", merged: "2026-01-10T10:00", mergeSha: "old1" }),
      deployments: [deployment({ id: "first", at: "2026-03-02T10:00", commits: ["old1", "m2", "m3"] })],
      // 51 days + 1 h from created (no first commit known); deploy part from merge: 51 days.
      expected: { deploymentId: "first", attribution: "commits", coding: null, pickup: null, review: null, deploy: 73440, total: 73500 },
    },
    {
      name: "deployment without a commit list: first production deployment at or after merge, by time",
      change: full(),
      deployments: [
        deployment({ id: "before", at: "2026-03-02T09:59", commits: null }),
        deployment({ id: "d1", at: "2026-03-02T10:00", commits: null }),
        deployment({ id: "d2", at: "2026-03-02T11:00", commits: null }),
      ],
      expected: { deploymentId: "d1", attribution: "time", coding: 60, pickup: 30, review: 30, deploy: 0, total: 120 },
    },
    {
      name: "a commit list without the change proves it was not shipped; the next one without a list takes it by time",
      change: full(),
      deployments: [
        deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["unrelated"] }),
        deployment({ id: "d2", at: "2026-03-02T12:00", commits: null }),
      ],
      expected: { deploymentId: "d2", attribution: "time", coding: 60, pickup: 30, review: 30, deploy: 120, total: 240 },
    },
    {
      name: "a commit match wins over a later deployment without a list",
      change: full(),
      deployments: [
        deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["m"] }),
        deployment({ id: "d2", at: "2026-03-02T12:00", commits: null }),
      ],
      expected: { deploymentId: "d1", attribution: "commits", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      name: "merged but never deployed",
      change: full(),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["unrelated"] })],
      expected: { deploymentId: null, attribution: null, coding: 60, pickup: 30, review: 30, deploy: null, total: null },
    },
    {
      name: "staging, failed, other-repo and rollback deployments never ship a change",
      change: full(),
      deployments: [
        deployment({ id: "staging", at: "2026-03-02T10:10", environment: "staging", commits: ["m"] }),
        deployment({ id: "failed", at: "2026-03-02T10:20", status: "failure", commits: ["m"] }),
        deployment({ id: "web", at: "2026-03-02T10:30", repo: "acme/web", commits: ["m"] }),
        deployment({ id: "rb", at: "2026-03-02T10:40", rollback: true, commits: null }),
        deployment({ id: "prod", at: "2026-03-02T11:00", environment: "PROD", commits: ["m"] }),
      ],
      expected: { deploymentId: "prod", attribution: "commits", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      // Lead time starts at the earlier of first commit and creation (DESIGN 2026-12-07): a first
      // commit after creation is rewritten history, so the change started when it was created.
      name: "clock skew: deployed before merged and first commit after creation — negative parts are null, not 0",
      change: full({ firstCommitAt: Date.parse("2026-03-02T09:10Z") }),
      deployments: [deployment({ id: "d1", at: "2026-03-02T09:50", commits: ["m"] })],
      expected: {
        deploymentId: "d1",
        attribution: "commits",
        coding: null,
        pickup: 30,
        review: 30,
        deploy: null,
        total: 50,
        negative: ["coding", "deploy"],
      },
    },
    {
      name: "bot change: attributed but excluded",
      change: full({ bot: true }),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["m"] })],
      expected: { deploymentId: "d1", attribution: "commits", excluded: "bot", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      name: "bot change kept when excludeBots is off",
      change: full({ bot: true }),
      settings: settings({ excludeBots: false }),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["m"] })],
      expected: { deploymentId: "d1", attribution: "commits", excluded: null, coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
    {
      name: "draft change: excluded",
      change: full({ draft: true }),
      deployments: [deployment({ id: "d1", at: "2026-03-02T11:00", commits: ["m"] })],
      expected: { deploymentId: "d1", attribution: "commits", excluded: "draft", coding: 60, pickup: 30, review: 30, deploy: 60, total: 180 },
    },
  ])("$name", ({ change: c, deployments, settings: s, expected }) => {
    const [r] = attributeChanges([c], deployments, s ?? S);
    expect(r).toMatchObject({
      deploymentId: expected.deploymentId,
      attribution: expected.attribution,
      excluded: expected.excluded ?? null,
      codingMinutes: expected.coding,
      pickupMinutes: expected.pickup,
      reviewMinutes: expected.review,
      deployMinutes: expected.deploy,
      totalMinutes: expected.total,
      negativeSpans: expected.negative ?? [],
    });
  });
});

describe("classifyDeployments: failure charging", () => {
  const teamScope = team({ repos: ["acme/api", "acme/web"], services: ["api"] });
  const d1 = deployment({ id: "d1", at: "2026-03-02T10:00" });
  const d2 = deployment({ id: "d2", at: "2026-03-02T12:00", repo: "acme/web" });

  test.each<{ name: string; incidents: Incident[]; deployments?: Deployment[]; expected: Record<string, string[]> }>([
    {
      name: "one incident after two deployments is charged to the latest only",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00" })],
      expected: { d1: [], d2: ["i1"] },
    },
    {
      name: "two incidents after one deployment both charge it",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00" }), incident({ id: "i2", created: "2026-03-02T14:00" })],
      expected: { d1: [], d2: ["i1", "i2"] },
    },
    {
      name: "an incident naming a deployment is charged there, not to the latest",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00", deploymentId: "d1" })],
      expected: { d1: ["i1"], d2: [] },
    },
    {
      name: "an incident naming another team's deployment is charged to none of ours",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00", deploymentId: "elsewhere" })],
      expected: { d1: [], d2: [] },
    },
    {
      name: "failure window is half-open: 23:59 after is charged, 24:00 after is not",
      incidents: [incident({ id: "i1", created: "2026-03-03T11:59" }), incident({ id: "i2", created: "2026-03-03T12:00" })],
      expected: { d1: [], d2: ["i1"] },
    },
    {
      name: "an incident on a service the team does not own is not charged by time",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00", service: "billing" })],
      expected: { d1: [], d2: [] },
    },
    {
      name: "an incident before any deployment is charged to none",
      incidents: [incident({ id: "i1", created: "2026-03-02T09:00" })],
      expected: { d1: [], d2: [] },
    },
  ])("$name", ({ incidents, deployments, expected }) => {
    const input: DoraInput = { team: teamScope, deployments: deployments ?? [d1, d2], changes: [], incidents };
    const got = Object.fromEntries(classifyDeployments(input, S).map((d) => [d.deployment.id, d.incidentIds]));
    expect(got).toEqual(expected);
  });

  test("a rollback marks the previous production deployment of its repo failed, recovered at the rollback", () => {
    const input: DoraInput = {
      team: teamScope,
      deployments: [
        d1,
        deployment({ id: "web", at: "2026-03-02T10:10", repo: "acme/web" }),
        deployment({ id: "stg", at: "2026-03-02T10:15", environment: "staging" }),
        deployment({ id: "rb", at: "2026-03-02T10:45", rollback: true }),
      ],
      changes: [],
      incidents: [],
    };
    const got = classifyDeployments(input, S).map((d) => ({
      id: d.deployment.id,
      failed: d.failed,
      because: d.failedBecause,
      by: d.rolledBackBy,
      recovery: d.recoveryMinutes,
      rework: d.reworkBecause,
    }));
    expect(got).toEqual([
      { id: "d1", failed: true, because: ["rollback"], by: "rb", recovery: 45, rework: [] },
      { id: "web", failed: false, because: [], by: null, recovery: null, rework: [] },
      { id: "rb", failed: false, because: [], by: null, recovery: null, rework: ["rollback"] },
    ]);
  });

  test("an unresolved charged incident leaves the deployment unrecovered", () => {
    const input: DoraInput = { team: teamScope, deployments: [d1], changes: [], incidents: [incident({ id: "i1", created: "2026-03-02T11:00" })] };
    const [d] = classifyDeployments(input, S);
    expect(d).toMatchObject({ failed: true, recoveryMinutes: null, recoveryNote: "unrecovered" });
  });
});

describe("classifyDeployments: which services a repo deploys", () => {
  // acme/api runs service api, acme/web runs web; acme/docs has no mapping; vendor (a payment
  // gateway) is the team's to answer, but no repo of theirs deploys it.
  const mapped = team({
    repos: ["acme/api", "acme/web", "acme/docs"],
    services: ["api", "web", "vendor"],
    repoServices: { "acme/api": ["api"], "acme/web": ["web"] },
  });
  const web1 = deployment({ id: "web1", at: "2026-03-02T08:00", repo: "acme/web" });
  const api1 = deployment({ id: "api1", at: "2026-03-02T10:00" });
  const docs1 = deployment({ id: "docs1", at: "2026-03-02T12:00", repo: "acme/docs" });

  test.each<{ name: string; incidents: Incident[]; deployments?: Deployment[]; expected: Record<string, string[]> }>([
    {
      name: "an incident on web after a deploy of api does not fail api's deployment, but does fail the latest web deploy",
      incidents: [incident({ id: "i1", created: "2026-03-02T11:00", service: "web" })],
      deployments: [web1, api1],
      expected: { web1: ["i1"], api1: [] },
    },
    {
      name: "an incident on api is charged to the latest api deploy, whatever other repos deployed since",
      incidents: [incident({ id: "i1", created: "2026-03-02T11:00", service: "api" })],
      deployments: [api1, deployment({ id: "web2", at: "2026-03-02T10:30", repo: "acme/web" })],
      expected: { api1: ["i1"], web2: [] },
    },
    {
      name: "a later deploy of the same service came first: the incident goes to it, not to the earlier one",
      incidents: [incident({ id: "i1", created: "2026-03-02T11:00", service: "api" })],
      deployments: [deployment({ id: "api0", at: "2026-03-02T06:00" }), api1],
      expected: { api0: [], api1: ["i1"] },
    },
    {
      name: "an incident on a service no mapped repo deploys is charged only to a repo without a mapping",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00", service: "vendor" })],
      deployments: [web1, api1, docs1],
      expected: { web1: [], api1: [], docs1: ["i1"] },
    },
    {
      name: "a repo without a mapping runs every service of the team, so its later deploy comes first for api too",
      incidents: [incident({ id: "i1", created: "2026-03-02T13:00", service: "api" })],
      deployments: [api1, docs1],
      expected: { api1: [], docs1: ["i1"] },
    },
    {
      name: "naming a deployment still wins over its service and over time",
      incidents: [incident({ id: "i1", created: "2026-03-02T11:00", service: "web", deploymentId: "api1" })],
      deployments: [web1, api1],
      expected: { web1: [], api1: ["i1"] },
    },
    {
      name: "the failure window still closes 24 h after the deploy",
      incidents: [incident({ id: "i1", created: "2026-03-03T10:00", service: "api" })],
      deployments: [api1],
      expected: { api1: [] },
    },
  ])("$name", ({ incidents, deployments, expected }) => {
    const input: DoraInput = { team: mapped, deployments: deployments ?? [web1, api1, docs1], changes: [], incidents };
    const got = Object.fromEntries(classifyDeployments(input, S).map((d) => [d.deployment.id, d.incidentIds]));
    expect(got).toEqual(expected);
  });

  test("each failed deployment says why: which incident, on which service, how long after, and whose services counted", () => {
    const input: DoraInput = {
      team: mapped,
      deployments: [web1, api1, docs1, deployment({ id: "rb", at: "2026-03-02T12:30", repo: "acme/docs", rollback: true })],
      changes: [],
      incidents: [
        incident({ id: "named", created: "2026-03-02T08:30", service: "api", deploymentId: "api1" }),
        incident({ id: "onWeb", created: "2026-03-02T09:30", service: "web" }),
        incident({ id: "onVendor", created: "2026-03-02T12:15", service: "vendor" }),
      ],
    };
    const got = Object.fromEntries(classifyDeployments(input, S).map((d) => [d.deployment.id, d.failures]));
    expect(got).toEqual({
      web1: [{ reason: "incident_window", incidentId: "onWeb", service: "web", minutesAfter: 90, scope: "repo_services" }],
      api1: [{ reason: "incident", incidentId: "named", service: "api" }],
      docs1: [
        { reason: "incident_window", incidentId: "onVendor", service: "vendor", minutesAfter: 15, scope: "team_services" },
        { reason: "rollback", rolledBackBy: "rb" },
      ],
      rb: [],
    });
  });

  test("change failure rate: with the mapping a daily vendor incident fails no deploy, though it still counts for time to restore", () => {
    const window = win("2026-03-02", "2026-03-09");
    const days = ["02", "03", "04", "05", "06"];
    const rows = {
      deployments: days.flatMap((d) => [deployment({ id: `api-${d}`, at: `2026-03-${d}T10:00` }), deployment({ id: `web-${d}`, at: `2026-03-${d}T11:00`, repo: "acme/web" })]),
      changes: [],
      // The gateway has an incident every afternoon; web breaks once, on Wednesday.
      incidents: [
        ...days.map((d) => incident({ id: `vendor-${d}`, created: `2026-03-${d}T15:00`, resolved: `2026-03-${d}T16:00`, service: "vendor" })),
        incident({ id: "web-bug", created: "2026-03-04T12:00", resolved: "2026-03-04T12:30", service: "web" }),
      ],
    };
    const teamWide = team({ repos: ["acme/api", "acme/web"], services: ["api", "web", "vendor"] });
    const before = computeDora({ team: teamWide, ...rows }, window, S);
    const after = computeDora({ team: { ...teamWide, repoServices: { "acme/api": ["api"], "acme/web": ["web"] } }, ...rows }, window, S);
    expect(before.changeFailureRate).toMatchObject({ failed: 5, total: 10, rate: 0.5 });
    expect(after.changeFailureRate).toMatchObject({ failed: 1, total: 10, rate: 0.1 });
    expect(after.timeToRestore).toEqual(before.timeToRestore);
    expect(after.timeToRestore.count).toBe(6);
  });
});

describe("computeDora", () => {
  // One ISO week, Monday 2026-03-02 to Monday 2026-03-09. Hand-computed below each row.
  const window = win("2026-03-02", "2026-03-09");
  const input: DoraInput = {
    team: team({ repos: ["acme/api", "acme/web"], services: ["api"] }),
    deployments: [
      deployment({ id: "dA0", at: "2026-02-20T10:00", commits: ["a0"] }),
      deployment({ id: "dA1", at: "2026-03-02T10:00", commits: ["m1", "c1a", "old1"] }),
      deployment({ id: "dA2", at: "2026-03-02T15:00", commits: ["m2"] }),
      deployment({ id: "dA3", at: "2026-03-03T09:00", rollback: true }),
      deployment({ id: "dA4", at: "2026-03-04T12:00", commits: ["m3", "m5"] }),
      deployment({ id: "dW1", at: "2026-03-05T08:00", repo: "acme/web", commits: null }),
      deployment({ id: "dS", at: "2026-03-05T09:00", environment: "staging", commits: ["m9"] }),
      deployment({ id: "dA5", at: "2026-03-06T10:00", commits: ["m4", "m4b"] }),
      deployment({ id: "dA6", at: "2026-03-06T10:30", rollback: true }),
    ],
    changes: [
      // lead 1440 = coding 120 + pickup 60 + review 1200 + deploy 60
      change({ id: "c1", firstCommit: "2026-03-01T10:00", created: "2026-03-01T12:00", firstReview: "2026-03-01T13:00", merged: "2026-03-02T09:00", mergeSha: "m1", commits: ["c1a"] }),
      // squash merge, no first commit or review known: lead 240 from created, deploy 60
      change({ id: "c2", created: "2026-03-02T11:00", merged: "2026-03-02T14:00", mergeSha: "m2", commits: ["x1", "x2"] }),
      // hotfix label (rework): coding 60, pickup 30, review 90, deploy 60, lead 240
      change({ id: "c3", firstCommit: "2026-03-04T08:00", created: "2026-03-04T09:00", firstReview: "2026-03-04T09:30", merged: "2026-03-04T11:00", mergeSha: "m3", labels: ["hotfix"] }),
      // web repo, deployment without commit list: by time, deploy 60, lead 720
      change({ id: "c4", repo: "acme/web", created: "2026-03-04T20:00", merged: "2026-03-05T07:00" }),
      change({ id: "c5", bot: true, author: "dependabot[bot]", created: "2026-03-06T08:00", merged: "2026-03-06T09:00", mergeSha: "m4" }),
      change({ id: "c6", draft: true, created: "2026-03-05T08:00", merged: "2026-03-05T10:00", mergeSha: "m4b" }),
      // merged Saturday, nothing deployed after: never deployed
      change({ id: "c7", created: "2026-03-07T09:00", merged: "2026-03-07T10:00", mergeSha: "m9" }),
      // old change shipped by dA1 (dA0's commit list did not hold it): lead 73500, deploy 73440
      change({ id: "c8", created: "2026-01-10T09:00", merged: "2026-01-10T10:00", mergeSha: "old1" }),
      // first commit after the PR was created (rewritten history): coding null, deploy 30, lead 180 from creation
      change({ id: "c9", firstCommit: "2026-03-04T10:00", created: "2026-03-04T09:00", merged: "2026-03-04T11:30", mergeSha: "m5" }),
    ],
    incidents: [
      // after dA1 and dA2: charged to dA2 only; resolved 2 h after dA2
      incident({ id: "i1", created: "2026-03-02T16:00", resolved: "2026-03-02T17:00" }),
      // two incidents after dA4: one by time (resolved 15:00), one naming it (resolved 14:30 → recovery 150)
      incident({ id: "i2", created: "2026-03-04T13:00", resolved: "2026-03-04T15:00" }),
      incident({ id: "i3", created: "2026-03-04T14:00", resolved: "2026-03-04T14:30", deploymentId: "dA4" }),
      // after dW1 (the latest team production deployment; dS is staging): recovery 120; names dA5 as its fix
      incident({ id: "i4", created: "2026-03-05T09:00", resolved: "2026-03-05T10:00", fixDeploymentId: "dA5" }),
      incident({ id: "i5", created: "2026-03-06T11:00", resolved: "2026-03-06T12:00", service: "billing" }),
      // 25.5 h after dA6: outside the failure window
      incident({ id: "i6", created: "2026-03-07T12:00", resolved: "2026-03-07T13:00" }),
    ],
  };

  test("the week's numbers, hand-computed", () => {
    const r = computeDora(input, window, ANY);
    expect(r.deploymentFrequency).toEqual({
      perWeek: 7,
      deployDaysPerWeekMedian: 5,
      deployDaysPerMonthMedian: 5,
      count: 7,
      tier: "elite",
      minimum: 1,
    });
    // totals [180, 240, 240, 720, 1440, 73500]: lower median 240, p90 nearest rank 6 → 73500
    expect(r.leadTime).toEqual({
      medianMinutes: 240,
      p90Minutes: 73500,
      count: 6,
      breakdown: { codingMinutes: 60, pickupMinutes: 30, reviewMinutes: 90, deployMinutes: 60 },
      tier: "elite",
      minimum: 1,
    });
    // failed: dA2 (i1 + rollback dA3), dA4 (i2, i3), dW1 (i4), dA5 (rollback dA6) of 7
    expect(r.changeFailureRate).toEqual({ rate: 4 / 7, failed: 4, total: 7, tier: "low", minimum: 1 });
    // recoveries [120, 150, 120, 30] → lower median 120
    expect(r.recoveryTime).toEqual({ medianMinutes: 120, count: 4, tier: "high", minimum: 1 });
    // team incidents created in the window: [60, 120, 30, 60, 60] → 60 (i5 is another service)
    expect(r.timeToRestore).toEqual({ medianMinutes: 60, count: 5 });
    // rework: dA3, dA6 rollbacks; dA4 ships a hotfix; dA5 fixes i4
    expect(r.reworkRate).toEqual({ rate: 4 / 7, reworked: 4, total: 7 });
    expect(Object.fromEntries(r.notes.map((n) => [n.code, n.count]))).toEqual({
      bot_changes_excluded: 1,
      draft_changes_excluded: 1,
      attributed_by_time: 1,
      changes_never_deployed: 1,
      negative_span_clock_skew: 1,
    });
  });

  test("per-deployment detail", () => {
    const got = classifyDeployments(input, S)
      .filter((d) => d.deployedAt >= window.from)
      .map((d) => [d.deployment.id, d.failedBecause, d.incidentIds, d.recoveryMinutes, d.reworkBecause, d.changeIds]);
    expect(got).toEqual([
      ["dA1", [], [], null, [], ["c1", "c8"]],
      ["dA2", ["rollback", "incident_window"], ["i1"], 120, [], ["c2"]],
      ["dA3", [], [], null, ["rollback"], []],
      ["dA4", ["incident", "incident_window"], ["i2", "i3"], 150, ["fix_change"], ["c3", "c9"]],
      ["dW1", ["incident_window"], ["i4"], 120, [], ["c4"]],
      ["dA5", ["rollback"], [], 30, ["incident_fix"], ["c5", "c6"]],
      ["dA6", [], [], null, ["rollback"], []],
    ]);
  });

  test("no data: null, not 0", () => {
    const r = computeDora({ team: team(), deployments: [], changes: [], incidents: [] }, window, S);
    expect(r).toEqual({
      deploymentFrequency: { perWeek: null, deployDaysPerWeekMedian: null, deployDaysPerMonthMedian: null, count: 0, tier: null, minimum: 5 },
      leadTime: {
        medianMinutes: null,
        p90Minutes: null,
        count: 0,
        breakdown: { codingMinutes: null, pickupMinutes: null, reviewMinutes: null, deployMinutes: null },
        tier: null,
        minimum: 5,
      },
      changeFailureRate: { rate: null, failed: 0, total: 0, tier: null, minimum: 10 },
      recoveryTime: { medianMinutes: null, count: 0, tier: null, minimum: 3 },
      timeToRestore: { medianMinutes: null, count: 0 },
      reworkRate: { rate: null, reworked: 0, total: 0 },
      notes: [],
    });
  });

  test("deploy days per ISO week count empty weeks as 0", () => {
    // Three ISO weeks; deploys on 2 days of week 1 and 1 day of week 3 → [2, 0, 1] → lower median 1.
    const r = computeDora(
      {
        team: team(),
        deployments: [
          deployment({ id: "a", at: "2026-03-02T10:00" }),
          deployment({ id: "b", at: "2026-03-02T18:00" }),
          deployment({ id: "c", at: "2026-03-03T10:00" }),
          deployment({ id: "d", at: "2026-03-17T10:00" }),
        ],
        changes: [],
        incidents: [],
      },
      win("2026-03-02", "2026-03-23"),
      ANY,
    );
    expect(r.deploymentFrequency).toEqual({ perWeek: 4 / 3, deployDaysPerWeekMedian: 1, deployDaysPerMonthMedian: 3, count: 4, tier: "high", minimum: 1 });
  });

  test("evidence or silence: one deployment gives its value and count but no tier; the configured minimum gives one", () => {
    const one = computeDora({ team: team(), deployments: [deployment({ id: "a", at: "2026-03-02T10:00" })], changes: [], incidents: [] }, win("2026-03-02", "2026-03-09"), S);
    expect(one.deploymentFrequency).toMatchObject({ perWeek: 1, count: 1, tier: null, minimum: 5 });
    expect(one.changeFailureRate).toMatchObject({ rate: 0, total: 1, tier: null, minimum: 10 });
    const five = computeDora(
      { team: team(), deployments: ["02", "03", "04", "05", "06"].map((d) => deployment({ id: d, at: `2026-03-${d}T10:00` })), changes: [], incidents: [] },
      win("2026-03-02", "2026-03-09"),
      S,
    );
    expect(five.deploymentFrequency).toMatchObject({ count: 5, tier: "elite", minimum: 5 });
    const lower = settings({ thresholds: { minimumCounts: { changeFailureRate: 5 } } });
    expect(computeDora({ team: team(), deployments: ["02", "03", "04", "05", "06"].map((d) => deployment({ id: d, at: `2026-03-${d}T10:00` })), changes: [], incidents: [] }, win("2026-03-02", "2026-03-09"), lower).changeFailureRate).toMatchObject({ rate: 0, total: 5, tier: "elite", minimum: 5 });
  });
});

describe("DORA tiers", () => {
  test.each<[number | null, number | null, Tier]>([
    [7, 28, "elite"],
    [5, 20, "elite"],
    [4, 16, "high"],
    [1, 4, "high"],
    [0, 1, "medium"],
    [0, 0, "low"],
    [null, null, null],
  ])("deployment frequency: %s days/week, %s days/month → %s", (week, month, tier) => {
    expect(deploymentFrequencyTier(week, month)).toBe(tier);
  });

  test.each<[number | null, Tier]>([
    [1439, "elite"],
    [1440, "high"],
    [10079, "high"],
    [10080, "medium"],
    [43199, "medium"],
    [43200, "low"],
    [null, null],
  ])("lead time %s min → %s", (minutes, tier) => {
    expect(leadTimeTier(minutes)).toBe(tier);
  });

  test.each<[number | null, Tier]>([
    [0, "elite"],
    [0.05, "elite"],
    [0.0501, "high"],
    [0.1, "high"],
    [0.15, "medium"],
    [3 / 20, "medium"],
    [0.1501, "low"],
    [null, null],
  ])("change failure rate %s → %s", (rate, tier) => {
    expect(changeFailureTier(rate)).toBe(tier);
  });

  test.each<[number | null, Tier]>([
    [59, "elite"],
    [60, "high"],
    [1439, "high"],
    [1440, "medium"],
    [10079, "medium"],
    [10080, "low"],
    [null, null],
  ])("recovery time %s min → %s", (minutes, tier) => {
    expect(recoveryTimeTier(minutes)).toBe(tier);
  });
});
