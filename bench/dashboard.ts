/**
 * Dashboard benchmark: the production bundle size (gzip) and the time from navigation until the
 * team dashboard shows its charts, on the demo org at `--scale 50` (env BENCH_SCALE), in headless
 * Chromium against the real server. Targets: initial JS < 300 KB gzip, charts within 1.5 s.
 * Reports, never asserts. Needs a built web app (npm run build).
 *
 * Usage: node --import tsx bench/dashboard.ts
 *   BENCH_SCALE=50            demo scale to load into a fresh temp SQLite file
 *   DATABASE_URL=sqlite:PATH  reuse a database (the demo is loaded only when it is empty)
 *   BENCH_TEAM=payments       team page to open; BENCH_RUNS=5 page loads to time
 *   BENCH_WRITE_BETWEEN=1     before each load, write one deployment, CI run, page and alert of
 *                             the team (as a collector would), so every load re-reads its rows:
 *                             the time a live server with running collectors shows
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { chromium } from "playwright-core";
import { connect, countRecords, getTeam, migrateToLatest, writeRecords } from "@opsledger/db";
import { createApp } from "../server/src/app.ts";
import { derivationSettings, inlineDeriver } from "../server/src/derive/deriver.ts";
import { defaultConfig } from "../server/src/config/schema.ts";
import { loadDemo } from "../server/src/demo/index.ts";
import { readEnvironment } from "../server/src/env.ts";
import { CHROMIUM_ARGS } from "../web/e2e/harness.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "web", "dist");
const scale = Number(process.env.BENCH_SCALE ?? 50);
const teamId = process.env.BENCH_TEAM ?? "payments";
const writeBetween = process.env.BENCH_WRITE_BETWEEN === "1";
const runs = Number(process.env.BENCH_RUNS ?? 5);
const CHARTS = 7;

if (!fs.existsSync(path.join(dist, "index.html"))) {
  console.error("web/dist/index.html is missing: run `npm run build` first.");
  process.exit(1);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file)).length;

// ---------------------------------------------------------------- bundle size

/** What index.html makes the browser fetch before any route code: the entry and its preloads. */
function initialAssets(): string[] {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? "");
  return [...new Set(refs)].filter((r) => r !== "");
}

const initial = initialAssets();
const initialJs = initial.filter((a) => a.endsWith(".js"));
const initialJsGzip = initialJs.reduce((sum, a) => sum + gzipSize(path.join(dist, a)), 0);
const initialCssGzip = initial.filter((a) => a.endsWith(".css")).reduce((sum, a) => sum + gzipSize(path.join(dist, a)), 0);
console.log(`bundle: initial JS ${kb(initialJsGzip)} gzip in ${initialJs.length} files (${initialJs.map((a) => path.basename(a)).join(", ")}); CSS ${kb(initialCssGzip)} gzip`);

// ---------------------------------------------------------------- data and server

const now = Date.now();
// A temp directory made here is removed at the end: a --scale 50 database is about 1 GB.
const tempDir = process.env.DATABASE_URL === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-bench-")) : null;
const url = process.env.DATABASE_URL ?? `sqlite:${path.join(tempDir ?? "", "dashboard.db")}`;
const connection = connect(url);
await migrateToLatest(connection.db);
if ((await countRecords(connection.db)).deployments === 0) {
  const started = performance.now();
  const { records } = await loadDemo(connection.db, { scale, seed: 1, now });
  console.log(`demo --scale ${scale}: ${records} records loaded in ${((performance.now() - started) / 1000).toFixed(1)} s into ${url}`);
} else {
  console.log(`reusing ${url}`);
}
const config = defaultConfig();
const deriver = inlineDeriver(connection.db, derivationSettings(config));
await deriver.ensure();
const app = createApp({ db: connection.db, deriver, config, env: readEnvironment({}), webDist: dist, now: () => now });
const server = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---------------------------------------------------------------- time to charts

/** One record of each kind a team page reads, an hour before now: every memoised read of the team is dropped. */
async function writeAsACollectorWould(run: number): Promise<void> {
  const team = await getTeam(connection.db, teamId);
  const repo = team?.repos[0];
  const service = team?.services[0];
  const person = team?.members[0];
  if (repo === undefined || service === undefined || person === undefined) throw new Error(`team ${teamId} has no repo, service or member to write for`);
  const at = now - 3_600_000 + run;
  const id = `bench-${run}`;
  await writeRecords(connection.db, [
    { kind: "deployment", source: "bench", id, repo, environment: "production", status: "success", startedAt: null, finishedAt: at, sha: id, commits: null, rollback: false, url: null, creator: null, trigger: null },
    { kind: "ci_run", source: "bench", id, repo, workflow: "bench", branch: "main", sha: id, event: "push", attempt: 1, status: "success", queuedAt: null, startedAt: at, finishedAt: at + 60_000, url: null, triggeredBy: null },
    { kind: "page", source: "bench", id, person, incidentId: id, at, channel: "push" },
    { kind: "alert", source: "bench", id, service, key: "bench", incidentId: null, createdAt: at, acknowledgedAt: null, resolvedAt: null, resolvedBy: null, noise: false },
  ]);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
const times: number[] = [];
const firsts: number[] = [];
const routeJs = new Set<string>();
try {
  for (let run = 0; run < runs; run++) {
    if (writeBetween) await writeAsACollectorWould(run);
    // A fresh context each time: empty HTTP cache and no data cached in the page.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith(".js")) routeJs.add(u.pathname);
    });
    await page.goto(`${base}/teams/${teamId}`, { waitUntil: "commit" });
    // Milliseconds since navigation start (the page's time origin) when the first chart, and then
    // every chart, has its SVG.
    const drawnAt = (expected: number) =>
      page
        .waitForFunction(
          (n) => {
            const drawn = [...document.querySelectorAll("figure.chart [role=img]")].filter((e) => e.querySelector("svg.recharts-surface") !== null);
            return drawn.length >= n ? performance.now() : false;
          },
          expected,
          { polling: "raf", timeout: 300_000 },
        )
        .then(async (handle) => Number(await handle.jsonValue()));
    const first = await drawnAt(1);
    const ms = await drawnAt(CHARTS);
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/"))
        .map((e) => ({ start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
    );
    const apiEnd = Math.max(0, ...api.map((a) => a.end));
    times.push(ms);
    firsts.push(first);
    console.log(
      `run ${run + 1}: first chart ${Math.round(first)} ms, all ${CHARTS} charts ${Math.round(ms)} ms after navigation; ${api.length} API calls, the last answered at ${Math.round(apiEnd)} ms`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await connection.close();
  if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;
const teamJsGzip = [...routeJs].filter((p) => fs.existsSync(path.join(dist, p))).reduce((sum, p) => sum + gzipSize(path.join(dist, p)), 0);
console.log(`team page JS in total (initial + lazy route + charts): ${kb(teamJsGzip)} gzip in ${routeJs.size} files`);
console.log(
  `time to charts on /teams/${teamId} at scale ${scale}, median of ${times.length} cold page loads${writeBetween ? ", each after a write of every kind the page reads" : ""}: first chart ${Math.round(median(firsts))} ms, all ${CHARTS} charts ${Math.round(median(times))} ms (target 1500 ms); initial JS ${kb(initialJsGzip)} gzip (target 300 KB)`,
);
