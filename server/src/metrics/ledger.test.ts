/**
 * The ops-work ledger's rules (DESIGN.md "Ops work"), category by category, as tables of cases
 * worked out by hand; and the one definition of the ops share over a window, whose value is the
 * weighted mean of its weeks.
 */
import { describe, expect, test } from "vitest";
import type { DeployFact, LedgerItem, Page, PersonWeek } from "@opsledger/db";
import {
  alertAndIncidentItems,
  changeTimeItems,
  deploymentItems,
  deploymentToilUnattributed,
  emptyPersonWeek,
  engagedPieces,
  firstAcksOf,
  interruptionFactsOf,
  ledgerWeekOf,
  opsWorkFrom,
  personWeekOfDays,
  personWeeksOf,
  ISO_WEEK,
  UTC_DAY,
  pipelineItems,
  windowWeeks,
  type LedgerWeek,
  type TimedChange,
  type ToilPeople,
  type ToilRun,
} from "./ledger.ts";
import { settings, t, win } from "./testRows.ts";

const S = settings();
const FOCUS = S.focusLossMinutes;
const sum = (items: readonly LedgerItem[], category: LedgerItem["category"]) => items.filter((i) => i.category === category).reduce((n, i) => n + i.minutes, 0);
const counted = (items: readonly LedgerItem[], category: LedgerItem["category"]) => items.filter((i) => i.category === category).reduce((n, i) => n + i.count, 0);

describe("alerts and incidents", () => {
  const page = (id: string, incidentId: string, at: string, channel: Page["channel"] = "sms"): Page => ({ source: "pagerduty", id, person: "ana", incidentId, at: t(at), channel });
  const incidents = new Map([
    ["I1", { resolvedAt: t("2026-03-03T11:05") }],
    ["I2", { resolvedAt: t("2026-03-03T14:30") }],
    ["I3", { resolvedAt: t("2026-03-03T11:35") }],
    ["I4", { resolvedAt: null }],
  ]);
  const items = (pages: Page[], acks: { incidentId: string; at: string }[]) => {
    const interruptions = interruptionFactsOf(pages, "UTC").filter((i) => i.counted);
    const pieces = engagedPieces(firstAcksOf(acks.map((a) => ({ incidentId: a.incidentId, at: t(a.at) }))), incidents, S);
    return alertAndIncidentItems("ana", interruptions, pieces, new Set(interruptions.map((i) => i.incidentId)), new Map([...incidents.keys()].map((id) => [id, "pagerduty"])), S);
  };

  test.each<{ name: string; pages: Page[]; acks: { incidentId: string; at: string }[]; alerts: [number, number]; incidents: [number, number] }>([
    {
      name: "a page, then its incident's engaged time: both are alerts, the incident not counted again",
      pages: [page("p1", "I1", "2026-03-03T10:00")],
      acks: [{ incidentId: "I1", at: "2026-03-03T10:05" }],
      alerts: [FOCUS + 60, 1],
      incidents: [0, 0],
    },
    {
      name: "two pages 30 s apart are one interruption",
      pages: [page("p1", "I1", "2026-03-03T10:00"), page("p2", "I1", "2026-03-03T10:00:30", "push")],
      acks: [{ incidentId: "I1", at: "2026-03-03T10:05" }],
      alerts: [FOCUS + 60, 1],
      incidents: [0, 0],
    },
    {
      name: "an email is no interruption: the engaged time is incidents",
      pages: [page("p1", "I1", "2026-03-03T10:00", "email")],
      acks: [{ incidentId: "I1", at: "2026-03-03T10:05" }],
      alerts: [0, 0],
      incidents: [60, 1],
    },
    {
      name: "an incident acknowledged inside another's engaged time counts only the time after it",
      pages: [page("p1", "I1", "2026-03-03T10:00")],
      // I3 10:30–11:35 overlaps I1 10:05–11:05: only 11:05–11:35 is new, and I3 was no page.
      acks: [{ incidentId: "I1", at: "2026-03-03T10:05" }, { incidentId: "I3", at: "2026-03-03T10:30" }, { incidentId: "I2", at: "2026-03-03T14:00" }],
      alerts: [FOCUS + 60, 1],
      incidents: [30 + 30, 2],
    },
    {
      name: "an open incident runs to the cap (4 h); a second acknowledgement adds nothing",
      pages: [],
      acks: [{ incidentId: "I4", at: "2026-03-03T20:00" }, { incidentId: "I4", at: "2026-03-03T21:00" }],
      alerts: [0, 0],
      incidents: [S.engagedCapHours * 60, 1],
    },
  ])("$name", ({ pages, acks, alerts, incidents: expected }) => {
    const ledger = items(pages, acks);
    expect([sum(ledger, "alerts"), counted(ledger, "alerts")]).toEqual(alerts);
    expect([sum(ledger, "incidents"), counted(ledger, "incidents")]).toEqual(expected);
  });

  test("engaged time across an ISO week boundary is split into the two weeks", () => {
    const pieces = engagedPieces([{ incidentId: "I4", at: t("2026-03-08T22:00") }], incidents, S);
    expect(pieces.map((p) => [new Date(p.start).toISOString(), (p.end - p.start) / 60_000])).toEqual([
      ["2026-03-08T22:00:00.000Z", 120],
      ["2026-03-09T00:00:00.000Z", 120],
    ]);
  });
});

