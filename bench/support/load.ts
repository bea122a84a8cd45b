/**
 * A bounded load test against a server on loopback: `clients` keep-alive connections each sending
 * one request after another for `seconds`, over a list of paths in a seeded order, while a prober
 * on its own connection asks /api/health every 50 ms. Latencies, errors and the probe's worst
 * answer are returned; nothing is asserted.
 */
import http from "node:http";
import { Worker } from "node:worker_threads";

/** GET /api/health every 50 ms on one keep-alive connection; posts the worst latency and the count. */
const PROBER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const base = new URL(workerData.base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const end = performance.now() + workerData.seconds * 1000;
let max = 0, probes = 0;
const probe = () => new Promise((resolve) => {
  const started = performance.now();
  const req = http.get({ host: base.hostname, port: base.port, path: "/api/health", agent, timeout: 10000 }, (res) => {
    res.resume();
    res.once("end", () => resolve(performance.now() - started));
  });
  req.once("timeout", () => req.destroy());
  req.once("error", () => resolve(10000));
});
(async () => {
  while (performance.now() < end) {
    max = Math.max(max, await probe());
    probes++;
    await new Promise((r) => setTimeout(r, 50));
  }
  agent.destroy();
  parentPort.postMessage({ max, probes });
})();
`;

export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few errors, to say what went wrong. */
  errorSamples: string[];
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  healthProbes: number;
  healthMax: number;
}

function get(agent: http.Agent, base: URL, path: string, timeoutMs: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: base.hostname, port: base.port, path, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.once("error", reject);
    });
    req.once("timeout", () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.once("error", reject);
  });
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function loadTest(baseUrl: string, paths: readonly string[], options: { clients: number; seconds: number; seed?: number }): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const end = performance.now() + options.seconds * 1000;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let sent = 0;
  // A small LCG: every run asks for the same paths in the same order.
  let state = options.seed ?? 20261207;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return paths[state % paths.length] ?? "/api/health";
  };
  const client = async () => {
    while (performance.now() < end) {
      const path = next();
      sent++;
      try {
        const { status, ms } = await get(agent, base, path, 60_000);
        latencies.push(ms);
        if (status !== 200) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(`${status} ${path}`);
        }
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${(error as Error).message} ${path}`);
      }
    }
  };
  // The prober runs on its own thread: on the clients' event loop its answers would wait behind
  // a hundred clients' callbacks, and the bench would charge the server for its own delay.
  const prober = new Worker(PROBER, { eval: true, workerData: { base: baseUrl, seconds: options.seconds } });
  const probed = new Promise<{ max: number; probes: number }>((resolve, reject) => {
    prober.once("message", resolve);
    prober.once("error", reject);
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const health = await probed;
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: sent,
    errors,
    errorSamples,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    perSecond: latencies.length / elapsed,
    healthProbes: health.probes,
    healthMax: health.max,
  };
}
