import type { Kysely } from "kysely";
import type { Db } from "../connection.ts";
import { deliveryFromRow, notificationFromRow, type NewNotification, type StoredNotification } from "../notificationModel.ts";
import type { Database } from "../schema.ts";

/**
 * Write a notification with one pending delivery per channel, in the caller's transaction.
 * Returns false when a notification with the same dedupe key exists (this digest was already
 * made, this transition already announced): then nothing is written.
 */
export async function insertNotificationIn(db: Kysely<Database>, n: NewNotification, channels: readonly string[], now: number): Promise<boolean> {
  const inserted = await db
    .insertInto("notifications")
    .values({
      id: n.id,
      dedupe_key: n.dedupeKey,
      kind: n.kind,
      rule_id: n.ruleId,
      scope: n.scope,
      team_id: n.teamId,
      created_at: n.createdAt,
      title: n.title,
      message: n.message,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  const unique = [...new Set(channels)];
  if (unique.length > 0) {
    await db
      .insertInto("notification_deliveries")
      .values(unique.map((channel) => ({ notification_id: n.id, channel, status: "pending", attempts: 0, last_error: null, claimed_at: null, delivered_at: null, updated_at: now })))
      .execute();
  }
  return true;
}

/** `insertNotificationIn` in a transaction of its own: a digest or a test message and its deliveries, or nothing. */
export async function insertNotification(db: Db, n: NewNotification, channels: readonly string[], now: number): Promise<boolean> {
  return db.transaction().execute((trx) => insertNotificationIn(trx, n, channels, now));
}

export interface NotificationHistoryQuery {
  page: number;
  pageSize: number;
  ruleId?: string;
}

/** Notifications newest first, each with its deliveries, a page at a time. */
export async function getNotificationHistory(db: Db, query: NotificationHistoryQuery): Promise<{ total: number; items: StoredNotification[] }> {
  let base = db.selectFrom("notifications");
  if (query.ruleId !== undefined) base = base.where("rule_id", "=", query.ruleId);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), items: await withDeliveries(db, rows.map(notificationFromRow)) };
}

/** Notifications by id with their deliveries (the order of `ids`; unknown ids left out). */
export async function getNotifications(db: Db, ids: readonly string[]): Promise<StoredNotification[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("notifications").selectAll().where("id", "in", [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, notificationFromRow(r)]));
  return withDeliveries(db, ids.flatMap((id) => byId.get(id) ?? []));
}

async function withDeliveries(db: Db, notifications: ReturnType<typeof notificationFromRow>[]): Promise<StoredNotification[]> {
  if (notifications.length === 0) return [];
  const rows = await db
    .selectFrom("notification_deliveries")
    .selectAll()
    .where(
      "notification_id",
      "in",
      notifications.map((n) => n.id),
    )
    .orderBy("channel")
    .execute();
  const byNotification = new Map<string, ReturnType<typeof deliveryFromRow>[]>();
  for (const row of rows) {
    const list = byNotification.get(row.notification_id) ?? [];
    list.push(deliveryFromRow(row));
    byNotification.set(row.notification_id, list);
  }
  return notifications.map((n) => ({ ...n, deliveries: byNotification.get(n.id) ?? [] }));
}
