import { describe, expect, test } from "vitest";
import type { InterruptionFact, LedgerItem } from "@opsledger/db";
import { personView } from "./person.ts";
import { settings, shift, t, win } from "./testRows.ts";

const S = settings();
const BERLIN = "Europe/Berlin";

const interruption = (at: string, band: InterruptionFact["band"], p: Partial<InterruptionFact> = {}): InterruptionFact => ({
  source: "test",
  pageId: `p-${at}`,
  person: "lena",
  incidentId: `i-${at}`,
  at: t(at),
  band,
  timezone: BERLIN,
  zoneKnown: true,
  counted: true,
  merged: 0,
  ...p,
});

const item = (at: string, minutes: number, p: Partial<LedgerItem> = {}): LedgerItem => ({
  person: "lena",
  category: "alerts",
  recordKind: "page",
  recordSource: "test",
  recordId: at,
  at: t(at),
  minutes,
  count: 1,
  estimated: false,
  ...p,
});

describe("personView", () => {
  // Monday 2026-03-02 to Wednesday 2026-03-11: one whole ISO week and a partial one.
  const window = win("2026-03-02", "2026-03-11");
  const lena = { id: "lena", name: "Lena Hoffmann", timezone: BERLIN };

  test("bands and hours are the person's own; a night is named by the evening it began", () => {
    const v = personView(
      lena,
      {
        interruptions: [
          // 02:16 UTC is 03:16 in Berlin: the night of Tuesday the 3rd.
          interruption("2026-03-04T02:16", "sleep"),
          interruption("2026-03-04T03:40", "sleep"),
          // 22:30 Berlin on the 5th: the night of the 5th.
          interruption("2026-03-05T21:30", "sleep"),
          interruption("2026-03-05T09:00", "business"),
          interruption("2026-03-07T12:00", "offHours"),
          // Folded into another page, or someone else's: not this person's interruption.
          interruption("2026-03-05T09:00:30", "business", { counted: false, pageId: "folded" }),
          interruption("2026-03-05T10:00", "business", { person: "jonas" }),
          // Outside the window.
          interruption("2026-03-12T02:00", "sleep"),
        ],
        items: [],
        shifts: [],
      },
      window,
      S.ledger.categories,
    );
    expect(v.bands).toEqual({ business: 1, offHours: 1, sleep: 3 });
    expect(v.nights).toEqual(["2026-03-03", "2026-03-05"]);
    expect(v.byHour.filter((h) => h.business + h.offHours + h.sleep > 0)).toEqual([
      { hour: 3, business: 0, offHours: 0, sleep: 1 },
      { hour: 4, business: 0, offHours: 0, sleep: 1 },
      { hour: 10, business: 1, offHours: 0, sleep: 0 },
      { hour: 13, business: 0, offHours: 1, sleep: 0 },
      { hour: 22, business: 0, offHours: 0, sleep: 1 },
    ]);
    expect(v.interruptions.map((i) => [i.local, i.band])).toEqual([
      ["2026-03-07 13:00", "offHours"],
      ["2026-03-05 22:30", "sleep"],
      ["2026-03-05 10:00", "business"],
      ["2026-03-04 04:40", "sleep"],
      ["2026-03-04 03:16", "sleep"],
    ]);
    expect(v.weeks.map((w) => [w.weekStart, w.partial, w.interruptions, w.sleepInterruptions])).toEqual([
      ["2026-03-02", false, 5, 3],
      ["2026-03-09", true, 0, 0],
    ]);
  });

  test("ops work by week: measured and estimated apart, switched-off categories and author time left out; shifts clipped to the window", () => {
    const v = personView(
      lena,
      {
        interruptions: [],
        items: [
          item("2026-03-03T10:00", 83),
          item("2026-03-10T10:00", 40, { category: "pipeline", recordKind: "ci_run" }),
          item("2026-03-10T11:00", 120, { category: "ops_changes", recordKind: "change", estimated: true }),
          item("2026-03-10T11:00", 480, { category: "author_time", recordKind: "day", estimated: true }),
        ],
        shifts: [shift("lena", "2026-02-27T08:00", "2026-03-02T08:00"), shift("lena", "2026-03-09T08:00", "2026-03-16T08:00")],
      },
      window,
      { ...S.ledger.categories, incidents: false },
    );
    expect(v.weeks.map((w) => [w.weekStart, w.measuredMinutes, w.estimatedMinutes])).toEqual([
      ["2026-03-02", 83, 0],
      ["2026-03-09", 40, 120],
    ]);
    expect(v.shifts.map((s) => [new Date(s.start).toISOString(), new Date(s.end).toISOString(), s.hours])).toEqual([
      ["2026-03-02T00:00:00.000Z", "2026-03-02T08:00:00.000Z", 8],
      ["2026-03-09T08:00:00.000Z", "2026-03-11T00:00:00.000Z", 40],
    ]);
  });
});
