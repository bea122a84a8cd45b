import { describe, expect, test } from "vitest";
import { bandAt, computeOncall, engagedSpans, interruptions, localWeekdayHour, opsStatus } from "./oncall.ts";
import { ack, incident, page, person, settings, shift, t, team, win } from "./testRows.ts";
import type { Acknowledgement, Incident, Page } from "@opsledger/db";
import type { Band, OncallInput } from "./types.ts";

const S = settings();
const window = win("2026-03-02", "2026-03-09");

describe("bandAt", () => {
  test.each<[string, string, string, Band]>([
    ["21:59 local is off-hours", "Europe/Berlin", "2026-03-02T20:59", "offHours"],
    ["22:00 local is sleep", "Europe/Berlin", "2026-03-02T21:00", "sleep"],
    ["07:59 local is sleep", "Europe/Berlin", "2026-03-03T06:59", "sleep"],
    ["08:00 local on a weekday is business", "Europe/Berlin", "2026-03-03T07:00", "business"],
    ["17:59 local is business", "Europe/Berlin", "2026-03-03T16:59", "business"],
    ["18:00 local is off-hours", "Europe/Berlin", "2026-03-03T17:00", "offHours"],
    ["Saturday 10:00 local is off-hours", "Europe/Berlin", "2026-03-07T09:00", "offHours"],
    ["Saturday 23:00 local is sleep (sleep wins)", "Europe/Berlin", "2026-03-07T22:00", "sleep"],
    // Berlin moves to CEST (UTC+2) on 2026-03-29.
    ["Friday before DST: 20:30Z is 21:30 CET, off-hours", "Europe/Berlin", "2026-03-27T20:30", "offHours"],
    ["Monday after DST: 20:30Z is 22:30 CEST, sleep", "Europe/Berlin", "2026-03-30T20:30", "sleep"],
    ["Monday after DST: 06:30Z is 08:30 CEST, business", "Europe/Berlin", "2026-03-30T06:30", "business"],
    // New York moves to EDT (UTC−4) on 2026-03-08.
    ["New York before DST: 12:30Z is 07:30 EST, sleep", "America/New_York", "2026-03-06T12:30", "sleep"],
    ["New York after DST: 12:30Z is 08:30 EDT, business", "America/New_York", "2026-03-09T12:30", "business"],
    // Berlin returns to CET (UTC+1) on 2026-10-25.
    ["Friday before the autumn change: 06:30Z is 08:30 CEST, business", "Europe/Berlin", "2026-10-23T06:30", "business"],
    ["Monday after the autumn change: 06:30Z is 07:30 CET, sleep", "Europe/Berlin", "2026-10-26T06:30", "sleep"],
    // Kathmandu is UTC+5:45: the local hour turns at a quarter past.
    ["Kathmandu: 16:14Z is 21:59 local, off-hours", "Asia/Kathmandu", "2026-03-02T16:14", "offHours"],
    ["Kathmandu: 16:15Z is 22:00 local, sleep", "Asia/Kathmandu", "2026-03-02T16:15", "sleep"],
    ["Tokyo: Sunday 23:30Z is Monday 08:30 local, business", "Asia/Tokyo", "2026-03-01T23:30", "business"],
    ["Tokyo: Friday 09:30Z is 18:30 local, off-hours", "Asia/Tokyo", "2026-03-06T09:30", "offHours"],
  ])("%s", (_name, zone, at, band) => {
    expect(bandAt(t(at), zone)).toBe(band);
  });

  // bandAt reads a day's offset once; it must band every instant as the zone's rules at that instant do.
  test.each(["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "UTC"])(
    "%s: every quarter-hour of 2026 (daylight-saving days included) is banded as Intl's local hour says",
    (zone) => {
      const fromIntl = (instant: number): Band => {
        const { weekday, hour } = localWeekdayHour(instant, zone);
        return hour >= 22 || hour < 8 ? "sleep" : weekday <= 5 && hour < 18 ? "business" : "offHours";
      };
      const mismatches: string[] = [];
      // 7 min 30 s past each quarter-hour, and the first and last second of each: where bands turn.
      for (let q = t("2026-01-01T00:00"); q < t("2027-01-01T00:00"); q += 15 * 60_000) {
        for (const instant of [q, q + 450_000, q + 899_999]) if (bandAt(instant, zone) !== fromIntl(instant)) mismatches.push(new Date(instant).toISOString());
      }
      expect(mismatches).toEqual([]);
    },
  );
});

describe("interruptions", () => {
  const people = [person("alice", "Europe/Berlin"), person("bob")];
  test.each<{ name: string; pages: Page[]; expected: [string, Band, number][] }>([
    {
      name: "pages 30 s apart count once",
      pages: [page("alice", "2026-03-02T09:00:00"), page("alice", "2026-03-02T09:00:30", "sms")],
      expected: [["alice", "business", 1]],
    },
    {
      name: "60 s apart counts once, 61 s apart twice",
      pages: [page("bob", "2026-03-02T09:00:00"), page("bob", "2026-03-02T09:01:00"), page("bob", "2026-03-02T09:02:01")],
      expected: [
        ["bob", "business", 1],
        ["bob", "business", 0],
      ],
    },
    {
      name: "the merge measures from the previously counted page, not the last one",
      pages: [page("bob", "2026-03-02T09:00:00"), page("bob", "2026-03-02T09:00:40"), page("bob", "2026-03-02T09:01:10")],
      expected: [
        ["bob", "business", 1],
        ["bob", "business", 0],
      ],
    },
    {
      name: "different people are not merged; email is not an interruption",
      pages: [page("alice", "2026-03-02T09:00:00"), page("bob", "2026-03-02T09:00:10"), page("bob", "2026-03-02T12:00:00", "email")],
      expected: [
        ["alice", "business", 0],
        ["bob", "business", 0],
      ],
    },
    {
      name: "a page just before the window absorbs one 20 s into it",
      pages: [page("bob", "2026-03-01T23:59:50"), page("bob", "2026-03-02T00:00:10")],
      expected: [],
    },
    {
      name: "a person with no known time zone is banded in UTC",
      pages: [page("zed", "2026-03-02T21:30")],
      expected: [["zed", "offHours", 0]],
    },
  ])("$name", ({ pages, expected }) => {
    expect(interruptions(pages, people, window).map((i) => [i.page.person, i.band, i.merged])).toEqual(expected);
  });
});

describe("engagedSpans", () => {
  const minutes = (incidents: Incident[], acks: Acknowledgement[]): number =>
    engagedSpans("alice", acks, incidents, window, S).reduce((s, x) => s + (x.end - x.start), 0) / 60_000;

  test.each<{ name: string; incidents: Incident[]; acks: Acknowledgement[]; expected: number }>([
    {
      name: "one span from ack to resolved",
      incidents: [incident({ id: "i1", created: "2026-03-02T09:55", resolved: "2026-03-02T11:00" })],
      acks: [ack("i1", "alice", "2026-03-02T10:00")],
      expected: 60,
    },
    {
      name: "overlapping spans are merged: 10:00–11:00 ∪ 10:30–12:00 = 120",
      incidents: [
        incident({ id: "i1", created: "2026-03-02T10:00", resolved: "2026-03-02T11:00" }),
        incident({ id: "i2", created: "2026-03-02T10:30", resolved: "2026-03-02T12:00" }),
      ],
      acks: [ack("i1", "alice", "2026-03-02T10:00"), ack("i2", "alice", "2026-03-02T10:30")],
      expected: 120,
    },
    {
      name: "each span is capped at 4 h",
      incidents: [incident({ id: "i1", created: "2026-03-02T10:00", resolved: "2026-03-02T16:00" })],
      acks: [ack("i1", "alice", "2026-03-02T10:00")],
      expected: 240,
    },
    {
      name: "an unresolved incident runs to the window end",
      incidents: [incident({ id: "i1", created: "2026-03-08T22:00" })],
      acks: [ack("i1", "alice", "2026-03-08T23:00")],
      expected: 60,
    },
    {
      name: "clipped to the window",
      incidents: [incident({ id: "i1", created: "2026-03-01T23:00", resolved: "2026-03-02T00:30" })],
      acks: [ack("i1", "alice", "2026-03-01T23:30")],
      expected: 30,
    },
    {
      name: "acknowledgements by others, of unknown incidents, or after resolution count nothing",
      incidents: [
        incident({ id: "i1", created: "2026-03-02T10:00", resolved: "2026-03-02T11:00" }),
        incident({ id: "i2", created: "2026-03-02T10:00", resolved: "2026-03-02T10:10" }),
      ],
      acks: [ack("i1", "bob", "2026-03-02T10:00"), ack("nope", "alice", "2026-03-02T10:00"), ack("i2", "alice", "2026-03-02T10:20")],
      expected: 0,
    },
    {
      name: "the same incident acknowledged twice starts at the first acknowledgement",
      incidents: [incident({ id: "i1", created: "2026-03-02T10:00", resolved: "2026-03-02T11:00" })],
      acks: [ack("i1", "alice", "2026-03-02T10:40"), ack("i1", "alice", "2026-03-02T10:10")],
      expected: 50,
    },
  ])("$name", ({ incidents, acks, expected }) => {
    expect(minutes(incidents, acks)).toBe(expected);
  });
});

describe("computeOncall", () => {
  const input: OncallInput = {
    team: team({ members: ["alice", "bob", "carol"] }),
    people: [person("alice", "Europe/Berlin"), person("bob", "America/New_York"), person("carol")],
    shifts: [shift("alice", "2026-03-02", "2026-03-09"), shift("bob", "2026-02-23", "2026-03-03")],
    pages: [
      page("alice", "2026-03-02T09:00:00"), // 10:00 CET business
      page("alice", "2026-03-02T09:00:30", "sms"), // 30 s later: merged
      page("alice", "2026-03-03T21:30", "phone"), // 22:30 CET sleep
      page("alice", "2026-03-04T17:30"), // 18:30 CET off-hours
      page("alice", "2026-03-04T10:00", "email"), // not an interruption
      page("bob", "2026-03-07T15:00"), // Saturday 10:00 EST off-hours
      page("carol", "2026-03-02T10:00"), // business, but carol has no shift
    ],
    acknowledgements: [
      ack("i1", "alice", "2026-03-02T09:05"),
      ack("i2", "alice", "2026-03-02T09:40"),
      ack("i3", "bob", "2026-03-07T15:05"),
    ],
    incidents: [
      incident({ id: "i1", created: "2026-03-02T09:00", acked: "2026-03-02T09:05", resolved: "2026-03-02T10:05" }),
      incident({ id: "i2", created: "2026-03-02T09:30", resolved: "2026-03-02T11:05" }),
      incident({ id: "i3", created: "2026-03-07T15:00", acked: "2026-03-07T15:05", resolved: "2026-03-07T23:05" }),
    ],
  };

  // On-call load (DESIGN "On-call load", issue 12): a person's alert and incident minutes in a week
  // they held a shift / their working minutes that week. No longer the team's ops share, which is
  // the ledger's (ledger.test.ts) and counts every member.
  const week = (minutes: number, onCall: boolean, workingMinutes = 2400) => ({
    weekStart: "2026-03-02",
    partial: false,
    onCall,
    minutes,
    workingMinutes,
    load: onCall ? minutes / workingMinutes : null,
  });

  test("per person and team, hand-computed", () => {
    const r = computeOncall(input, window, S);
    expect(r.people).toEqual([
      // engaged 09:05–11:05 = 120 (i1 then i2, the overlap once); 120 + 3 × 23 = 189 of 2400
      { person: "alice", name: "alice", interruptions: { business: 1, offHours: 1, sleep: 1, total: 3 }, engagedMinutes: 120, minutes: 189, onCall: true, load: 189 / 2400, weeks: [week(189, true)] },
      // engaged 15:05–23:05 capped at 240; 240 + 23 = 263
      { person: "bob", name: "bob", interruptions: { business: 0, offHours: 1, sleep: 0, total: 1 }, engagedMinutes: 240, minutes: 263, onCall: true, load: 263 / 2400, weeks: [week(263, true)] },
      // carol has no shift: her minutes are ops work, but no on-call load
      { person: "carol", name: "carol", interruptions: { business: 1, offHours: 0, sleep: 0, total: 1 }, engagedMinutes: 0, minutes: 23, onCall: false, load: null, weeks: [week(23, false)] },
    ]);
    // Team totals count every member's interruptions (carol's too): a page interrupts whoever gets it.
    expect(r.team).toEqual({ interruptions: { business: 2, offHours: 2, sleep: 1, total: 5 }, engagedMinutes: 360, onCallMembers: 2 });
    // MTTA [5, 10 (from the acknowledgement row), 5] → 5; MTTR [65, 95, 485] → 95
    expect(r.mtta).toEqual({ medianMinutes: 5, count: 3 });
    expect(r.mttr).toEqual({ medianMinutes: 95, count: 3 });
    expect(Object.fromEntries(r.notes.map((n) => [n.code, n.count]))).toEqual({
      members_without_shifts: 1,
      pages_email_ignored: 1,
      pages_merged_within_60s: 1,
    });
  });

  test("working minutes are pro rata for a part week (3.5 days → 1200)", () => {
    const r = computeOncall(input, win("2026-03-02", "2026-03-05T12:00"), S);
    expect(r.people.map((p) => p.weeks.map((w) => [w.workingMinutes, w.partial]))).toEqual([[[1200, true]], [[1200, true]], [[1200, true]]]);
  });

  test("a team whose members have no on-call shifts: no on-call load, noted", () => {
    const r = computeOncall({ ...input, team: team({ members: ["carol"] }), shifts: [] }, window, S);
    expect(r.team).toMatchObject({ onCallMembers: 0 });
    expect(r.people[0]).toMatchObject({ person: "carol", minutes: 23, onCall: false, load: null });
    expect(r.notes).toContainEqual(expect.objectContaining({ code: "members_without_shifts", count: 1 }));
  });

  test("no data: medians null", () => {
    const r = computeOncall({ team: team(), people: [], pages: [], shifts: [], acknowledgements: [], incidents: [] }, window, S);
    expect(r.mtta).toEqual({ medianMinutes: null, count: 0 });
    expect(r.mttr).toEqual({ medianMinutes: null, count: 0 });
    expect(r.people.every((p) => p.load === null)).toBe(true);
  });

  test.each<[number | null, ReturnType<typeof opsStatus>]>([
    [0.1499, "ok"],
    [0.15, "warning"],
    [0.1999, "warning"],
    [0.2, "critical"],
    [null, null],
  ])("ops share %s → %s", (share, status) => {
    expect(opsStatus(share, S)).toBe(status);
  });
});
