/**
 * The read model's benchmark (issue 11), on SQLite and Postgres, in one run:
 *
 * 1. Import: `opsledger import` of a demo NDJSON file (about 150 MB at the default
 *    BENCH_IMPORT_SCALE=7) into a fresh database — records/s and the process's peak RSS — beside
 *    the floor: the same rows upserted with the bare driver (./support/rawUpsert.ts), measured
 *    here in the same run.
 * 2. For each scale (BENCH_SCALES, default 10,50): `opsledger demo --scale N` into a fresh
 *    database, then `opsledger serve` as its own process with the clock pinned (OPSLEDGER_NOW):
 *    every team endpoint of every team and the org summary for a quarter, cold (the first request
 *    after the server started: nothing cached) and warm (median of the next 5); then a bounded
 *    load test — BENCH_CLIENTS (100) keep-alive clients for BENCH_LOAD_SECONDS (30) over all those
 *    endpoints while an import writes into the same database — with p50, p99, errors and the
 *    worst /api/health answer, beside how long the server's main thread held its event loop (the
 *    stalls it logged during the load, and the loop delay's max and p99 over its life); the
 *    server's peak RSS when it stops.
 * 3. The ratio of the largest scale's times to the smallest's, per endpoint (read cost should
 *    follow teams × weeks, not the length of history).
 *
 * Reports, never asserts. Usage: node --import tsx bench/readModel.ts
 *   BENCH_DIALECTS=sqlite,postgres   BENCH_SCALES=10,50   BENCH_IMPORT_SCALE=7
 *   BENCH_CLIENTS=100   BENCH_LOAD_SECONDS=30   BENCH_SKIP_IMPORT=1
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type DialectName } from "@opsledger/db/testing";
import { generateDemo } from "../server/src/demo/index.ts";
import { parseIngestBatch } from "../server/src/ingest/parse.ts";
import { IMPORT_BATCH_LINES } from "../server/src/ingest/importStream.ts";
import { SERIES_METRICS } from "../server/src/api/schemas/series.ts";
import { mb, runMeasured, startMeasured } from "./support/process.ts";
import { rawPostgres, rawSqlite, rowsOf } from "./support/rawUpsert.ts";
import { loadTest, type LoadResult } from "./support/load.ts";

const NOW_ISO = "2026-11-18T10:00:00Z";
const NOW = Date.parse(NOW_ISO);
const QUARTER = "from=2026-07-01&to=2026-09-30";
const dialects = (process.env.BENCH_DIALECTS ?? "sqlite,postgres").split(",") as DialectName[];
// BENCH_SCALES= (empty) measures the import alone.
const scales = (process.env.BENCH_SCALES ?? "10,50").split(",").filter((s) => s.trim() !== "").map(Number);
const importScale = Number(process.env.BENCH_IMPORT_SCALE ?? 7);
const clients = Number(process.env.BENCH_CLIENTS ?? 100);
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const RECORD_METRICS = ["deployments", "changes", "pages", "ci-runs", "ops-work"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-readmodel-"));
const env = (url: string): Record<string, string> => ({ DATABASE_URL: url, OPSLEDGER_NOW: NOW_ISO });
const ms = (t: number): string => `${Math.round(t)} ms`;
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString("en-US")}/s`;

/** The demo (another seed than the served one, so an import during the load test writes new rows) as an NDJSON file. */
function writeImportFile(file: string): { lines: number; bytes: number } {
  const fd = fs.openSync(file, "w");
  let lines = 0;
  for (const chunk of generateDemo({ scale: importScale, seed: 2, now: NOW, chunkSize: 20_000 })) {
    fs.writeSync(fd, `${chunk.map((l) => JSON.stringify(l)).join("\n")}\n`);
    lines += chunk.length;
  }
  fs.closeSync(fd);
  return { lines, bytes: fs.statSync(file).size };
}

