/**
 * Figures computed straight from generated ingest lines, by the definitions in DESIGN.md, so the
 * tests can check the demo's shape without a database or the metric module. Test support only.
 */
import type { IngestLine } from "../ingest/schema.ts";
import { MINUTE } from "./time.ts";

type Line<K extends IngestLine["kind"]> = Extract<IngestLine, { kind: K }>;

export function linesOf<K extends IngestLine["kind"]>(lines: readonly IngestLine[], kind: K): Line<K>[] {
  return lines.filter((l): l is Line<K> => l.kind === kind);
}

const ms = (s: string | null | undefined): number | null => (s ? Date.parse(s) : null);

export function team(lines: readonly IngestLine[], id: string): Line<"team"> {
  const found = linesOf(lines, "team").find((t) => t.id === id);
  if (!found) throw new Error(`no team ${id}`);
  return found;
}

/** Successful production deployments of the team's repositories finished in `[from, to)`. */
export function productionDeploys(lines: readonly IngestLine[], teamId: string, from: number, to: number): Line<"deployment">[] {
  const repos = new Set(team(lines, teamId).repos);
  return linesOf(lines, "deployment").filter((d) => {
    const at = Date.parse(d.finished_at);
    return repos.has(d.repo) && d.environment === "production" && d.status === "success" && at >= from && at < to;
  });
}

/** Lower median. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/** CI of the team's repositories finished in `[from, to)`: median minutes and failure rate. */
export function ciHealth(lines: readonly IngestLine[], teamId: string, from: number, to: number): { medianMinutes: number | null; failureRate: number } {
  const repos = new Set(team(lines, teamId).repos);
  const runs = linesOf(lines, "ci_run").filter((r) => repos.has(r.repo) && Date.parse(r.finished_at) >= from && Date.parse(r.finished_at) < to);
  const durations = runs.map((r) => (Date.parse(r.finished_at) - Date.parse(r.started_at)) / MINUTE);
  const failures = runs.filter((r) => r.status === "failure").length;
  const successes = runs.filter((r) => r.status === "success").length;
  return { medianMinutes: median(durations), failureRate: failures / Math.max(1, failures + successes) };
}
