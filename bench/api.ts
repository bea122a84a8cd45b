/**
 * API latency on the demo org: loads `--scale N` (default 10, env BENCH_SCALE) into a fresh SQLite
 * file (or the DATABASE_URL given), then times every team endpoint in-process. Reports, never
 * asserts. Usage: node --import tsx bench/api.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect, countRecords, migrateToLatest } from "@opsledger/db";
import { createApp } from "../server/src/app.ts";
import { defaultConfig } from "../server/src/config/schema.ts";
import { loadDemo } from "../server/src/demo/index.ts";
import { readEnvironment } from "../server/src/env.ts";

const scale = Number(process.env.BENCH_SCALE ?? 10);
const now = Date.UTC(2026, 10, 21);
const url = process.env.DATABASE_URL ?? `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-bench-")), "bench.db")}`;
const connection = connect(url);
await migrateToLatest(connection.db);
if ((await countRecords(connection.db)).deployments === 0) {
  const started = performance.now();
  const { records } = await loadDemo(connection.db, { scale, seed: 1, now });
  console.log(`demo --scale ${scale}: ${records} records loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const app = createApp({ db: connection.db, config: defaultConfig(), env: readEnvironment({}), webDist: null, now: () => now });

const paths = [
  "/api/teams/storefront/dora",
  "/api/teams/storefront/ci",
  "/api/teams/payments/oncall",
  "/api/teams/search/alerts",
  "/api/teams/payments/signals",
  "/api/teams/storefront/series?metric=deployments",
  "/api/teams/storefront/series?metric=lead-time",
  "/api/teams/payments/series?metric=ops-share",
  "/api/teams/storefront/records?metric=changes&pageSize=50",
  "/api/org/summary",
];
console.log(`endpoint timings, median of 5 (scale ${scale}, SQLite unless DATABASE_URL says otherwise):`);
for (const p of paths) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const res = await app.request(p);
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${p.padEnd(58)} ${Math.round(times[2] ?? 0)} ms`);
}
await connection.close();
