import { describe, expect, test } from "vitest";
import type { Change, CiRun, Committer, Deployment, Incident } from "@opsledger/db";
import { computeSignals, orgVerdict } from "./signals.ts";
import { ack, change, ciRun, committer, deployment, incident, person, settings, shift, t, team } from "./testRows.ts";
import type { SignalId, SignalsInput, SignalsResult, SignalStatus } from "./types.ts";

const S = settings();
// Monday; the last 4 weeks are [2026-03-02, 2026-03-30), the last 90 days from 2025-12-30.
const asOf = t("2026-03-30");

const input = (p: Partial<SignalsInput> = {}): SignalsInput => ({
  team: team({ members: ["alice"] }),
  orgCompliance: [],
  deployments: [],
  changes: [],
  committers: [],
  ciRuns: [],
  people: [person("alice")],
  pages: [],
  shifts: [],
  acknowledgements: [],
  incidents: [],
  ...p,
});

/** One committer active in the 90 days: the team has a record, so declared signals may speak. */
const active: Partial<SignalsInput> = { committers: [committer("acme/api", "dev0", "2025-06-01", "2026-03-20")] };

const signal = (r: SignalsResult, id: SignalId) => {
  const s = r.signals.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id}`);
  return s;
};

/** n production deployments spread over the last 4 weeks, one every 12 hours from 2026-03-02. */
const deploys = (n: number, p: Partial<Deployment> = {}): Deployment[] =>
  Array.from({ length: n }, (_, i) => ({
    ...deployment({ id: `d${i}`, at: "2026-03-02T00:00" }),
    finishedAt: t("2026-03-02T00:00") + i * 12 * 3_600_000,
    ...p,
  }));

/** CI runs in the last 4 weeks: `minutes` long, the first `failed` of them failures. */
const runs = (n: number, minutes: number, failed = 0): CiRun[] =>
  Array.from({ length: n }, (_, i) => ({
    ...ciRun({ id: `r${i}`, start: "2026-03-03T10:00", end: "2026-03-03T10:00" }),
    finishedAt: t("2026-03-03T10:00") + minutes * 60_000,
    status: i < failed ? ("failure" as const) : ("success" as const),
  }));

describe("team-size", () => {
  const people = (n: number, last = "2026-03-20"): Committer[] =>
    Array.from({ length: n }, (_, i) => committer("acme/api", `dev${i}`, "2025-06-01", last));
  const authors = (n: number): Change[] =>
    Array.from({ length: n }, (_, i) => change({ id: `c${i}`, author: `dev${i}`, created: "2026-03-10", merged: "2026-03-10T01:00" }));

  test.each<{ name: string; p: Partial<SignalsInput>; status: SignalStatus; value: number | null }>([
    { name: "6 active committers fire (bots ignored)", p: { committers: [...people(6), committer("acme/api", "renovate[bot]", "2026-01-01", "2026-03-01")] }, status: "firing", value: 6 },
    { name: "5 committers are ok", p: { committers: people(5) }, status: "ok", value: 5 },
    { name: "committers idle for 90 days do not count", p: { committers: [...people(4), ...people(6, "2025-12-29").slice(4)] }, status: "ok", value: 4 },
    {
      name: "without committer rows: distinct non-bot change authors",
      p: { changes: [...authors(6), change({ id: "bot", author: "dependabot[bot]", bot: true, created: "2026-03-10", merged: "2026-03-10T01:00" })] },
      status: "firing",
      value: 6,
    },
    { name: "no data: unknown", p: {}, status: "unknown", value: null },
  ])("$name", ({ p, status, value }) => {
    const s = signal(computeSignals(input(p), asOf, S), "team-size");
    expect([s.status, s.value, s.threshold]).toEqual([status, value, 5]);
  });
});

describe("people in the evidence by name", () => {
  test("team-size names its committers: by GitHub login or person id, the login itself when nobody has it", () => {
    const p: Partial<SignalsInput> = {
      people: [person("alice"), { ...person("bob"), name: "Bob Stone", github: "bstone" }, { ...person("dev2"), name: "Dev Two" }],
      committers: ["bstone", "dev2", "ghost"].map((login) => committer("acme/api", login, "2025-06-01", "2026-03-20")),
    };
    const s = signal(computeSignals(input(p), asOf, S), "team-size");
    expect(s.evidence.facts.people).toEqual(["Bob Stone", "Dev Two", "ghost"]);
    expect(s.evidence.records).toEqual([{ kind: "person", ids: ["bstone", "dev2", "ghost"] }]);
  });
});

describe("delivery-pressure", () => {
  test.each<{ name: string; p: Partial<SignalsInput>; status: SignalStatus; value: number | null }>([
    { name: "11 deploys/week and CI median 16 min fire", p: { deployments: deploys(44), ciRuns: runs(3, 16) }, status: "firing", value: 11 },
    { name: "11 deploys/week and CI failing 1 in 5 (20%) fire", p: { deployments: deploys(44), ciRuns: runs(5, 10, 1) }, status: "firing", value: 11 },
    { name: "11 deploys/week, fast and green CI: ok", p: { deployments: deploys(44), ciRuns: runs(10, 10, 1) }, status: "ok", value: 11 },
    { name: "10 deploys/week (not more than 10) with slow CI: ok", p: { deployments: deploys(40), ciRuns: runs(3, 30) }, status: "ok", value: 10 },
    { name: "staging deploys do not count", p: { deployments: deploys(44, { environment: "staging" }), ciRuns: runs(3, 30) }, status: "unknown", value: null },
    { name: "11 deploys/week but no CI runs: unknown", p: { deployments: deploys(44) }, status: "unknown", value: 11 },
    { name: "no deployments: unknown", p: { ciRuns: runs(3, 30) }, status: "unknown", value: null },
  ])("$name", ({ p, status, value }) => {
    const s = signal(computeSignals(input(p), asOf, S), "delivery-pressure");
    expect([s.status, s.value, s.threshold]).toEqual([status, value, 10]);
  });

  test("evidence carries the weekly series", () => {
    const s = signal(computeSignals(input({ deployments: deploys(44), ciRuns: runs(3, 16) }), asOf, S), "delivery-pressure");
    expect(s.evidence.series.map((x) => x.name)).toEqual(["deployments", "ci-duration", "ci-failure-rate"]);
    // 44 deploys every 12 h from Monday 03-02: 14 per week for three weeks, the last 2 in week 4
    expect(s.evidence.series[0]?.points.map((pt) => [pt.weekStart, pt.value])).toEqual([
      ["2026-03-02", 14],
      ["2026-03-09", 14],
      ["2026-03-16", 14],
      ["2026-03-23", 2],
    ]);
    expect(s.evidence.facts).toMatchObject({ deploysPerWeek: 11, ciMedianMinutes: 16, ciFailureRate: 0 });
  });
});

describe("architecture", () => {
  const multi = settings({ production: { repos: { "acme/eu": "^production(-eu)?$" } } });
  test.each<{ name: string; p: Partial<SignalsInput>; s?: ReturnType<typeof settings>; status: SignalStatus; value: number | null }>([
    {
      name: "4 repos deployed to production fire",
      p: {
        team: team({ repos: ["a/1", "a/2", "a/3", "a/4"], services: [] }),
        deployments: ["a/1", "a/2", "a/3", "a/4"].map((repo) => deployment({ id: repo, repo, at: "2026-02-01" })),
      },
      status: "firing",
      value: 4,
    },
    {
      name: "3 deployed repos and 3 services: ok",
      p: {
        team: team({ repos: ["a/1", "a/2", "a/3"], services: ["x", "y", "z"] }),
        deployments: ["a/1", "a/2", "a/3"].map((repo) => deployment({ id: repo, repo, at: "2026-02-01" })),
      },
      status: "ok",
      value: 3,
    },
    { name: "5 services declared fire", p: { ...active, team: team({ services: ["a", "b", "c", "d", "e"] }) }, status: "firing", value: 5 },
    { name: "5 services declared but no record in 90 days: unknown (no evidence)", p: { team: team({ services: ["a", "b", "c", "d", "e"] }) }, status: "unknown", value: 5 },
    {
      name: "'prod' and 'production' are one environment",
      p: { deployments: [deployment({ id: "1", at: "2026-02-01", environment: "prod" }), deployment({ id: "2", at: "2026-02-02" })] },
      status: "ok",
      value: 1,
    },
    {
      name: "two production regions fire",
      s: multi,
      p: {
        team: team({ repos: ["acme/eu"] }),
        deployments: [
          deployment({ id: "1", repo: "acme/eu", at: "2026-02-01", environment: "production" }),
          deployment({ id: "2", repo: "acme/eu", at: "2026-02-02", environment: "production-eu" }),
        ],
      },
      status: "firing",
      value: 1,
    },
    { name: "nothing known: unknown", p: { team: team({ services: [] }) }, status: "unknown", value: null },
  ])("$name", ({ p, s, status, value }) => {
    const sig = signal(computeSignals(input(p), asOf, s ?? S), "architecture");
    expect([sig.status, sig.value, sig.threshold]).toEqual([status, value, 3]);
  });
});

describe("evidence or silence", () => {
  test("a team without a record in the 90 days gets no verdict and no firing signal, whatever the configuration declares", () => {
    const r = computeSignals(input({ team: team({ services: ["a", "b", "c", "d", "e"], compliance: ["SOC 2"] }), orgCompliance: ["HIPAA"] }), asOf, S);
    expect(r.verdict).toBe("no-data");
    expect(r.signals.map((x) => [x.id, x.status])).toEqual([
      ["team-size", "unknown"],
      ["delivery-pressure", "unknown"],
      ["architecture", "unknown"],
      ["compliance", "unknown"],
      ["ops-load", "unknown"],
    ]);
    // Each says why, and which basis it would have spoken from.
    expect(signal(r, "compliance").message).toMatch(/^no records for the team in the 90 days before this date: no verdict/);
    expect(signal(r, "compliance").basis).toBe("declared");
    expect(signal(r, "architecture").basis).toBe("declared");
  });
});

describe("compliance", () => {
  test.each<{ name: string; p: Partial<SignalsInput>; status: SignalStatus; value: number }>([
    { name: "team target fires", p: { ...active, team: team({ compliance: ["SOC 2"] }) }, status: "firing", value: 1 },
    { name: "org target fires", p: { ...active, orgCompliance: ["HIPAA", "ISO 27001"] }, status: "firing", value: 2 },
    { name: "no target: ok", p: active, status: "ok", value: 0 },
    { name: "a target declared for a team without any record in 90 days: unknown", p: { team: team({ compliance: ["SOC 2"] }) }, status: "unknown", value: 1 },
  ])("$name", ({ p, status, value }) => {
    const s = signal(computeSignals(input(p), asOf, S), "compliance");
    expect([s.status, s.value]).toEqual([status, value]);
  });
});

describe("ops-load and the verdict", () => {
  /** n daily incidents acknowledged by alice at 10:00, resolved at 16:00 → 240 engaged minutes each. */
  const load = (n: number): Partial<SignalsInput> => {
    const incidents: Incident[] = Array.from({ length: n }, (_, i) => {
      const day = `2026-03-${String(3 + i).padStart(2, "0")}`;
      return incident({ id: `i${i}`, created: `${day}T10:00`, resolved: `${day}T16:00` });
    });
    return {
      shifts: [shift("alice", "2026-02-23", "2026-04-06")],
      incidents,
      acknowledgements: incidents.map((i) => ({ ...ack(i.id, "alice", "2026-03-01"), at: i.createdAt })),
    };
  };

  // working minutes over 4 weeks: 4 × 2400 = 9600
  test.each<{ name: string; p: Partial<SignalsInput>; status: SignalStatus; value: number | null; verdict: string; hours: number | null; cost: number | null }>([
    { name: "5 × 240 = 1200 min (12.5%): ok", p: load(5), status: "ok", value: 0.125, verdict: "not-yet", hours: 5, cost: 500 },
    { name: "6 × 240 = 1440 min (15%): warning → watch", p: load(6), status: "warning", value: 0.15, verdict: "watch", hours: 6, cost: 600 },
    { name: "8 × 240 = 1920 min (20%): firing → fund-now", p: load(8), status: "firing", value: 0.2, verdict: "fund-now", hours: 8, cost: 800 },
    // The ledger counts every member's ops work, on call or not (issue 12); shifts only shape on-call load.
    { name: "no on-call shifts: the ledger still counts it", p: { ...load(8), shifts: [] }, status: "firing", value: 0.2, verdict: "fund-now", hours: 8, cost: 800 },
    { name: "no records at all: unknown, and no verdict", p: {}, status: "unknown", value: null, verdict: "no-data", hours: null, cost: null },
  ])("$name", ({ p, status, value, verdict, hours, cost }) => {
    const r = computeSignals(input(p), asOf, S);
    const s = signal(r, "ops-load");
    expect([s.status, s.value, s.threshold, s.criticalThreshold]).toEqual([status, value, 0.15, 0.2]);
    expect([r.verdict, r.hoursPerWeek, r.costPerWeek, r.currency]).toEqual([verdict, hours, cost, "USD"]);
  });

  test("any firing signal makes it fund-now, whatever the others", () => {
    const r = computeSignals(input({ ...load(6), team: team({ members: ["alice"], compliance: ["SOC 2"] }) }), asOf, S);
    expect(r.signals.map((s) => [s.id, s.status])).toEqual([
      ["team-size", "unknown"],
      ["delivery-pressure", "unknown"],
      ["architecture", "ok"], // one declared service
      ["compliance", "firing"],
      ["ops-load", "warning"],
    ]);
    expect(r.verdict).toBe("fund-now");
  });

  test("hourly rate and currency come from the settings", () => {
    const r = computeSignals(input(load(8)), asOf, settings({ thresholds: { hourlyRate: 150, currency: "EUR" } }));
    expect([r.hoursPerWeek, r.costPerWeek, r.currency]).toEqual([8, 1200, "EUR"]);
  });
});

describe("orgVerdict", () => {
  const result = (team: string, verdict: SignalsResult["verdict"], hours: number | null): SignalsResult => ({
    team,
    asOf,
    signals: [],
    verdict,
    hoursPerWeek: hours,
    costPerWeek: hours === null ? null : hours * 100,
    currency: "USD",
    hourlyRate: 100,
  });

  test.each<{ name: string; teams: SignalsResult[]; verdict: string; hours: number | null; cost: number | null }>([
    { name: "any fund-now wins; hours and cost summed", teams: [result("a", "watch", 6), result("b", "fund-now", 8), result("c", "not-yet", null)], verdict: "fund-now", hours: 14, cost: 1400 },
    { name: "watch when no team fires", teams: [result("a", "watch", 2), result("b", "not-yet", 1)], verdict: "watch", hours: 3, cost: 300 },
    { name: "no data anywhere: not-yet, hours null", teams: [result("a", "not-yet", null)], verdict: "not-yet", hours: null, cost: null },
    { name: "no teams", teams: [], verdict: "not-yet", hours: null, cost: null },
  ])("$name", ({ teams, verdict, hours, cost }) => {
    const r = orgVerdict(teams, S);
    expect([r.verdict, r.hoursPerWeek, r.costPerWeek, r.currency]).toEqual([verdict, hours, cost, "USD"]);
    expect(r.teams.map((x) => x.team)).toEqual(teams.map((x) => x.team));
  });
});