/** The file's records as rows, in the import's batches (parsed and converted here, untimed). */
function batchesOf(file: string) {
  const all = fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
  const batches = [];
  let records = 0;
  for (let i = 0; i < all.length; i += IMPORT_BATCH_LINES) {
    const parsed = parseIngestBatch(all.slice(i, i + IMPORT_BATCH_LINES).join("\n"));
    if (!parsed.ok) throw new Error(`the import file does not validate: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    records += parsed.records.length;
    batches.push(rowsOf(parsed.records));
  }
  return { batches, records };
}

async function benchImport(dialect: DialectName, file: string, bytes: number): Promise<void> {
  const target = await createTestDatabase(dialect);
  const floorDb = await createTestDatabase(dialect);
  try {
    const run = await runMeasured(["import", file], env(target.url));
    const imported = Number(/imported (\d+) records/.exec(run.output)?.[1] ?? Number.NaN);
    const written = /validated and written in ([\d.]+) s \(([\d.]+) s CPU\)/.exec(run.output);
    const writeSeconds = Number(written?.[1] ?? Number.NaN);
    const writeCpuSeconds = Number(written?.[2] ?? Number.NaN);
    const { batches, records } = batchesOf(file);
    const cpuAtStart = process.cpuUsage();
    const floorSeconds = dialect === "sqlite" ? rawSqlite(floorDb.url.replace(/^sqlite:/, ""), batches) : await rawPostgres(floorDb.url, batches);
    const floorCpu = process.cpuUsage(cpuAtStart);
    // SQLite's floor runs all in this process, so its CPU time compares with the import's (steadier
    // than wall time when other work shares the machine); Postgres's does part of its work elsewhere.
    const cpuLine =
      dialect === "sqlite"
        ? `\n  on CPU time: validated and written ${writeCpuSeconds.toFixed(1)} s, the floor ${((floorCpu.user + floorCpu.system) / 1e6).toFixed(1)} s = ${Math.round((100 * (floorCpu.user + floorCpu.system)) / 1e6 / writeCpuSeconds)}% of the floor's rate`
        : "";
    const floorRate = records / floorSeconds;
    const percent = (r: number) => `${Math.round((100 * r) / floorRate)}%`;
    console.log(
      `import ${dialect}: ${imported.toLocaleString("en-US")} records (${mb(bytes)} NDJSON); bare driver upsert of the same rows ${floorSeconds.toFixed(1)} s = ${rate(records, floorSeconds)}\n` +
        `  validated and written: ${writeSeconds.toFixed(1)} s = ${rate(imported, writeSeconds)}, ${percent(imported / writeSeconds)} of the floor (target ≥ 70%)\n` +
        `  the whole command, read model derived and process start included: ${run.seconds.toFixed(1)} s = ${rate(imported, run.seconds)}, ${percent(imported / run.seconds)} of the floor\n` +
        `  import peak RSS ${mb(run.peakRss)} (target ≤ 300 MB)${cpuLine}`,
    );
  } finally {
    await target.close();
    await floorDb.close();
  }
}

interface Timing {
  cold: number;
  warm: number;
}
/** Per endpoint pattern (team replaced by :team), the slowest team's cold and warm times. */
type Timings = Map<string, Timing>;

async function request(base: string, p: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}${p}`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  return performance.now() - started;
}

async function coldAndWarm(base: string, p: string): Promise<Timing> {
  const cold = await request(base, p);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await request(base, p));
  warm.sort((a, b) => a - b);
  return { cold, warm: warm[2] ?? 0 };
}

function teamPaths(team: string): string[] {
  const t = `/api/teams/${team}`;
  return [
    ...["dora", "ci", "oncall", "alerts", "signals", "ops-work", "maturity"].map((p) => `${t}/${p}`),
    ...SERIES_METRICS.map((m) => `${t}/series?metric=${m}`),
    ...RECORD_METRICS.map((m) => `${t}/records?metric=${m}&pageSize=50`),
  ];
}

/**
 * What the server logged about its main thread's event loop: the stalls it logged after `from`
 * (one line each, ≥ 50 ms) and the delay histogram's max and p99 over its life (logged at shutdown).
 */
function loopDelayOf(output: string, from: number): { loadStallMax: number; loadStalls: number; maxMs: number; p99Ms: number } {
  const stalls = [...output.slice(from).matchAll(/"heldMs":(\d+)/g)].map((m) => Number(m[1]));
  const summary = /"loopDelay":\{"maxMs":([\d.]+),"p99Ms":([\d.]+)/.exec(output);
  return {
    loadStallMax: Math.max(0, ...stalls),
    loadStalls: stalls.length,
    maxMs: Number(summary?.[1] ?? Number.NaN),
    p99Ms: Number(summary?.[2] ?? Number.NaN),
  };
}

async function benchScale(dialect: DialectName, scale: number, importFile: string): Promise<{ timings: Timings; load: LoadResult; rss: number | null }> {
  const database = await createTestDatabase(dialect);
  try {
    const demo = await runMeasured(["demo", "--scale", String(scale), "--seed", "1"], env(database.url));
    console.log(`  demo --scale ${scale} on ${dialect}: ${/demo org loaded: (\d+) records/.exec(demo.output)?.[1] ?? "?"} records, loaded and derived in ${demo.seconds.toFixed(1)} s (peak RSS ${mb(demo.peakRss)})`);
    const server = startMeasured(["serve"], { ...env(database.url), PORT: "0" });
    try {
      const base = (await server.waitFor(/listening on (http:\/\/[^\s"]+)/, 120_000))[1] ?? "";
      const teams = ((await (await fetch(`${base}/api/teams`)).json()) as { teams: { team: string }[] }).teams.map((t) => t.team);
      const timings: Timings = new Map();
      const keep = (pattern: string, t: Timing) => {
        const had = timings.get(pattern);
        timings.set(pattern, { cold: Math.max(had?.cold ?? 0, t.cold), warm: Math.max(had?.warm ?? 0, t.warm) });
      };
      const summary = await coldAndWarm(base, `/api/org/summary?${QUARTER}`);
      keep("/api/org/summary (a quarter)", summary);
      for (const team of teams) for (const p of teamPaths(team)) keep(p.replace(`/${team}/`, "/:team/"), await coldAndWarm(base, p));
      console.log(`  ${dialect} scale ${scale}: slowest team's cold / warm (median of 5) per endpoint, ${teams.length} teams:`);
      const width = Math.max(...[...timings.keys()].map((k) => k.length));
      for (const [p, t] of timings) console.log(`    ${p.padEnd(width)} ${ms(t.cold).padStart(8)} ${ms(t.warm).padStart(7)}`);

      // The load test, with an import writing into the same database the whole time.
      const importer = startMeasured(["import", importFile], env(database.url));
      const loadOutputFrom = server.output().length;
      const load = await loadTest(base, teams.flatMap(teamPaths), { clients, seconds: loadSeconds });
      const importStillRunning = importer.child.exitCode === null;
      await importer.stop();
      console.log(
        `  load ${dialect} scale ${scale}: ${clients} clients × ${loadSeconds} s over ${teams.length * teamPaths("x").length} endpoints, import ${importStillRunning ? "running throughout" : "finished during the test"}: ` +
          `${load.requests} requests (${load.perSecond.toFixed(0)}/s), ${load.errors} errors${load.errorSamples.length > 0 ? ` (${load.errorSamples.join("; ")})` : ""}, ` +
          `p50 ${ms(load.p50)}, p99 ${ms(load.p99)} (target ≤ 250 ms), max ${ms(load.max)}; /api/health worst of ${load.healthProbes} probes ${ms(load.healthMax)} (target ≤ 50 ms)`,
      );
      await server.stop();
      const loop = loopDelayOf(server.output(), loadOutputFrom);
      console.log(
        `  server main-thread event loop: held at most ${ms(loop.loadStallMax)} during the load (${loop.loadStalls} stalls ≥ 50 ms); over its life max ${ms(loop.maxMs)}, p99 ${ms(loop.p99Ms)}`,
      );
      console.log(`  server peak RSS ${mb(server.peakRss())} (target ≤ 400 MB at scale 50)`);
      return { timings, load, rss: server.peakRss() };
    } finally {
      await server.stop();
    }
  } finally {
    await database.close();
  }
}

try {
  const importFile = path.join(tmp, "import.ndjson");
  const { lines, bytes } = writeImportFile(importFile);
  console.log(`import file: demo --scale ${importScale} --seed 2 as NDJSON, ${lines.toLocaleString("en-US")} lines, ${mb(bytes)}`);
  for (const dialect of dialects) {
    if (process.env.BENCH_SKIP_IMPORT !== "1") await benchImport(dialect, importFile, bytes);
    const byScale = new Map<number, Timings>();
    for (const scale of scales) byScale.set(scale, (await benchScale(dialect, scale, importFile)).timings);
    const [small, large] = [Math.min(...scales), Math.max(...scales)];
    const a = byScale.get(small);
    const b = byScale.get(large);
    if (a !== undefined && b !== undefined && small !== large) {
      console.log(`  ${dialect}: scale ${large} / scale ${small} time, cold and warm (target ≤ 1.5):`);
      for (const [p, t] of b) {
        const s = a.get(p);
        if (s !== undefined) console.log(`    ${p.padEnd(48)} ${(t.cold / s.cold).toFixed(2).padStart(6)} ${(t.warm / s.warm).toFixed(2).padStart(6)}`);
      }
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