describe("pipeline toil", () => {
  const run = (status: ToilRun["status"], attempt = 1): ToilRun => ({ source: "github", id: `r-${attempt}`, startedAt: t("2026-03-03T10:00"), status, attempt });
  test.each<[string, ToilRun, string[], string | null, string[]]>([
    ["a red run on a person's own change costs them the lost focus", run("failure"), ["ana"], null, ["ana"]],
    ["a red run on a change of two authors costs each of them", run("failure"), ["ana", "bo"], null, ["ana", "bo"]],
    ["a green first run costs nothing", run("success"), ["ana"], null, []],
    ["a cancelled run is not red: nothing", run("cancelled"), ["ana"], null, []],
    ["a flaky re-run costs whoever re-ran it, green or not", run("success", 2), ["ana"], "bo", ["bo"]],
    ["red on their change and re-run by them counts once", run("failure", 2), ["ana"], "ana", ["ana"]],
    ["a re-run nobody is known to have triggered costs the authors only if red", run("failure", 2), ["ana"], null, ["ana"]],
  ])("%s", (_name, r, authors, rerunBy, charged) => {
    const items = pipelineItems(r, authors, rerunBy, S);
    expect(items.map((i) => i.person)).toEqual(charged);
    expect(items.every((i) => i.minutes === FOCUS && i.count === 1 && !i.estimated && i.category === "pipeline")).toBe(true);
  });
});

describe("deployment toil", () => {
  const deploy = (fields: Partial<DeployFact>): DeployFact => ({
    source: "github",
    id: "d1",
    repo: "acme/api",
    environment: "production",
    sha: "s1",
    deployedAt: t("2026-03-03T10:00"),
    rollback: false,
    hasCommitList: true,
    creator: null,
    trigger: "automatic",
    ...fields,
  });
  const who = (fields: Partial<ToilPeople>): ToilPeople => ({ creator: null, fixAuthors: [], hotfix: false, ...fields });
  test.each<[string, DeployFact, ToilPeople, string[], boolean]>([
    ["a deployment run by hand (manual trigger) costs the person who ran it", deploy({ trigger: "manual", creator: "ana" }), who({ creator: "ana" }), ["ana"], false],
    ["a human creator without a trigger is by hand too", deploy({ trigger: null, creator: "ana" }), who({ creator: "ana" }), ["ana"], false],
    ["an automatic pipeline deployment is no toil", deploy({}), who({}), [], false],
    ["a rollback is one toil, charged once to who ran it", deploy({ rollback: true, trigger: "manual", creator: "ana" }), who({ creator: "ana" }), ["ana"], false],
    ["an automatic rollback nobody ran is toil nobody can be charged for", deploy({ rollback: true }), who({}), [], true],
    ["an automatic hotfix deployment costs the fix's (non-bot) authors", deploy({}), who({ hotfix: true, fixAuthors: ["bo", "ana", "bo"] }), ["ana", "bo"], false],
    ["a hotfix run by hand costs who ran it, not the authors", deploy({ trigger: "manual", creator: "cy" }), who({ creator: "cy", hotfix: true, fixAuthors: ["bo"] }), ["cy"], false],
  ])("%s", (_name, d, people, charged, unattributed) => {
    const items = deploymentItems(d, people, S);
    expect(items.map((i) => i.person)).toEqual(charged);
    expect(items.every((i) => i.minutes === S.ledger.deploymentToilMinutes && i.count === 1)).toBe(true);
    expect(deploymentToilUnattributed(d, people)).toBe(unattributed);
  });
});

