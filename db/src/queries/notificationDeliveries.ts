import type { Db } from "../connection.ts";
import { deliveryFromRow, notificationFromRow, type Delivery, type NewNotification } from "../notificationModel.ts";

export interface ClaimedDelivery {
  delivery: Delivery;
  notification: NewNotification;
}

/**
 * Take the deliveries waiting to be sent: pending ones, and ones a sender took more than
 * `leaseMs` ago without finishing (it died). Each is taken with a compare-and-set, so two senders
 * never take the same one. `notificationIds` limits the claim to those notifications.
 */
export async function claimDeliveries(db: Db, options: { now: number; leaseMs: number; notificationIds?: readonly string[]; limit?: number }): Promise<ClaimedDelivery[]> {
  const stale = options.now - options.leaseMs;
  let candidates = db
    .selectFrom("notification_deliveries")
    .selectAll()
    .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "sending"), eb("claimed_at", "<", stale)])]));
  if (options.notificationIds !== undefined) {
    if (options.notificationIds.length === 0) return [];
    candidates = candidates.where("notification_id", "in", [...options.notificationIds]);
  }
  const rows = await candidates.orderBy("updated_at").orderBy("notification_id").orderBy("channel").limit(options.limit ?? 500).execute();
  const claimed: Delivery[] = [];
  for (const row of rows) {
    const result = await db
      .updateTable("notification_deliveries")
      .set({ status: "sending", claimed_at: options.now, updated_at: options.now })
      .where("notification_id", "=", row.notification_id)
      .where("channel", "=", row.channel)
      .where("status", "=", row.status)
      .where("updated_at", "=", row.updated_at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) claimed.push({ ...deliveryFromRow(row), status: "sending", claimedAt: options.now, updatedAt: options.now });
  }
  if (claimed.length === 0) return [];
  const notifications = await db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "in", [...new Set(claimed.map((d) => d.notificationId))])
    .execute();
  const byId = new Map(notifications.map((n) => [n.id, notificationFromRow(n)]));
  return claimed.flatMap((delivery) => {
    const notification = byId.get(delivery.notificationId);
    return notification === undefined ? [] : [{ delivery, notification }];
  });
}

/** Note a failed attempt of a delivery still being retried: how many so far, and why the last one failed. */
export async function recordDeliveryAttempt(db: Db, key: { notificationId: string; channel: string }, attempts: number, error: string, now: number): Promise<void> {
  await db
    .updateTable("notification_deliveries")
    .set({ attempts, last_error: error, claimed_at: now, updated_at: now })
    .where("notification_id", "=", key.notificationId)
    .where("channel", "=", key.channel)
    .where("status", "=", "sending")
    .execute();
}

/** The end of a delivery: delivered (with when), or failed for good with the last error. */
export async function settleDelivery(
  db: Db,
  key: { notificationId: string; channel: string },
  outcome: { status: "delivered" | "failed"; attempts: number; error: string | null; now: number },
): Promise<void> {
  await db
    .updateTable("notification_deliveries")
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_error: outcome.error,
      delivered_at: outcome.status === "delivered" ? outcome.now : null,
      claimed_at: null,
      updated_at: outcome.now,
    })
    .where("notification_id", "=", key.notificationId)
    .where("channel", "=", key.channel)
    .execute();
}
