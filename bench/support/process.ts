/**
 * The real `opsledger` binary as a benchmarked child process: the tests' process helper, plus the
 * process's peak RSS (every thread counts), read from what ./peakRss.mjs writes at exit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startOpsledger, type RunningProcess } from "../../server/src/testing/processes.ts";

const PRELOAD = path.resolve(import.meta.dirname, "peakRss.mjs");
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface MeasuredProcess extends RunningProcess {
  /** Peak RSS in bytes; known once the process has exited. */
  peakRss(): number | null;
}

export function startMeasured(args: string[], env: Record<string, string>): MeasuredProcess {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-rss-")), "rss");
  const running = startOpsledger(args, { ...env, NODE_OPTIONS: `--import=${PRELOAD}`, BENCH_RSS_FILE: rssFile }, ROOT);
  return {
    ...running,
    peakRss: () => (fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, "utf8")) : null),
  };
}

/** Run a command to its end; its seconds, peak RSS and output. Throws on a non-zero exit. */
export async function runMeasured(args: string[], env: Record<string, string>): Promise<{ seconds: number; peakRss: number | null; output: string }> {
  const started = performance.now();
  const p = startMeasured(args, env);
  const code = await new Promise<number | null>((resolve) => {
    if (p.child.exitCode !== null) resolve(p.child.exitCode);
    else p.child.once("exit", (c) => resolve(c));
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`opsledger ${args.join(" ")} exited ${code}:\n${p.output().slice(-4000)}`);
  return { seconds, peakRss: p.peakRss(), output: p.output() };
}

export const mb = (bytes: number | null): string => (bytes === null ? "n/a" : `${Math.round(bytes / 1024 / 1024)} MB`);
