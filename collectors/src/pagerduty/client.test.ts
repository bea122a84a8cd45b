import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { incidentResponse, pdIncident, pdUser } from "./api-types.ts";
import { createPagerdutyClient, rateLimitWait, type PagerdutyClient } from "./client.ts";
import { startFakePagerduty, type FakePagerduty } from "./fake/server.ts";
import { DAY, generatedDataset, pdUser as userFixture } from "./fixtures.ts";
import { fastClientOptions, manualClock, TEST_TOKEN } from "./testing.ts";

describe("PagerDuty client", () => {
  let fake: FakePagerduty;
  let client: PagerdutyClient;
  let clock: ReturnType<typeof manualClock>;
  const from = Date.UTC(2026, 0, 1);

  beforeEach(async () => {
    fake = await startFakePagerduty({ token: TEST_TOKEN, data: generatedDataset({ count: 250, from, to: from + 30 * DAY }) });
    clock = manualClock(Date.UTC(2026, 5, 1));
    client = createPagerdutyClient(fastClientOptions(fake.url, clock));
  });
  afterEach(async () => {
    client.close();
    await fake.close();
  });

  test("pages through a list at 100 a page with the token header, checking each page", async () => {
    const query = { since: new Date(from).toISOString(), until: new Date(from + 30 * DAY).toISOString() };
    const seen: number[] = [];
    for await (const page of client.pages("/incidents", "incidents", pdIncident, query)) seen.push(page.items.length);
    expect(seen).toEqual([100, 100, 50]);
    expect(fake.requests.map((r) => [r.status, r.query.get("limit"), r.query.get("offset")])).toEqual([
      [200, "100", "0"],
      [200, "100", "100"],
      [200, "100", "200"],
    ]);
    expect(client.stats.requests).toBe(3);
  });

  test("uses the configured base URL (EU region, a fake), trailing slash or not", async () => {
    const prefixed = createPagerdutyClient(fastClientOptions(`${fake.url}/`, clock));
    expect(await prefixed.list("/users", "users", pdUser)).toHaveLength(8);
    prefixed.close();
  });

  test("waits out a 429 for as long as ratelimit-reset says, itself, and pdjs does not retry behind its back", async () => {
    fake.inject({ path: "/users", kind: 429, times: 2, resetSeconds: 3 });
    expect(await client.list("/users", "users", pdUser)).toHaveLength(8);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(clock.slept.filter((ms) => ms >= 1000)).toEqual([3000, 3000]);
    expect(client.stats).toMatchObject({ requests: 3, rateLimited: 2, rateLimitWaitMs: 6000 });
  });

  test.each([
    [{ "ratelimit-reset": "12" }, 12_000],
    [{ "ratelimit-reset": "0.5" }, 500],
    [{ "retry-after": "4" }, 4000],
    [{}, 1000],
  ])("429 wait from headers %o is %d ms", (headers, expected) => {
    expect(rateLimitWait(headers)).toBe(expected);
  });

  test("retries a 5xx, then reports it with the path and no token", async () => {
    fake.inject({ path: "/users", kind: 502, times: 1 });
    expect(await client.list("/users", "users", pdUser)).toHaveLength(8);
    fake.inject({ path: "/teams", kind: 500 });
    const error = await client.list("/teams", "teams", pdUser).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^GET \/teams\?limit=100&offset=0: HTTP 500/);
    expect((error as Error).message).not.toContain(TEST_TOKEN);
    expect(fake.requests.filter((r) => r.path === "/teams")).toHaveLength(3);
  });

  test("does not retry a 4xx and says what PagerDuty said", async () => {
    const query = { since: "2025-01-01T00:00:00Z", until: "2026-01-01T00:00:00Z" };
    await expect(client.list("/incidents", "incidents", pdIncident, query)).rejects.toThrow(/HTTP 400 \(Invalid Input Provided: The time range/);
    expect(fake.requests).toHaveLength(1);
  });

  test("a wrong token is a 401", async () => {
    const bad = createPagerdutyClient({ ...fastClientOptions(fake.url, clock), token: "nope" });
    await expect(bad.list("/users", "users", pdUser)).rejects.toMatchObject({ status: 401 });
    bad.close();
  });

  test("a request that hangs times out for real", async () => {
    fake.inject({ path: "/users", kind: "slow", delayMs: 5000 });
    const impatient = createPagerdutyClient({ ...fastClientOptions(fake.url, clock), timeoutMs: 20, maxRetries: 1 });
    await expect(impatient.list("/users", "users", pdUser)).rejects.toThrow(/no response within 20 ms/);
    expect(impatient.stats.requests).toBe(2);
    impatient.close();
  });

  test("a dropped connection is retried", async () => {
    fake.inject({ path: "/users", kind: "drop", times: 1 });
    expect(await client.list("/users", "users", pdUser)).toHaveLength(8);
    expect(client.stats.retries).toBe(1);
  });

  test("refuses to page past the 10,000 offset cap instead of sending a request PagerDuty rejects", async () => {
    await expect(client.page("/incidents", "incidents", pdIncident, {}, 9950)).rejects.toThrow(/split the window/);
    expect(fake.requests).toHaveLength(0);
  });

  test("validates every response: a user without a time zone is an error naming the field", async () => {
    const broken = { ...userFixture("PBROKEN", "Broken", "b@example.com", "UTC") } as Record<string, unknown>;
    delete broken.time_zone;
    fake.data.users.push(broken as ReturnType<typeof userFixture>);
    await expect(client.list("/users", "users", pdUser)).rejects.toThrow(/users\.8\.time_zone/);
  });

  test("paces requests to 960 a minute: one every 62.5 ms", async () => {
    for (let i = 0; i < 5; i++) await client.get("/incidents/Q000001", {}, incidentResponse);
    expect(clock.slept).toEqual([63, 63, 63, 63]);
    expect(clock.now() - Date.UTC(2026, 5, 1)).toBe(252);
  });
});
