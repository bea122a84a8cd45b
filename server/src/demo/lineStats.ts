/**
 * Figures computed straight from generated ingest lines, by the definitions in DESIGN.md, so the
 * tests can check the demo's shape without a database or the metric module. Test support only.
 */
import type { IngestLine } from "../ingest/schema.ts";
import { HOUR, MINUTE, WEEK } from "./time.ts";

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

/**
 * Ops time share of the team's on-call members over `[from, to)` (DESIGN.md "Ops time share"):
 * engaged minutes (union of acknowledged → resolved spans, each capped at 4 h) plus 23 minutes per
 * interruption (sms, phone, push; same-person pages within 60 s count once), over 40 h a week.
 */
export function opsShare(lines: readonly IngestLine[], teamId: string, from: number, to: number): number {
  const members = new Set(team(lines, teamId).members);
  const onCall = new Set(
    linesOf(lines, "oncall_shift")
      .filter((s) => members.has(s.person) && Date.parse(s.start) < to && Date.parse(s.end) > from)
      .map((s) => s.person),
  );
  if (onCall.size === 0) return 0;
  const resolved = new Map(linesOf(lines, "incident").map((i) => [i.id, ms(i.resolved_at)]));
  let minutes = 0;
  for (const person of onCall) {
    const spans = linesOf(lines, "acknowledgement")
      .filter((a) => a.person === person)
      .map((a) => {
        const at = Date.parse(a.at);
        const end = Math.min(resolved.get(a.incident_id) ?? to, at + 4 * HOUR);
        return [Math.max(at, from), Math.min(end, to)] as const;
      })
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]);
    let engaged = 0;
    let reach = -Infinity;
    for (const [s, e] of spans) {
      if (e <= reach) continue;
      engaged += e - Math.max(s, reach);
      reach = e;
    }
    const pages = linesOf(lines, "page")
      .filter((p) => p.person === person && p.channel !== "email" && Date.parse(p.at) >= from && Date.parse(p.at) < to)
      .map((p) => Date.parse(p.at))
      .sort((a, b) => a - b);
    let interruptions = 0;
    let last = -Infinity;
    for (const at of pages) {
      if (at - last > MINUTE) interruptions += 1;
      last = at;
    }
    minutes += engaged / MINUTE + 23 * interruptions;
  }
  return minutes / (onCall.size * 40 * 60 * ((to - from) / WEEK));
}