describe("ops changes (estimated from activity)", () => {
  const change = (id: string, from: string, to: string, opsFraction: number): TimedChange => ({ source: "github", id, startedAt: t(from), mergedAt: t(to), opsFraction });
  const opsOf = (items: LedgerItem[]) => items.filter((i) => i.category === "ops_changes");

  test("a working day is split evenly across the changes in progress; a partly-ops change gets its fraction of its share", () => {
    // Tuesday: the Terraform half of A (fraction 0.5) and product change B are both in progress.
    const items = changeTimeItems("ana", "UTC", [change("A", "2026-03-03T09:00", "2026-03-03T17:00", 0.5), change("B", "2026-03-03T08:00", "2026-03-04T10:00", 0)], t("2026-03-02"), t("2026-03-09"));
    expect(opsOf(items).map((i) => [i.recordId, i.minutes, i.count, i.estimated])).toEqual([["A", 480 / 2 / 2, 1, true]]);
    // Author time: both working days with a change in progress, whole; each change finishes once.
    expect(items.filter((i) => i.category === "author_time").map((i) => [i.recordId, i.minutes, i.count])).toEqual([
      ["2026-03-03", 480, 1],
      ["2026-03-04", 480, 1],
    ]);
  });

  test("an ops label makes the whole change ops; a change spanning a weekend counts only working days", () => {
    const items = changeTimeItems("ana", "UTC", [change("C", "2026-03-06T10:00", "2026-03-09T10:00", 1)], t("2026-03-02"), t("2026-03-16"));
    expect(opsOf(items).map((i) => [new Date(i.at).toISOString().slice(0, 10), i.minutes, i.count])).toEqual([
      ["2026-03-06", 480, 0],
      ["2026-03-09", 480, 1],
    ]);
  });

  test("across a DST change, days are the person's local days, each at its local noon and in the ISO week of its local date", () => {
    // New York moved to EDT on Sunday 2026-03-08. A change from Friday 17:00 to Monday 10:00 local.
    const items = changeTimeItems("dana", "America/New_York", [change("D", "2026-03-06T22:00", "2026-03-09T14:00", 1)], t("2026-03-02"), t("2026-03-16"));
    expect(opsOf(items).map((i) => [new Date(i.at).toISOString(), i.minutes])).toEqual([
      ["2026-03-06T17:00:00.000Z", 480], // Friday noon EST (UTC−5)
      ["2026-03-09T16:00:00.000Z", 480], // Monday noon EDT (UTC−4)
    ]);
    const weeks = personWeeksOf("dana", items, [], [], t("2026-03-02"), t("2026-03-16"));
    expect(weeks.map((w) => [new Date(w.weekStart).toISOString().slice(0, 10), w.minutes.ops_changes])).toEqual([
      ["2026-03-02", 480],
      ["2026-03-09", 480],
    ]);
  });

  test("a change with no working day in progress (opened and merged on a Sunday) costs nothing", () => {
    expect(changeTimeItems("ana", "UTC", [change("E", "2026-03-08T10:00", "2026-03-08T12:00", 1)], t("2026-03-02"), t("2026-03-16"))).toEqual([]);
  });
});

