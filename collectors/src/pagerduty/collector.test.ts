import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getSyncCursor, type Db } from "@opsledger/db";
import { childEnv, createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { createPagerdutyClient, type PagerdutyClient } from "./client.ts";
import { collectPagerduty, type PagerdutyCollectorOptions } from "./collector.ts";
import { startFakePagerduty, type FakePagerduty } from "./fake/server.ts";
import { DAY, generatedDataset, HOUR, iso, MINUTE, notifyEntry, resolveEntry, smallDataset, SMALL_WEEK_START, type PagerdutyDataset } from "./fixtures.ts";
import { fastClientOptions, manualClock, SMALL_PEOPLE, SMALL_SERVICE_MAP, SMALL_USER_MAP, TEST_TOKEN } from "./testing.ts";

const SOURCE = "pagerduty";
const cursorKey = (stream: string) => ({ source: SOURCE, stream, scope: "default" });

async function rows(db: Db) {
  const [incidents, alerts, pages, acks, shifts, people] = await Promise.all([
    db.selectFrom("incidents").selectAll().where("source", "=", SOURCE).orderBy("id").execute(),
    db.selectFrom("alerts").selectAll().where("source", "=", SOURCE).orderBy("id").execute(),
    db.selectFrom("pages").selectAll().where("source", "=", SOURCE).orderBy("id").execute(),
    db.selectFrom("acknowledgements").selectAll().where("source", "=", SOURCE).orderBy("at").execute(),
    db.selectFrom("oncall_shifts").selectAll().where("source", "=", SOURCE).orderBy("start_at").orderBy("person").execute(),
    db.selectFrom("people").selectAll().orderBy("id").execute(),
  ]);
  return { incidents, alerts, pages, acks, shifts, people };
}

describe.each(DIALECTS)("PagerDuty collector on %s", (dialect) => {
  let database: TestDatabase;
  let fake: FakePagerduty;
  let client: PagerdutyClient;
  let clock: ReturnType<typeof manualClock>;

  async function setup(data: PagerdutyDataset, now: number, clientOptions: { maxRetries?: number } = {}) {
    fake = await startFakePagerduty({ token: TEST_TOKEN, data });
    clock = manualClock(now);
    client = createPagerdutyClient({ ...fastClientOptions(fake.url, clock), ...clientOptions });
  }

  const run = (extra: Partial<PagerdutyCollectorOptions> = {}) =>
    collectPagerduty({
      db: database.db,
      client,
      people: SMALL_PEOPLE,
      users: SMALL_USER_MAP,
      services: SMALL_SERVICE_MAP,
      defaultSince: SMALL_WEEK_START - 7 * DAY,
      now: clock.now,
      ...extra,
    });

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    client.close();
    await fake.close();
    await database.close();
  });

  describe("the small week", () => {
    const now = SMALL_WEEK_START + 7 * DAY;
    beforeEach(() => setup(smallDataset(), now));

    test("incidents take acknowledgement and resolution from the log entries", async () => {
      const result = await run();
      expect(result.errors).toEqual([]);
      const { incidents } = await rows(database.db);
      const t = (d: number, h: number, m = 0) => SMALL_WEEK_START + d * DAY + h * HOUR + m * MINUTE;
      expect(incidents.map((i) => [i.id, i.service, i.urgency, i.priority, i.created_at, i.acknowledged_at, i.resolved_at])).toEqual([
        ["PI1", "payments-api", "high", null, t(0, 2), t(0, 2, 10), t(0, 3, 10)],
        ["PI2", "payments-api", "high", null, t(1, 14), null, t(1, 18)],
        ["PI3", "payments-api", "low", "P3", t(2, 9), t(2, 9, 5), t(2, 9, 35)],
        ["PI4", "PWEB", "high", null, t(3, 12, 30), t(3, 12, 50), t(3, 14, 50)],
        ["PI5", "payments-api", "high", "P1", t(1, 20), null, null],
      ]);
      expect(result.records).toMatchObject({ users: 4, services: 2, teams: 1, escalation_policies: 1, schedules: 1, incidents: 5, alerts: 6, pages: 6, acknowledgements: 3, oncall_shifts: 3 });
    });

    test("alerts say who resolved them: a person, the monitoring system or the timeout", async () => {
      await run();
      const { alerts } = await rows(database.db);
      expect(alerts.map((a) => [a.id, a.key, a.incident_id, a.resolved_by, a.acknowledged_at === null ? "unacked" : "acked", a.noise])).toEqual([
        ["PA1", "cpu-high", "PI1", "person", "acked", 0],
        ["PA2", "disk-full", "PI2", "timeout", "unacked", 0],
        ["PA3", "latency", "PI3", "system", "acked", 0],
        ["PA3B", "latency-eu", "PI3", "system", "acked", 0],
        ["PA4", "web-5xx", "PI4", "person", "acked", 0],
        ["PA5", "disk-full", "PI5", null, "unacked", 0],
      ]);
    });

    test("every notification is a page, 30 s apart included; an unmatched user is kept as pagerduty:<id>", async () => {
      const result = await run();
      const { pages, people } = await rows(database.db);
      expect(pages.map((p) => [p.id, p.person, p.channel, p.at - SMALL_WEEK_START])).toEqual([
        ["R1N1", "alice", "push", 2 * HOUR],
        ["R1N2", "alice", "sms", 2 * HOUR + 30_000],
        ["R2N1", "pagerduty:PCAROL", "phone", DAY + 14 * HOUR],
        ["R2N2", "alice", "email", DAY + 14 * HOUR + MINUTE],
        ["R3N", "bob", "push", 2 * DAY + 9 * HOUR],
        ["R4N", "dana", "phone", 3 * DAY + 12 * HOUR + 30 * MINUTE],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
      expect(result.unmatchedUsers).toEqual([{ id: "PCAROL", name: "Carol Contractor", email: "carol@contractor.example" }]);
      expect(people).toEqual([
        { id: "pagerduty:PCAROL", source: "pagerduty", name: "Carol Contractor", email: "carol@contractor.example", timezone: "Asia/Tokyo", github: null, pagerduty: "PCAROL" },
      ]);
    });

    test("every documented notify shape is a page: channel auto/api/timeout/web_trigger with notification sms_/phone_/push_/email_notification, and the plain email and phone shape", async () => {
      // The small week serves them all (fixtures.ts notifyEntry): R1N1 auto push_notification without
      // address, R1N2 auto sms_notification, R2N1 api phone_notification, R2N2 timeout plain "email",
      // R3N web_trigger push_notification, R4N auto plain "phone".
      const shapes = [...fake.data.logEntries.values()].flat().filter((e) => e.type === "notify_log_entry").map((e) => `${e.channel.type}/${String(e.channel.notification?.type)}`);
      expect(shapes.sort()).toEqual(["api/phone_notification", "auto/phone", "auto/push_notification", "auto/sms_notification", "timeout/email", "web_trigger/push_notification"]);
      const result = await run();
      expect(result.records.pages).toBe(6);
      expect(result.skipped).toEqual({});
      expect(result.warnings).toEqual([]);
    });

    test("a notify entry with an unknown medium or naming no user is counted as skipped, with why", async () => {
      const pi2 = fake.data.incidents.find((i) => i.id === "PI2");
      const alice = fake.data.users[0];
      if (pi2 === undefined || alice === undefined) throw new Error("fixture");
      fake.data.logEntries.get("PI2")?.push(
        notifyEntry("R2N3", pi2, SMALL_WEEK_START + DAY + 14 * HOUR + 2 * MINUTE, alice, "sms", { notificationType: "whatsapp_notification" }),
        notifyEntry("R2N4", pi2, SMALL_WEEK_START + DAY + 14 * HOUR + 3 * MINUTE, alice, "push", { noUser: true }),
      );
      const result = await run();
      expect(result.records.pages).toBe(6);
      expect(result.skipped).toEqual({ "notify log entry with an unknown medium (whatsapp_notification)": 1, "notify log entry naming no user": 1 });
      expect((await rows(database.db)).pages.map((p) => p.id)).not.toContain("R2N3");
    });

    test("notify entries that give no page at all are a warning, not silence", async () => {
      for (const [id, entries] of fake.data.logEntries) {
        const incident = fake.data.incidents.find((i) => i.id === id);
        const user = fake.data.users[0];
        if (incident === undefined || user === undefined) throw new Error("fixture");
        fake.data.logEntries.set(id, entries.map((e) => (e.type === "notify_log_entry" ? notifyEntry(e.id, incident, Date.parse(e.created_at), user, "sms", { notificationType: "carrier_pigeon" }) : e)));
      }
      const result = await run();
      expect(result.records.pages).toBe(0);
      expect(result.skipped).toEqual({ "notify log entry with an unknown medium (carrier_pigeon)": 6 });
      expect(result.warnings).toEqual([expect.stringContaining("6 notify log entries were read but none became a page")]);
    });

    test("acknowledgements name the person; on-call shifts keep level and schedule, permanent on-call is clipped to the window", async () => {
      await run();
      const { acks, shifts } = await rows(database.db);
      expect(acks.map((a) => [a.incident_id, a.person])).toEqual([
        ["PI1", "alice"],
        ["PI3", "bob"],
        ["PI4", "dana"],
      ]);
      expect(shifts.map((s) => [s.person, s.schedule, s.level, s.start_at, s.end_at])).toEqual([
        ["dana", "escalation_policy:PEP1", 2, SMALL_WEEK_START - 7 * DAY, now],
        ["alice", "PSCHED", 1, SMALL_WEEK_START, SMALL_WEEK_START + 3 * DAY],
        ["bob", "PSCHED", 1, SMALL_WEEK_START + 3 * DAY, SMALL_WEEK_START + 7 * DAY],
      ]);
    });

    test("a rerun with nothing new changes nothing, asks little, and follows the open incident until it resolves", async () => {
      await run();
      const before = await rows(database.db);
      clock.advance(2 * HOUR);
      const quiet = await run();
      expect(quiet.errors).toEqual([]);
      // users, services, teams, policies, schedules, one incidents page, PI5 re-read (3), one on-call page
      expect(quiet.requests).toBe(10);
      const after = await rows(database.db);
      expect(after.incidents).toEqual(before.incidents);
      expect(after.pages).toEqual(before.pages);

      const pi5 = fake.data.incidents.find((i) => i.id === "PI5");
      if (pi5 === undefined) throw new Error("fixture");
      const resolvedAt = now + HOUR;
      pi5.status = "resolved";
      pi5.resolved_at = iso(resolvedAt);
      fake.data.logEntries.get("PI5")?.push(resolveEntry("R5R", pi5, resolvedAt, { by: "integration" }));
      const alert = fake.data.alerts.get("PI5")?.[0];
      if (alert !== undefined) alert.status = "resolved";
      clock.advance(DAY);
      await run();
      const final = await rows(database.db);
      expect(final.incidents.find((i) => i.id === "PI5")?.resolved_at).toBe(resolvedAt);
      expect(final.alerts.find((a) => a.id === "PA5")?.resolved_by).toBe("system");
      const cursor = JSON.parse((await getSyncCursor(database.db, cursorKey("incidents"))) ?? "{}") as { open: Record<string, number> };
      expect(cursor.open).toEqual({});
    });

    test("a dry run reads everything and writes nothing", async () => {
      const result = await run({ dryRun: true });
      expect(result.records.incidents).toBe(5);
      const { incidents, people } = await rows(database.db);
      expect(incidents).toEqual([]);
      expect(people).toEqual([]);
      expect(await getSyncCursor(database.db, cursorKey("incidents"))).toBeNull();
    });

    test("a wrong token is reported and writes nothing", async () => {
      client.close();
      client = createPagerdutyClient({ ...fastClientOptions(fake.url, clock), token: "wrong" });
      const result = await run();
      expect(result.ok).toBe(false);
      expect(result.errors[0]?.message).toMatch(/HTTP 401/);
      expect(JSON.stringify(result)).not.toContain(TEST_TOKEN);
      expect((await rows(database.db)).incidents).toEqual([]);
    });
  });

  describe("a busy quarter", () => {
    const from = Date.UTC(2026, 6, 1);
    const to = Date.UTC(2026, 8, 1);
    const data = () => generatedDataset({ count: 250, from, to });
    const defaults = { defaultSince: from };

    test("a 429 in the middle of paging waits for ratelimit-reset and goes on", async () => {
      await setup(data(), to);
      fake.inject({ path: "/incidents", offset: 100, kind: 429, times: 1, resetSeconds: 7 });
      const result = await run(defaults);
      expect(result.errors).toEqual([]);
      expect(result.rateLimited).toBe(1);
      expect(result.rateLimitWaitMs).toBe(7000);
      expect(clock.slept).toContain(7000);
      expect((await rows(database.db)).incidents).toHaveLength(250);
      // pdjs's own fixed-delay retry never ran: one 429, then one success, on that page.
      expect(fake.requests.filter((r) => r.path === "/incidents" && r.query.get("offset") === "100").map((r) => r.status)).toEqual([429, 200]);
    });

    test("a 500 on a later page is reported; the cursor stays at the last written page, nothing of the failed page is written", async () => {
      await setup(data(), to, { maxRetries: 1 });
      fake.inject({ path: "/incidents", offset: 100, kind: 500 });
      const result = await run(defaults);
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual([{ stream: "incidents", message: expect.stringMatching(/HTTP 500/) }]);
      const written = await rows(database.db);
      const firstPage = [...fake.data.incidents].slice(0, 100);
      expect(written.incidents.map((i) => i.id)).toEqual(firstPage.map((i) => i.id));
      expect(new Set(written.alerts.map((a) => a.incident_id))).toEqual(new Set(firstPage.map((i) => i.id)));
      const cursor = JSON.parse((await getSyncCursor(database.db, cursorKey("incidents"))) ?? "{}") as { watermark: number };
      expect(cursor.watermark).toBe(Date.parse(firstPage[99]?.created_at ?? ""));
      // Shifts do not depend on incidents: they are still collected.
      expect(written.shifts.length).toBeGreaterThan(0);

      fake.clearFaults();
      clock.advance(HOUR);
      const rerun = await run();
      expect(rerun.errors).toEqual([]);
      const all = await rows(database.db);
      expect(all.incidents.map((i) => i.id)).toEqual(fake.data.incidents.map((i) => i.id).sort());
    });

    test("a real crash (the process is killed mid-page) then a rerun: no duplicates, no gaps", { timeout: 120_000 }, async () => {
      await setup(data(), to);
      // The collector process hangs reading the alerts of the 150th incident (page 2) and is killed there.
      const victim = fake.data.incidents[149]?.id ?? "";
      fake.inject({ path: `/incidents/${victim}/alerts`, kind: "slow", delayMs: 60_000 });
      const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fake/collect-child.ts")], {
        env: childEnv({ OPSLEDGER_TEST_DATABASE_URL: database.url, PAGERDUTY_API_URL: fake.url, PAGERDUTY_TOKEN: TEST_TOKEN, SINCE: String(from), NOW: String(to) }),
        cwd: path.resolve(import.meta.dirname, "../../.."),
        stdio: "ignore",
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      while (!fake.requests.some((r) => r.path === `/incidents/${victim}/alerts`)) {
        if (child.exitCode !== null) throw new Error(`the collector process ended early (${child.exitCode})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      const afterCrash = await rows(database.db);
      expect(afterCrash.incidents.map((i) => i.id)).toEqual(fake.data.incidents.slice(0, 100).map((i) => i.id));
      expect(afterCrash.alerts).toHaveLength(100);

      fake.clearFaults();
      clock.advance(HOUR);
      const rerun = await run(defaults);
      expect(rerun.errors).toEqual([]);
      const all = await rows(database.db);
      expect(all.incidents.map((i) => i.id)).toEqual(fake.data.incidents.map((i) => i.id).sort());
      expect(all.alerts).toHaveLength(250);
      const entries = [...fake.data.logEntries.values()].flat();
      expect(all.pages).toHaveLength(entries.filter((e) => e.type === "notify_log_entry").length);
      expect(all.acks).toHaveLength(entries.filter((e) => e.type === "acknowledge_log_entry").length);
    });

    test("a dropped connection mid-page then a rerun: no duplicates, no gaps", async () => {
      await setup(data(), to, { maxRetries: 0 });
      // The connection drops while reading the alerts of the 150th incident.
      const victim = fake.data.incidents[149]?.id ?? "";
      fake.inject({ path: `/incidents/${victim}/alerts`, kind: "drop", times: 1 });
      const crashed = await run(defaults);
      expect(crashed.ok).toBe(false);
      expect((await rows(database.db)).incidents).toHaveLength(100);

      clock.advance(HOUR);
      const rerun = await run();
      expect(rerun.errors).toEqual([]);
      const all = await rows(database.db);
      const expected = fake.data.incidents.map((i) => i.id).sort();
      expect(all.incidents.map((i) => i.id)).toEqual(expected);
      expect(all.alerts).toHaveLength(250);
      const entries = [...fake.data.logEntries.values()].flat();
      expect(all.pages).toHaveLength(entries.filter((e) => e.type === "notify_log_entry").length);
      expect(all.acks).toHaveLength(entries.filter((e) => e.type === "acknowledge_log_entry").length);
    });
  });
});

describe("more than 10,000 incidents in one window", () => {
  let database: TestDatabase;
  let fake: FakePagerduty;
  let client: PagerdutyClient;
  afterEach(async () => {
    client.close();
    await fake.close();
    await database.close();
  });

  test("the collector splits the window instead of paging past the offset cap", { timeout: 180_000 }, async () => {
    database = await createTestDatabase("sqlite");
    const from = Date.UTC(2026, 8, 1);
    const to = Date.UTC(2026, 9, 1);
    fake = await startFakePagerduty({ token: TEST_TOKEN, data: generatedDataset({ count: 10_050, from, to, logEntries: false, alerts: false }) });
    const clock = manualClock(to);
    client = createPagerdutyClient({ ...fastClientOptions(fake.url, clock), requestsPerMinute: Infinity });
    const result = await collectPagerduty({ db: database.db, client, people: [], defaultSince: from, now: clock.now, concurrency: 16 });
    expect(result.errors).toEqual([]);
    expect(result.records.incidents).toBe(10_050);
    const count = await database.db.selectFrom("incidents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(10_050);
    expect(fake.requests.filter((r) => r.status === 400)).toEqual([]);
    const windows = fake.requests.filter((r) => r.path === "/incidents" && r.query.get("offset") === "0").map((r) => [r.query.get("since"), r.query.get("until")]);
    expect(windows.length).toBeGreaterThan(1);
  });
});
