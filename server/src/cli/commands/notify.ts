/**
 * `opsledger notify test --channel NAME`, `opsledger notify evaluate [--dry-run]` and
 * `opsledger notify digest ID [--team T] [--dry-run]`: send a sample, show what would fire now
 * and why (or make it so), preview or send a digest.
 */
import { digestId } from "../../notifications/digests.ts";
import { createNotifier, type DeliveryOutcome, type EvaluationReport, type NotifierDeps } from "../../notifications/index.ts";
import { renderText } from "../../notifications/render.ts";
import type { CliContext } from "../context.ts";

export interface NotifyDeps {
  print?: (line: string) => void;
  /** Channels to use instead of those built from config and environment (tests). */
  channels?: NotifierDeps["channels"];
}

const notifierFor = (ctx: CliContext, deps: NotifyDeps) =>
  createNotifier({ db: ctx.connection.db, config: ctx.config, env: ctx.env, now: ctx.env.now, log: () => {}, channels: deps.channels });

const STATE_WORDS = { ok: "ok", pending: "pending", firing: "FIRING" } as const;

/** The evaluation as lines: one per rule and scope with its state (and change) and the reason. */
export function formatEvaluation(report: EvaluationReport): string[] {
  const lines = [`${report.dryRun ? "dry run: nothing recorded or sent; " : ""}rules evaluated as of ${new Date(report.at).toISOString()}`];
  let rule = "";
  for (const s of report.scopes) {
    if (s.ruleId !== rule) {
      rule = s.ruleId;
      lines.push(`${rule}:`);
    }
    const before = s.before === null ? "new" : STATE_WORDS[s.before];
    const after = STATE_WORDS[s.after];
    const change = before === after ? after : `${before} → ${after}`;
    const event = s.event === null ? "" : !report.dryRun && !s.applied ? ` (${s.event}: already announced by another process)` : ` (${report.dryRun ? "would send" : "sends"} ${s.event})`;
    lines.push(`  ${s.scopeLabel}: ${change}${event} — ${s.verdict.reason}`);
  }
  if (report.scopes.length === 0) lines.push("  no rule has a scope to evaluate (no teams yet?)");
  for (const problem of report.problems) lines.push(`problem: ${problem}`);
  return lines;
}

export const formatDelivery = (d: DeliveryOutcome): string =>
  `${d.channel}: ${d.status} after ${d.attempts} ${d.attempts === 1 ? "attempt" : "attempts"}${d.error === null ? "" : ` (${d.error})`} — ${d.title}`;

export async function notifyTest(ctx: CliContext, options: { channel: string }, deps: NotifyDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const notifier = notifierFor(ctx, deps);
  try {
    const outcome = await notifier.test(options.channel);
    print(formatDelivery(outcome));
    return outcome.status === "delivered" ? 0 : 1;
  } catch (error) {
    ctx.log((error as Error).message);
    return 1;
  } finally {
    notifier.close();
  }
}

export async function notifyEvaluate(ctx: CliContext, options: { dryRun?: boolean }, deps: NotifyDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const notifier = notifierFor(ctx, deps);
  try {
    const { report, deliveries } = await notifier.evaluate({ dryRun: options.dryRun === true, trigger: "cli" });
    for (const line of formatEvaluation(report)) print(line);
    if (deliveries.length > 0) print("deliveries:");
    for (const d of deliveries) print(`  ${formatDelivery(d)}`);
    return deliveries.some((d) => d.status === "failed") ? 1 : 0;
  } finally {
    notifier.close();
  }
}

export async function notifyDigest(ctx: CliContext, options: { digest: string; team?: string[]; dryRun?: boolean }, deps: NotifyDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  const digest = ctx.config.notifications.digests.find((d) => digestId(d) === options.digest);
  if (digest === undefined) {
    const known = ctx.config.notifications.digests.map(digestId);
    ctx.log(`no digest "${options.digest}" in notifications.digests${known.length > 0 ? ` (configured: ${known.join(", ")})` : ": none is configured"}`);
    return 1;
  }
  const notifier = notifierFor(ctx, deps);
  try {
    const teams = options.team !== undefined && options.team.length > 0 ? options.team : undefined;
    const { outcomes, deliveries } = await notifier.digest(digest, { dryRun: options.dryRun === true, teams });
    for (const o of outcomes) {
      if (options.dryRun === true && o.message !== null) print(renderText(o.message));
      else print(`${o.digest} for ${o.team}: ${o.note}`);
    }
    for (const d of deliveries) print(`  ${formatDelivery(d)}`);
    return deliveries.some((d) => d.status === "failed") ? 1 : 0;
  } finally {
    notifier.close();
  }
}
