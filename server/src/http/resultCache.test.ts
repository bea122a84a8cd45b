/**
 * The figure answers kept between requests (resultCache.ts), on each database: a repeated question
 * is answered from the cache, a write retires only the answers of the team it changed, and the
 * same question asked by many at once is computed once. Counted on /metrics, as an operator sees it.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const lines = (records: object[]) => records.map((r) => JSON.stringify(r)).join("\n");
const deployment = (team: string, i: number) => ({
  kind: "deployment",
  id: `${team}-d${i}`,
  repo: `acme/${team}`,
  environment: "production",
  status: "success",
  finished_at: new Date(NOW - (i + 1) * 86_400_000).toISOString(),
  sha: `${team}${i}`,
  commits: [`${team}${i}`],
});

describe.each(DIALECTS)("the result cache on %s", (dialect) => {
  let t: TestApp;
  const ingest = async (records: object[]) => {
    const res = await t.app.request("/api/ingest", { method: "POST", body: lines(records), headers: { "content-type": "application/x-ndjson" } });
    expect(res.status).toBe(200);
  };
  const lookups = async (): Promise<Record<string, number>> => {
    const text = await (await t.app.request("/metrics")).text();
    return Object.fromEntries([...text.matchAll(/^opsledger_result_cache_lookups_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  };
  const deploysOf = async (team: string) => ((await (await t.app.request(`/api/teams/${team}/dora`)).json()) as { deploymentFrequency: { count: number } }).deploymentFrequency.count;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW, resultCacheBytes: 1024 * 1024 });
    await ingest([
      { kind: "team", id: "alpha", name: "Alpha", members: [], repos: ["acme/alpha"], services: [] },
      { kind: "team", id: "beta", name: "Beta", members: [], repos: ["acme/beta"], services: [] },
      ...[0, 1].map((i) => deployment("alpha", i)),
      ...[0, 1].map((i) => deployment("beta", i)),
    ]);
  });
  afterAll(async () => t.close());

  test("a repeated question is answered from the cache, with the same body", async () => {
    const first = await (await t.app.request("/api/teams/alpha/dora")).text();
    const before = await lookups();
    const again = await (await t.app.request("/api/teams/alpha/dora")).text();
    expect(again).toBe(first);
    expect((await lookups()).hit).toBe((before.hit ?? 0) + 1);
  });

  test("a write retires the answers of the team it changed, and only those", async () => {
    expect([await deploysOf("alpha"), await deploysOf("beta")]).toEqual([2, 2]);
    const before = await lookups();
    await ingest([deployment("beta", 2)]);
    expect(await deploysOf("alpha")).toBe(2);
    expect(await deploysOf("beta")).toBe(3);
    const after = await lookups();
    // Alpha's answer was kept; Beta's was computed again, with the new deployment in it.
    expect([(after.hit ?? 0) - (before.hit ?? 0), (after.miss ?? 0) - (before.miss ?? 0)]).toEqual([1, 1]);
  });

  test("the same question asked by many at once is computed once, and all get the same answer", async () => {
    await ingest([deployment("alpha", 2)]);
    const before = await lookups();
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await t.app.request("/api/teams/alpha/dora?from=2026-02-01")).text()));
    expect(new Set(bodies).size).toBe(1);
    const after = await lookups();
    // One computation; the other seven waited for it (or, on a slow network round trip to the
    // database, found it already kept).
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([delta("miss"), delta("shared") + delta("hit")]).toEqual([1, 7]);
  });
});
