/**
 * GET /api/teams/{team}/sprints end to end, on SQLite and Postgres: twelve weeks of a team's
 * alerts, incidents and pages, laid out around the sprint the test clock is in, ingested through
 * POST /api/ingest. Every sprint of the trend equals what the single-sprint endpoints (alerts by
 * sprint, on-call over the sprint's range) answer for it, and the noisy keys' history and
 * patterns are the ones laid out.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { defaultConfig } from "../config/schema.ts";
import { DAY, HOUR, MINUTE, settingsFromConfig, sprintAt, sprintWindow } from "../metrics/index.ts";
import { TEST_NOW } from "../testing/clock.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const settings = settingsFromConfig(defaultConfig());
// The sprint under review: the last complete one at the test clock; the running one is `running`.
const running = sprintAt(TEST_NOW, settings).index;
const reviewed = running - 1;
const start = (n: number) => sprintWindow(n, settings).from;
const iso = (ms: number) => new Date(ms).toISOString();

function records(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [
    { kind: "team", id: "core", name: "Core", members: ["ana", "ben"], services: ["api"] },
    // One member in Berlin, one in UTC: the tie goes to the first zone by name, Europe/Berlin.
    { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
    { kind: "person", id: "ben", name: "Ben", timezone: "UTC" },
  ];
  let id = 0;
  const alert = (key: string, at: number, fields: Record<string, unknown>) => out.push({ kind: "alert", id: `al${(id += 1)}`, service: "api", key, created_at: iso(at), ...fields });
  const selfCleared = (key: string, at: number, minutes: number, by = "system") => alert(key, at, { resolved_at: iso(at + minutes * MINUTE), resolved_by: by });
  const first = start(reviewed - 5);
  for (let day = 0; first + day * DAY + DAY <= TEST_NOW; day += 1) {
    const d = first + day * DAY;
    // An actionable alert every day, answered in 5 to 11 minutes: busy, but not noisy.
    alert("cpu", d + 14 * HOUR, { acknowledged_at: iso(d + 14 * HOUR + (5 + (day % 7)) * MINUTE), resolved_at: iso(d + 15 * HOUR), resolved_by: "person" });
    if (day % 2 === 0) {
      // An incident every other day, acknowledged after 3 to 13 minutes; every fourth pages Ana at 23:00 UTC, in her sleep.
      const at = d + (day % 8 === 0 ? 23 : 13) * HOUR;
      const incident = `inc${day}`;
      out.push({ kind: "incident", id: incident, service: "api", title: "Errors", urgency: "high", created_at: iso(at), acknowledged_at: iso(at + (3 + (day % 11)) * MINUTE), resolved_at: iso(at + HOUR) });
      out.push({ kind: "page", id: `p${day}`, person: "ana", incident_id: incident, at: iso(at), channel: "sms" });
    }
  }
  // disk: twice, three hours apart, two sprints back; four times in a quarter-hour rhythm in the sprint reviewed, each clearing in 5 min.
  selfCleared("disk", start(reviewed - 2) + 3 * DAY + 10 * HOUR, 5);
  selfCleared("disk", start(reviewed - 2) + 3 * DAY + 13 * HOUR, 5);
  for (let i = 0; i < 4; i += 1) selfCleared("disk", start(reviewed) + 2 * DAY + 10 * HOUR + i * 15 * MINUTE, 5);
  // nightly-backup: 23:30 UTC (after midnight in Berlin), three nights in three sprints, timing out unanswered.
  for (const n of [reviewed - 3, reviewed - 2, reviewed]) for (const day of [1, 3, 5]) selfCleared("nightly-backup", start(n) + day * DAY + 23.5 * HOUR, 240, "timeout");
  // mem: once, marked noise.
  alert("mem", start(reviewed) + 4 * DAY + 9 * HOUR, { acknowledged_at: iso(start(reviewed) + 4 * DAY + 9 * HOUR + 2 * MINUTE), noise: true });
  return out;
}

interface Trend {
  sprint: number;
  sprints: { sprint: number; range: { from: string; to: string }; sprintWindow: { from: string; to: string }; sprintStatus: string; count: number; noise: number; actionableRatio: number | null; timeToAcknowledge: unknown; sleepPages: number | null }[];
  keys: { key: string; service: string; firstSeen: string | null; counts: number[]; suggestion: { pattern: string | null; evidence: string } }[];
}
interface Alerts {
  range: { from: string; to: string };
  sprintWindow: { from: string; to: string };
  sprintStatus: string;
  count: number;
  noise: number;
  actionableRatio: number | null;
  pagesByBand: { sleep: number } | null;
  topNoisyKeys: { key: string; service: string; count: number; suggestion: unknown }[];
}

describe.each(DIALECTS)("GET /api/teams/{team}/sprints on %s", (dialect) => {
  let t: TestApp;
  const get = async <T,>(path: string): Promise<T> => {
    const res = await t.app.request(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: TEST_NOW });
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(records()), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
  });
  afterAll(async () => t.close());

  test("each of the six sprints equals the alerts and on-call endpoints' figures for that sprint, to the digit", async () => {
    const trend = await get<Trend>(`/api/teams/core/sprints?sprint=${reviewed}`);
    expect(trend.sprint).toBe(reviewed);
    expect(trend.sprints.map((s) => s.sprint)).toEqual([0, 1, 2, 3, 4, 5].map((i) => reviewed - 5 + i));
    for (const s of trend.sprints) {
      const alerts = await get<Alerts>(`/api/teams/core/alerts?sprint=${s.sprint}`);
      const oncall = await get<{ timeToAcknowledge: unknown }>(`/api/teams/core/oncall?from=${encodeURIComponent(alerts.range.from)}&to=${encodeURIComponent(alerts.range.to)}`);
      expect(s).toEqual({
        sprint: s.sprint,
        range: alerts.range,
        sprintWindow: alerts.sprintWindow,
        sprintStatus: alerts.sprintStatus,
        count: alerts.count,
        noise: alerts.noise,
        actionableRatio: alerts.actionableRatio,
        timeToAcknowledge: oncall.timeToAcknowledge,
        sleepPages: alerts.pagesByBand?.sleep ?? null,
      });
    }
    // Figures worth comparing: alerts, noise, acknowledgements and sleep-hour pages in every sprint.
    expect(trend.sprints.every((s) => s.count > 0 && s.actionableRatio !== null && s.sprintStatus === "complete")).toBe(true);
    expect(trend.sprints.some((s) => s.noise > 0 && (s.sleepPages ?? 0) > 0)).toBe(true);
    expect(trend.sprints.every((s) => (s.timeToAcknowledge as { count: number }).count > 0)).toBe(true);
  });

  test("the running sprint is in the trend as far as it has happened", async () => {
    const trend = await get<Trend>(`/api/teams/core/sprints?sprint=${running}&last=2`);
    const alerts = await get<Alerts>(`/api/teams/core/alerts?sprint=${running}`);
    expect(trend.sprints.map((s) => [s.sprint, s.sprintStatus])).toEqual([
      [reviewed, "complete"],
      [running, "running"],
    ]);
    expect(trend.sprints[1]).toMatchObject({ range: { ...alerts.range, to: iso(TEST_NOW) }, count: alerts.count });
  });

  test("the reviewed sprint's noisy keys: their alerts per sprint, first sighting, and the suggestion their pattern calls for", async () => {
    const trend = await get<Trend>(`/api/teams/core/sprints?sprint=${reviewed}`);
    const alerts = await get<Alerts>(`/api/teams/core/alerts?sprint=${reviewed}`);
    // The same keys, counts and suggestions as the sprint's own top noisy alerts.
    expect(trend.keys.map((k) => ({ key: k.key, service: k.service, count: k.counts[5], suggestion: k.suggestion }))).toEqual(
      alerts.topNoisyKeys.map((k) => ({ key: k.key, service: k.service, count: k.count, suggestion: k.suggestion })),
    );
    expect(trend.keys.map((k) => [k.key, k.counts, k.firstSeen, k.suggestion.pattern, k.suggestion.evidence])).toEqual([
      ["disk", [0, 0, 0, 2, 0, 4], iso(start(reviewed - 2) + 3 * DAY + 10 * HOUR), "flapping", "3 of 4 fired again within 60 min of the previous one (median gap 15 min)."],
      ["nightly-backup", [0, 0, 3, 3, 0, 3], iso(start(reviewed - 3) + DAY + 23.5 * HOUR), "night-only", "All 3 fired between 22:00 and 08:00 (Europe/Berlin)."],
      ["mem", [0, 0, 0, 0, 0, 1], iso(start(reviewed) + 4 * DAY + 9 * HOUR), null, "Only 1 alert."],
    ]);
  });

  test("last picks how many sprints; one is the sprint alone", async () => {
    const one = await get<Trend>(`/api/teams/core/sprints?sprint=${reviewed}&last=1`);
    expect(one.sprints.map((s) => s.sprint)).toEqual([reviewed]);
    expect(one.keys.map((k) => k.counts)).toEqual([[4], [3], [1]]);
  });
});
