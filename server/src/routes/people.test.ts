/**
 * GET /api/people/{person} on SQLite and Postgres: a person's pages banded and timed in their own
 * zone, the night they were woken, their ledger minutes by week and their shifts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

// Wednesday 2026-03-11; the range below is the ISO week of 2026-03-02 and the part of the next one.
const NOW = Date.UTC(2026, 2, 11, 12);

const lines = [
  { kind: "team", id: "core", name: "Core", members: ["lena"], repos: [], services: ["api"] },
  { kind: "person", id: "lena", name: "Lena Hoffmann", timezone: "Europe/Berlin", pagerduty: "PLENA" },
  { kind: "oncall_shift", person: "lena", schedule: "primary", level: 1, start: "2026-03-02T08:00:00Z", end: "2026-03-09T08:00:00Z" },
  // 02:16 UTC is 03:16 in Berlin: a sleep-hour page, the night of Tuesday the 3rd.
  { kind: "incident", id: "inc1", service: "api", title: "api down", urgency: "high", created_at: "2026-03-04T02:15:00Z", acknowledged_at: "2026-03-04T02:20:00Z", resolved_at: "2026-03-04T03:00:00Z" },
  { kind: "page", id: "pg1", person: "lena", incident_id: "inc1", at: "2026-03-04T02:16:00Z", channel: "phone" },
  { kind: "acknowledgement", incident_id: "inc1", person: "lena", at: "2026-03-04T02:20:00Z" },
  // 09:00 UTC is 10:00 in Berlin on a Thursday: business hours.
  { kind: "incident", id: "inc2", service: "api", title: "slow", urgency: "low", created_at: "2026-03-05T09:00:00Z", resolved_at: "2026-03-05T09:30:00Z" },
  { kind: "page", id: "pg2", person: "lena", incident_id: "inc2", at: "2026-03-05T09:00:00Z", channel: "push" },
];

describe.each(DIALECTS)("GET /api/people/:person on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    const res = await t.app.request("/api/ingest", { method: "POST", body: lines.map((l) => JSON.stringify(l)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
    expect(res.status).toBe(200);
    await t.deriver.drain();
  });
  afterAll(async () => t.close());

  test("pages banded and timed in the person's zone, the night woken, ledger minutes by week, shifts", async () => {
    const res = await t.app.request("/api/people/lena?from=2026-03-02&to=2026-03-10");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { weeks: { weekStart: string; measuredMinutes: number; interruptions: number; partial: boolean }[] };
    expect(body).toMatchObject({
      person: "lena",
      name: "Lena Hoffmann",
      timezone: "Europe/Berlin",
      teams: [{ team: "core", name: "Core" }],
      bands: { business: 1, offHours: 0, sleep: 1 },
      nights: ["2026-03-03"],
      shifts: [{ schedule: "primary", level: 1, start: "2026-03-02T08:00:00.000Z", end: "2026-03-09T08:00:00.000Z", hours: 168 }],
      interruptions: [
        { at: "2026-03-05T09:00:00.000Z", local: "2026-03-05 10:00", band: "business", incidentId: "inc2" },
        { at: "2026-03-04T02:16:00.000Z", local: "2026-03-04 03:16", band: "sleep", incidentId: "inc1" },
      ],
    });
    expect(body.weeks.map((w) => [w.weekStart, w.partial, w.interruptions])).toEqual([
      ["2026-03-02", false, 2],
      ["2026-03-09", true, 0],
    ]);
    // Each interruption costs its engaged time plus the lost focus: the week has measured minutes.
    expect(body.weeks[0]?.measuredMinutes).toBeGreaterThan(0);
  });

  test("an unknown person is a 404 naming them", async () => {
    const res = await t.app.request("/api/people/nobody");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toBe('no person "nobody"');
  });
});
