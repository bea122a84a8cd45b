import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DAY, generatedDataset } from "../fixtures.ts";
import { TEST_TOKEN } from "../testing.ts";
import { startFakePagerduty, type FakePagerduty } from "./server.ts";

/** The fake is what the collector's behaviour is proven against: it must hold PagerDuty's rules. */
describe("fake PagerDuty", () => {
  let fake: FakePagerduty;
  const from = Date.UTC(2026, 0, 1);
  const get = async (path: string, token: string | null = TEST_TOKEN) => {
    const response = await fetch(`${fake.url}${path}`, { headers: token === null ? {} : { authorization: `Token token=${token}` } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    fake = await startFakePagerduty({ token: TEST_TOKEN, data: generatedDataset({ count: 300, from, to: from + 30 * DAY }) });
  });
  afterAll(() => fake.close());

  test("401 without the token header or with another token", async () => {
    expect((await get("/users", null)).status).toBe(401);
    expect((await get("/users", "other")).status).toBe(401);
  });

  test("limit is clamped to 100 (default 25); more; total is null unless total=true", async () => {
    const big = await get("/incidents?limit=500");
    expect(big.body).toMatchObject({ limit: 100, offset: 0, more: true, total: null });
    expect(big.body.incidents).toHaveLength(100);
    expect((await get("/incidents")).body).toMatchObject({ limit: 25, more: true });
    expect((await get("/incidents?offset=250&limit=100&total=true")).body).toMatchObject({ more: false, total: 300 });
    expect((await get("/incidents?limit=ten")).status).toBe(400);
  });

  test("400 past the 10,000 offset cap and for a range over 6 months", async () => {
    expect((await get("/incidents?offset=9901&limit=100")).status).toBe(400);
    expect((await get("/incidents?offset=9900&limit=100")).status).toBe(200);
    expect((await get("/incidents?since=2025-01-01T00:00:00Z&until=2025-08-01T00:00:00Z")).status).toBe(400);
    expect((await get("/oncalls?since=2025-01-01T00:00:00Z&until=2025-05-01T00:00:00Z")).status).toBe(400);
  });

  test("429 with ratelimit-* headers on demand", async () => {
    fake.inject({ path: "/users", kind: 429, times: 1, resetSeconds: 9 });
    const limited = await get("/users");
    expect(limited.status).toBe(429);
    expect([limited.headers.get("ratelimit-limit"), limited.headers.get("ratelimit-remaining"), limited.headers.get("ratelimit-reset")]).toEqual(["960", "0", "9"]);
    expect((await get("/users")).status).toBe(200);
  });

  test("nested endpoints: an incident, its log entries newest first, its alerts", async () => {
    const id = fake.data.incidents[0]?.id ?? "";
    expect((await get(`/incidents/${id}`)).body.incident).toMatchObject({ id, type: "incident" });
    const entries = (await get(`/incidents/${id}/log_entries`)).body.log_entries as { created_at: string }[];
    expect(entries.map((e) => e.created_at)).toEqual([...entries.map((e) => e.created_at)].sort().reverse());
    expect((await get(`/incidents/${id}/alerts`)).body.alerts).toHaveLength(1);
    expect((await get("/incidents/NOPE")).status).toBe(404);
  });
});
