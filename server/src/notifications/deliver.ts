/**
 * Sending what evaluations and digests decided: every pending delivery (and every one a dead
 * sender left half-done) is claimed, sent on its channel with retries and exponential backoff
 * (p-retry), each attempt bounded by a timeout, and its outcome recorded. Deliveries run side by
 * side, so a channel that hangs or fails holds up no other channel.
 */
import pRetry, { AbortError } from "p-retry";
import { claimDeliveries, recordDeliveryAttempt, settleDelivery, type ClaimedDelivery, type Db } from "@opsledger/db";
import type { NotificationsConfig } from "../config/notifications.ts";
import { PermanentDeliveryError, type Channel } from "./channels.ts";
import type { NotificationMessage } from "./message.ts";

export interface DeliveryDeps {
  db: Db;
  channels: ReadonlyMap<string, Channel>;
  policy: NotificationsConfig["delivery"];
  /** The clock of the delivery log (claims, leases, delivered at). */
  now: () => number;
  log: (line: string) => void;
}

export interface DeliveryOutcome {
  notificationId: string;
  title: string;
  channel: string;
  status: "delivered" | "failed";
  attempts: number;
  error: string | null;
}

/** A claim older than this is taken to belong to a sender that died: every attempt, its timeout and the longest backoff, with a margin. */
const leaseMs = (policy: DeliveryDeps["policy"]): number => policy.timeoutMs + policy.maxBackoffMs + 60_000;

export async function deliverPending(deps: DeliveryDeps, options: { notificationIds?: readonly string[] } = {}): Promise<DeliveryOutcome[]> {
  const claimed = await claimDeliveries(deps.db, { now: deps.now(), leaseMs: leaseMs(deps.policy), notificationIds: options.notificationIds });
  return Promise.all(claimed.map((c) => deliverOne(deps, c)));
}

async function deliverOne(deps: DeliveryDeps, { delivery, notification }: ClaimedDelivery): Promise<DeliveryOutcome> {
  const key = { notificationId: delivery.notificationId, channel: delivery.channel };
  const base = { notificationId: notification.id, title: notification.title, channel: delivery.channel };
  const channel = deps.channels.get(delivery.channel);
  let attempts = delivery.attempts;
  const settle = async (status: "delivered" | "failed", error: string | null): Promise<DeliveryOutcome> => {
    await settleDelivery(deps.db, key, { status, attempts, error, now: deps.now() });
    deps.log(`notification ${notification.id} on ${delivery.channel}: ${status}${error === null ? "" : ` (${error})`} after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}`);
    return { ...base, status, attempts, error };
  };
  if (channel === undefined) return settle("failed", `no channel "${delivery.channel}" in notifications.channels`);
  const message = JSON.parse(notification.message) as NotificationMessage;
  try {
    await pRetry(
      async () => {
        attempts += 1;
        try {
          await channel.send(message, { notificationId: notification.id, signal: AbortSignal.timeout(deps.policy.timeoutMs) });
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          // Retrying cannot fix these; p-retry stops at an AbortError without calling the hooks.
          if (error instanceof PermanentDeliveryError) throw new AbortError(text);
          throw new Error(text === "timed out" ? `timed out after ${deps.policy.timeoutMs} ms` : text);
        }
      },
      {
        retries: deps.policy.retries,
        factor: 2,
        minTimeout: deps.policy.minBackoffMs,
        maxTimeout: deps.policy.maxBackoffMs,
        onFailedAttempt: async ({ error }) => {
          await recordDeliveryAttempt(deps.db, key, attempts, error.message, deps.now());
        },
      },
    );
    return await settle("delivered", null);
  } catch (error) {
    return settle("failed", error instanceof Error ? error.message : String(error));
  }
}