describe("a person's week from their days", () => {
  const item = (at: string, minutes: number, category: LedgerItem["category"] = "alerts"): LedgerItem => ({
    person: "ana",
    category,
    recordKind: "page",
    recordSource: "pagerduty",
    recordId: at,
    at: t(at),
    minutes,
    count: 1,
    estimated: false,
  });
  const items = [item("2026-03-02T09:00", 23), item("2026-03-03T23:59", 30, "deployments"), item("2026-03-05T00:00", 23), item("2026-03-05T12:00", 8, "author_time")];
  const skipped = { emails: [t("2026-03-04T10:00")], acks: { orphan: [t("2026-03-06T10:00")], negative: [] } };
  // Shifts that end at, start at, cross and lie inside day boundaries, and one before the week's part.
  const shifts = [
    { start: t("2026-03-03T18:00"), end: t("2026-03-04T00:00") },
    { start: t("2026-03-06T00:00"), end: t("2026-03-06T00:30") },
    { start: t("2026-03-07T22:00"), end: t("2026-03-09T08:00") },
    { start: t("2026-03-02T00:00"), end: t("2026-03-02T06:00") },
  ];

  test.each([
    ["the whole week", "2026-03-02T00:00", "2026-03-09T00:00"],
    ["a part from a mid-day to a midnight", "2026-03-02T08:00", "2026-03-06T00:00"],
    ["a part from a midnight to a mid-day", "2026-03-04T00:00", "2026-03-06T00:10"],
    ["a part between two mid-days", "2026-03-03T20:00", "2026-03-07T23:00"],
    ["hours inside one day", "2026-03-05T06:00", "2026-03-05T18:00"],
  ])("%s: the sum of its days (on call when any day is) is the week personWeeksOf makes", (_, from, to) => {
    const days = personWeeksOf("ana", items, [], shifts, t(from), t(to), skipped, UTC_DAY);
    const [week] = personWeeksOf("ana", items, [], shifts, t(from), t(to), skipped, ISO_WEEK);
    expect(personWeekOfDays("ana", t("2026-03-02"), days)).toEqual(week);
  });

  test("a day is on call when a shift overlaps it, not when one ends at its start", () => {
    const days = personWeeksOf("ana", [], [], shifts, t("2026-03-02"), t("2026-03-09"), undefined, UTC_DAY);
    expect(days.filter((d) => d.onCall).map((d) => new Date(d.weekStart).toISOString().slice(0, 10))).toEqual(["2026-03-02", "2026-03-03", "2026-03-06", "2026-03-07", "2026-03-08"]);
  });
});

describe("the ops share over a window", () => {
  const pw = (person: string, weekStart: string, minutes: Partial<PersonWeek["minutes"]>): PersonWeek => {
    const w = emptyPersonWeek(person, t(weekStart));
    Object.assign(w.minutes, minutes);
    return w;
  };
  const members = [
    { id: "ana", name: "Ana" },
    { id: "bo", name: "Bo" },
  ];
  // Three weeks from Wednesday 2026-03-04 12:00 to Wednesday 2026-03-18 12:00: a part week (2.5 days), a whole one, a part one (2.5 days).
  const window = win("2026-03-04T12:00", "2026-03-18T12:00");
  const byWeek: Record<string, PersonWeek[]> = {
    "2026-03-02": [pw("ana", "2026-03-02", { alerts: 300 })],
    "2026-03-09": [pw("ana", "2026-03-09", { alerts: 120, pipeline: 46 }), pw("bo", "2026-03-09", { ops_changes: 240, deployments: 30 })],
    "2026-03-16": [pw("bo", "2026-03-16", { incidents: 90 }), pw("cy", "2026-03-16", { alerts: 999 })],
  };
  const weeks: LedgerWeek[] = windowWeeks(window).map((w) => ledgerWeekOf(w, byWeek[new Date(w.weekStart).toISOString().slice(0, 10)] ?? [], [...members.map((m) => m.id)]));

  test("= the members' ledger minutes / their working minutes; a window's value is the weighted mean of its weeks", () => {
    const ops = opsWorkFrom(weeks, members, window, S, true);
    const working = 2 * 2 * 40 * 60; // two members, two weeks of 40 h
    const minutes = 300 + 120 + 46 + 240 + 30 + 90; // cy is no member
    expect(ops.workingMinutes).toBeCloseTo(working, 9);
    expect(ops.share).toBeCloseTo(minutes / working, 12);
    const weighted = ops.weeks.reduce((n, w) => n + (w.share ?? 0) * w.workingMinutes, 0) / ops.weeks.reduce((n, w) => n + w.workingMinutes, 0);
    expect(ops.share).toBeCloseTo(weighted, 12);
    expect(ops.weeks.map((w) => w.partial)).toEqual([true, false, true]);
    // Estimated minutes are shown apart from measured ones.
    expect([ops.measuredMinutes, ops.estimatedMinutes]).toEqual([minutes - 240, 240]);
  });

  test("a category switched off is left out of the share, and still shown", () => {
    const off = settings({ ledger: { categories: { ops_changes: false } } });
    const ops = opsWorkFrom(weeks, members, window, off, true);
    expect(ops.minutes).toBe(300 + 120 + 46 + 30 + 90);
    expect(ops.categories.find((c) => c.category === "ops_changes")).toMatchObject({ enabled: false, minutes: 240, estimated: true });
  });

  test("without records the share is null, never 0", () => {
    expect(opsWorkFrom(weeks.map((w) => ({ ...w, people: [] })), members, window, S, false).share).toBeNull();
  });
});
