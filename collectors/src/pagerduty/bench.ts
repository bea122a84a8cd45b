/**
 * Request counts for a full sync of one year with 5,000 incidents, then an incremental sync with
 * nothing new, against the fake PagerDuty on loopback. Pacing is off (the counts are the point);
 * the time a real account would take at 960 requests a minute is printed beside them.
 *
 *   node --import tsx collectors/src/pagerduty/bench.ts [incidents]
 */
import { createTestDatabase } from "@opsledger/db/testing";
import { createPagerdutyClient } from "./client.ts";
import { collectPagerduty, type CollectResult } from "./collector.ts";
import { startFakePagerduty, type FakeRequest } from "./fake/server.ts";
import { DAY, generatedDataset, HOUR } from "./fixtures.ts";
import { TEST_TOKEN } from "./testing.ts";

const count = Number(process.argv[2] ?? 5000);
const to = Date.UTC(2026, 10, 1);
const from = to - 365 * DAY;

function byEndpoint(requests: readonly FakeRequest[]): string {
  const groups = new Map<string, number>();
  for (const r of requests) {
    const name = r.path.replace(/^\/incidents\/[^/]+/, "/incidents/{id}");
    groups.set(name, (groups.get(name) ?? 0) + 1);
  }
  return [...groups].map(([path, n]) => `${path} ${n}`).join(", ");
}

function line(label: string, result: CollectResult, requests: readonly FakeRequest[], wallMs: number): string {
  const atLimit = (result.requests / 960) * 60;
  return [
    `${label}: ${result.requests} requests (${byEndpoint(requests)})`,
    `  records: ${Object.entries(result.records).map(([k, n]) => `${k} ${n}`).join(", ")}`,
    `  429s waited: ${result.rateLimited}; errors: ${result.errors.length}; wall time unpaced ${(wallMs / 1000).toFixed(1)} s; at 960 req/min ≥ ${(atLimit / 60).toFixed(1)} min`,
  ].join("\n");
}

const database = await createTestDatabase("sqlite");
const fake = await startFakePagerduty({ token: TEST_TOKEN, data: generatedDataset({ count, from, to }) });
let now = to;
const client = createPagerdutyClient({ token: TEST_TOKEN, apiUrl: fake.url, requestsPerMinute: Infinity });
try {
  const options = { db: database.db, client, people: [], defaultSince: from, now: () => now, concurrency: 8 };
  let t = Date.now();
  const full = await collectPagerduty(options);
  console.log(line(`full sync, 1 year, ${count} incidents`, full, fake.requests, Date.now() - t));
  const seen = fake.requests.length;
  now += HOUR;
  t = Date.now();
  const quiet = await collectPagerduty(options);
  console.log(line("incremental sync, nothing new (1 h later)", quiet, fake.requests.slice(seen), Date.now() - t));
} finally {
  client.close();
  await fake.close();
  await database.close();
}
