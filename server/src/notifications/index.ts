/**
 * Threshold notifications and digests for one process: the channels are built once from the
 * config and the environment, and every entry point — the scheduler's jobs, `opsledger notify`,
 * the API — goes through this object.
 */
import { randomUUID } from "node:crypto";
import { insertNotification, type Db } from "@opsledger/db";
import type { DigestConfig } from "../config/notifications.ts";
import type { Config } from "../config/schema.ts";
import type { Environment } from "../env.ts";
import { settingsFromConfig } from "../metrics/index.ts";
import { createChannels, type Channel } from "./channels.ts";
import { deliverPending, type DeliveryOutcome } from "./deliver.ts";
import { makeDigests, type DigestOutcome } from "./digests.ts";
import { evaluateRules, type EvaluationReport } from "./evaluate.ts";
import { testMessage } from "./message.ts";

export interface NotifierDeps {
  db: Db;
  config: Config;
  env: Pick<Environment, "channels">;
  /** The clock figures are read as of, and the delivery log's. */
  now: () => number;
  log: (line: string) => void;
  /** Replaces the channels built from config and environment (tests). */
  channels?: ReadonlyMap<string, Channel>;
  /** The clock of webhook signatures; default the system clock. */
  transportClock?: () => number;
}

export interface Notifier {
  /** Evaluate every rule; unless a dry run, record changes of state and send what they announce. */
  evaluate(options: { dryRun: boolean; trigger: string }): Promise<{ report: EvaluationReport; deliveries: DeliveryOutcome[] }>;
  /** Make a digest for its teams (once per period) and send it. */
  digest(digest: DigestConfig, options?: { dryRun?: boolean; teams?: readonly string[] }): Promise<{ outcomes: DigestOutcome[]; deliveries: DeliveryOutcome[] }>;
  /** Send a sample message on one channel, recorded like any other. */
  test(channel: string): Promise<DeliveryOutcome>;
  /** Send whatever is waiting (left by a crash, or by a sender that died). */
  deliverPending(): Promise<DeliveryOutcome[]>;
  close(): void;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const { db, config } = deps;
  const settings = settingsFromConfig(config);
  const policy = config.notifications.delivery;
  const channels = deps.channels ?? createChannels(config.notifications.channels, deps.env, { timeoutMs: policy.timeoutMs, clock: deps.transportClock });
  const delivery = { db, channels, policy, now: deps.now, log: deps.log };

  return {
    async evaluate(options) {
      const report = await evaluateRules({ db, config, settings, now: deps.now() }, options);
      // Everything pending goes out, not only this run's: a crash after an earlier run's decision is made good here.
      const deliveries = options.dryRun ? [] : await deliverPending(delivery);
      return { report, deliveries };
    },

    async digest(digest, options = {}) {
      const outcomes = await makeDigests({ db, config, settings, now: deps.now() }, digest, options);
      const ids = outcomes.flatMap((o) => (o.notificationId === null ? [] : [o.notificationId]));
      const deliveries = ids.length === 0 ? [] : await deliverPending(delivery, { notificationIds: ids });
      return { outcomes, deliveries };
    },

    async test(channel) {
      if (!channels.has(channel)) {
        const known = [...channels.keys()];
        throw new Error(`no channel "${channel}" in notifications.channels${known.length > 0 ? ` (configured: ${known.join(", ")})` : ": none is configured"}`);
      }
      const now = deps.now();
      const message = testMessage(channel, now, config.notifications.dashboardUrl);
      const id = randomUUID();
      await insertNotification(db, { id, dedupeKey: `test|${channel}|${id}`, kind: "test", ruleId: null, scope: null, teamId: null, createdAt: now, title: message.title, message: JSON.stringify(message) }, [channel], now);
      const [outcome] = await deliverPending(delivery, { notificationIds: [id] });
      if (outcome === undefined) throw new Error(`the test notification on ${channel} was taken by another sender`);
      return outcome;
    },

    deliverPending: () => deliverPending(delivery),

    close() {
      for (const channel of channels.values()) channel.close();
    },
  };
}

export type { EvaluationReport, ScopeEvaluation } from "./evaluate.ts";
export type { DeliveryOutcome } from "./deliver.ts";
export type { DigestOutcome } from "./digests.ts";
