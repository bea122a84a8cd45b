/**
 * End to end: `opsledger collect pagerduty` against the fake PagerDuty serving the small week,
 * then the on-call and alert-quality endpoints of the team, compared with values computed by
 * hand from the fixture (collectors/src/pagerduty/fixtures.ts, `smallDataset`).
 *
 * Week of Monday 2026-11-02 (UTC). People: Alice (Europe/Berlin, UTC+1), Bob (Europe/London,
 * UTC+0), Dana (America/New_York, UTC−5: US daylight saving ended on Sunday 1 November).
 * Carol is in PagerDuty only: her page is kept (as pagerduty:PCAROL) but she is not a member.
 *
 * Interruptions (sms/phone/push, 60 s merge, in the person's zone):
 *   Alice push Mon 02:00Z + sms 02:00:30Z → one, 03:00 Berlin → sleep
 *   Alice email Tue 14:01Z → not an interruption
 *   Bob push Wed 09:00Z → 09:00 London → business
 *   Dana phone Thu 12:30Z → 07:30 New York → sleep (08:30, business, if read as EDT)
 *   → business 1, off-hours 0, sleep 2, total 3
 * Engaged (ack → resolve, cap 4 h): Alice 02:10–03:10 = 60, Bob 09:05–09:35 = 30,
 *   Dana 12:50–14:50 = 120 → 210 minutes
 * Ops minutes = engaged + 23 × interruptions: Alice 83, Bob 53, Dana 143 → 279
 * Working minutes: 1 week × 40 h = 2,400 each; all three on call (Alice and Bob on the schedule,
 *   Dana permanently on level 2) → 7,200; ops share 279 / 7,200 = 0.03875 → ok
 * MTTA (created → first ack): PI1 10, PI3 5, PI4 20 → lower median 10 (3)
 * MTTR (created → resolved): PI1 70, PI2 240, PI3 35, PI4 140 → lower median 70 (4)
 *
 * Alerts (all six on the team's services):
 *   PA1 cpu-high acked, resolved by Alice → actionable, fixed in 70
 *   PA2 disk-full Tue 14:00 not acked, auto-resolve timeout → noise (auto_resolved)
 *   PA5 disk-full Tue 20:00 not acked, 6 h after PA2 → noise (repeat)
 *   PA3 latency acked, resolved by the integration → actionable, 35
 *   PA3B latency-eu (09:02) acked at 09:05 → actionable, 33
 *   PA4 web-5xx acked → actionable, 140
 *   → 6 alerts, 4 actionable, ratio 4/6; time to fix lower median of 33, 35, 70, 140 = 35 (4)
 *   noisy keys: disk-full 2 of 2 (one repeat, one auto-resolved); two alerts are too few to call a pattern
 *   woken up: Alice 1, Dana 1
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { writeRecords } from "@opsledger/db";
import { DIALECTS } from "@opsledger/db/testing";
import { startFakePagerduty, type FakePagerduty, DAY, HOUR, smallDataset, SMALL_WEEK_START, manualClock, TEST_TOKEN } from "@opsledger/collectors/testing/pagerduty";
import { collectPagerdutyCommand } from "../cli/commands/collectPagerduty.ts";
import { createProgress } from "../cli/progress.ts";
import { configRecords } from "../config/configRecords.ts";
import { smallDatasetConfig } from "../testing/pagerdutyConfig.ts";
import { readEnvironment } from "../env.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const config = smallDatasetConfig();

const WEEK = "from=2026-11-02&to=2026-11-08";

describe.each(DIALECTS)("PagerDuty → on-call and alert quality API on %s", (dialect) => {
  let testApp: TestApp;
  let fake: FakePagerduty;

  beforeEach(async () => {
    const now = SMALL_WEEK_START + 7 * DAY + HOUR;
    testApp = await createTestApp(dialect, { config, now });
    fake = await startFakePagerduty({ token: TEST_TOKEN, data: smallDataset() });
    // What `openContext` does at start-up: config teams and people into the database.
    await writeRecords(testApp.database.db, configRecords(config));
    const clock = manualClock(now);
    const log: string[] = [];
    const code = await collectPagerdutyCommand(
      {
        env: readEnvironment({ PAGERDUTY_TOKEN: TEST_TOKEN, PAGERDUTY_API_URL: fake.url }),
        config,
        connection: { db: testApp.database.db, dialect, close: async () => {} },
        log: (line) => log.push(line),
        deriver: testApp.deriver,
      },
      {},
      { now: clock.now, clientOptions: { now: clock.now, sleep: clock.sleep }, progress: createProgress({ tty: false, log: (line) => log.push(line) }), print: (line) => log.push(line) },
    );
    expect(code, log.join("\n")).toBe(0);
    await testApp.deriver.drain();
  });
  afterEach(async () => {
    await fake.close();
    await testApp.close();
  });

  test("on-call load equals the hand-computed values", async () => {
    const response = await testApp.app.request(`/api/teams/payments/oncall?${WEEK}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.totals).toEqual({ interruptions: { business: 1, offHours: 0, sleep: 2, total: 3 }, engagedMinutes: 210, onCallMembers: 3 });
    // Alert and incident minutes: engaged time plus 23 min of lost focus per interruption; each
    // held a shift all week, so on-call load is those minutes over the week's 40 h.
    const people = body.people as { person: string; interruptions: { total: number; sleep: number }; engagedMinutes: number; minutes: number; onCall: boolean; load: number | null }[];
    expect(people.map((p) => [p.person, p.interruptions.total, p.interruptions.sleep, p.engagedMinutes, p.minutes, p.onCall, p.load])).toEqual([
      ["alice", 1, 1, 60, 83, true, 83 / 2400],
      ["bob", 1, 0, 30, 53, true, 53 / 2400],
      ["dana", 1, 1, 120, 143, true, 143 / 2400],
    ]);
    expect(body.timeToAcknowledge).toEqual({ medianMinutes: 10, count: 3 });
    expect(body.timeToRestore).toEqual({ medianMinutes: 70, count: 4 });
    // The team's ops share: the same minutes over every member's working time (issue 12's ledger).
    const ops = (await (await testApp.app.request(`/api/teams/payments/ops-work?${WEEK}`)).json()) as { share: number; minutes: number; workingMinutes: number };
    expect([ops.minutes, ops.workingMinutes, ops.share]).toEqual([279, 7200, 279 / 7200]);
  });

  test("alert quality equals the hand-computed values", async () => {
    const response = await testApp.app.request(`/api/teams/payments/alerts?${WEEK}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      count: 6,
      actionable: 4,
      noise: 2,
      noiseByReason: { marked: 0, auto_resolved: 1, repeat: 1 },
      actionableRatio: 4 / 6,
      timeToFix: { medianMinutes: 35, count: 4 },
      topNoisyKeys: [{ key: "disk-full", service: "payments-api", count: 2, noiseCount: 2, suggestion: expect.objectContaining({ pattern: null, evidence: "Only 2 alerts." }) }],
      keys: { new: 5, recurring: 0, newKeys: ["cpu-high", "disk-full", "latency", "latency-eu", "web-5xx"], recurringKeys: [] },
      pagesByBand: { business: 1, offHours: 0, sleep: 2, total: 3 },
      wokenUp: [
        { person: "alice", name: "Alice", count: 1 },
        { person: "dana", name: "Dana", count: 1 },
      ],
    });
  });
});
