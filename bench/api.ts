/**
 * API latency on the demo org: loads `--scale N` (default 50, env BENCH_SCALE) into a fresh SQLite
 * file (or reuses the DATABASE_URL given, loading the demo only when it is empty), then times every
 * team endpoint and the org summary for a quarter, in-process (`app.request`) and over HTTP (a
 * loopback @hono/node-server and `fetch`), median of 5 each, with the first request's time (rows
 * not yet memoised). Targets on SQLite (issue 3): each team
 * endpoint under 150 ms at the median, the org summary for a quarter under 2 s. Reports, never
 * asserts. Usage: node --import tsx bench/api.ts
 *   BENCH_SCALE=50            demo scale to load into a fresh temp SQLite file
 *   DATABASE_URL=sqlite:PATH  reuse a database (e.g. one `opsledger demo --scale 50` built)
 *   BENCH_TEAMS=storefront,payments  teams whose endpoints are timed
 *   BENCH_RUNS=5              timed requests per endpoint and transport
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { connect, countRecords, migrateToLatest } from "@opsledger/db";
import { createApp } from "../server/src/app.ts";
import { derivationSettings, inlineDeriver } from "../server/src/derive/deriver.ts";
import { defaultConfig } from "../server/src/config/schema.ts";
import { loadDemo } from "../server/src/demo/index.ts";
import { readEnvironment } from "../server/src/env.ts";
import { SERIES_METRICS } from "../server/src/routes/metrics.ts";

const scale = Number(process.env.BENCH_SCALE ?? 50);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const teams = (process.env.BENCH_TEAMS ?? "storefront,payments").split(",").filter((t) => t !== "");
const now = Date.UTC(2026, 10, 21);
/** The last full calendar quarter before `now` (to is an inclusive date). */
const quarter = { from: "2026-07-01", to: "2026-09-30" };
const TEAM_TARGET_MS = 150;
const SUMMARY_TARGET_MS = 2000;

// A temp directory made here is removed at the end: a --scale 50 database is about 1 GB.
const tempDir = process.env.DATABASE_URL === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-bench-")) : null;
const url = process.env.DATABASE_URL ?? `sqlite:${path.join(tempDir ?? "", "bench.db")}`;
const connection = connect(url);
await migrateToLatest(connection.db);
const counts = await countRecords(connection.db);
if (counts.deployments === 0) {
  const started = performance.now();
  const { records } = await loadDemo(connection.db, { scale, seed: 1, now });
  console.log(`demo --scale ${scale}: ${records} records loaded in ${((performance.now() - started) / 1000).toFixed(1)} s into ${url}`);
} else {
  console.log(`reusing ${url}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
}
const config = defaultConfig();
const deriver = inlineDeriver(connection.db, derivationSettings(config));
await deriver.ensure();
const app = createApp({ db: connection.db, deriver, config, env: readEnvironment({}), webDist: null, now: () => now });
const server = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
});
// Slow endpoints leave the client's pooled connection idle longer than Node's 5 s keep-alive,
// and a request on a connection the server is closing fails (ECONNRESET).
if ("keepAliveTimeout" in server) server.keepAliveTimeout = 10 * 60_000;
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Endpoint {
  path: string;
  targetMs: number;
}
const endpoints: Endpoint[] = [];
for (const team of teams) {
  const t = `/api/teams/${team}`;
  for (const p of ["dora", "ci", "oncall", "alerts", "signals"]) endpoints.push({ path: `${t}/${p}`, targetMs: TEAM_TARGET_MS });
  for (const metric of SERIES_METRICS) endpoints.push({ path: `${t}/series?metric=${metric}`, targetMs: TEAM_TARGET_MS });
  for (const metric of ["changes", "deployments", "pages"]) endpoints.push({ path: `${t}/records?metric=${metric}&pageSize=50`, targetMs: TEAM_TARGET_MS });
}
endpoints.push({ path: `/api/org/summary?from=${quarter.from}&to=${quarter.to}`, targetMs: SUMMARY_TARGET_MS });

/** First and median time of `runs` requests: the first reads the rows, the rest may find them memoised (services/rowMemo.ts). */
async function timed(request: () => Response | Promise<Response>, label: string): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await request();
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${label} answered ${res.status}`);
  }
  const first = times[0] ?? 0;
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor((times.length - 1) / 2)] ?? 0 };
}

const width = Math.max(...endpoints.map((e) => e.path.length));
console.log(`endpoint timings, median of ${runs} (scale ${scale} demo; ${url.startsWith("sqlite:") ? "SQLite" : "Postgres"}; targets: team endpoints < ${TEAM_TARGET_MS} ms, org summary for a quarter < ${SUMMARY_TARGET_MS / 1000} s):`);
console.log("  (first: the first in-process request, before any memoised rows of that window; the HTTP runs follow the in-process ones)");
console.log(`  ${"endpoint".padEnd(width)} ${"first".padStart(8)} ${"in-process".padStart(10)} ${"HTTP".padStart(8)}  target`);
let missed = 0;
try {
  for (const e of endpoints) {
    const inProcess = await timed(() => app.request(e.path), e.path);
    const http = await timed(() => fetch(`${base}${e.path}`), e.path);
    const ok = Math.max(inProcess.median, http.median) < e.targetMs;
    if (!ok) missed++;
    const ms = (t: number) => `${Math.round(t)} ms`;
    console.log(
      `  ${e.path.padEnd(width)} ${ms(inProcess.first).padStart(8)} ${ms(inProcess.median).padStart(10)} ${ms(http.median).padStart(8)}  ${ok ? "ok" : `MISSED (< ${e.targetMs} ms)`}`,
    );
  }
  console.log(missed === 0 ? "every endpoint within its target" : `${missed} of ${endpoints.length} endpoints over their target`);
} finally {
  server.close();
  await connection.close();
  if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
}
