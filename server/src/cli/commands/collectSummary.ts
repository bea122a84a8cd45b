/**
 * The contract's summary and plan as lines, the same for every source: what was written per
 * stream, what it cost (requests, retries, rate-limit waits), what was skipped and why, warnings
 * and failed streams. Vendor commands add their own lines around these.
 */
import type { CollectPlan, CollectSummary } from "@opsledger/collectors";
import { skippedLines } from "../progress.ts";

/** `--since`: a date YYYY-MM-DD (UTC midnight) or an ISO-8601 instant; null when it is neither. */
export function parseSince(value: string): number | null {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/**
 * The flags every `collect` command shares: `--since` and the repeatable scope flag (`--repo`,
 * `--project`). A refusal says what to fix.
 */
export function parseCollectFlags(
  options: { since?: string; only?: string[] },
  scope: { flag: string; form: string; pattern: RegExp },
): { since: number | null; only: string[] } | { error: string } {
  let since: number | null = null;
  if (options.since !== undefined) {
    since = parseSince(options.since);
    if (since === null) return { error: `--since must be a date YYYY-MM-DD or an ISO-8601 instant (got "${options.since}")` };
  }
  const only = options.only ?? [];
  const bad = only.filter((s) => !scope.pattern.test(s));
  if (bad.length > 0) return { error: `${scope.flag} must be ${scope.form} (got ${bad.map((b) => `"${b}"`).join(", ")})` };
  return { since, only };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatCollectSummary(s: CollectSummary, options: { unit?: [string, string]; requests?: string } = {}): string[] {
  const [one, many] = options.unit ?? ["scope", "scopes"];
  const lines = [
    `${s.source}: ${s.ok ? "done" : "finished with errors"}: ${s.scopes.length} ${s.scopes.length === 1 ? one : many} in ${seconds(s.durationMs)}`,
    `  records written: ${Object.entries(s.written).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`,
    `  requests: ${s.requests}${options.requests ? ` (${options.requests})` : ""}; retried: ${s.retries}; rate-limit waits: ${s.rateLimitWaits}${s.rateLimitWaits > 0 ? ` (${seconds(s.rateLimitWaitMs)})` : ""}`,
  ];
  lines.push(...skippedLines(s.skipped));
  if (s.warnings.length > 0) {
    lines.push("  warnings:");
    for (const w of s.warnings) lines.push(`    ${w}`);
  }
  for (const e of s.errors) lines.push(`  error in ${e.stream}${e.scope ? ` of ${e.scope}` : ""}: ${e.message}`);
  if (!s.ok) lines.push("  everything written before a failure is kept with its cursor; run the command again to continue");
  return lines;
}

export function formatCollectPlan(plan: CollectPlan): string[] {
  const lines = [`${plan.source} dry run: ${plan.scopes.length} scope(s), nothing written`];
  for (const scope of plan.scopes) {
    const streams = plan.streams.filter((s) => s.scope === scope);
    lines.push(`  ${scope}: ${streams.map((s) => `${s.stream} ${s.incremental ? "incremental" : "full"}${s.estimatedRequests === null ? "" : ` (~${s.estimatedRequests} requests)`}`).join(", ")}`);
  }
  if (plan.estimatedRequests !== null) lines.push(`  estimated: ~${plan.estimatedRequests} requests`);
  for (const note of plan.notes) lines.push(`  ${note}`);
  lines.push(`  the plan itself made ${plan.requestsMade} request(s)`);
  return lines;
}
