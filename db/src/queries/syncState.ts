import type { Transaction } from "kysely";
import type { Db } from "../connection.ts";
import type { Database } from "../schema.ts";

export interface SyncKey {
  source: string;
  stream: string;
  scope: string;
}

/** A collector's stored cursor for one stream and scope, or null before the first sync. */
export async function getSyncCursor(db: Db | Transaction<Database>, key: SyncKey): Promise<string | null> {
  const row = await db
    .selectFrom("sync_state")
    .select("cursor")
    .where("source", "=", key.source)
    .where("stream", "=", key.stream)
    .where("scope", "=", key.scope)
    .executeTakeFirst();
  return row?.cursor ?? null;
}

/** Store a cursor; call it in the same transaction as the rows it covers, so a crash loses neither. */
export async function setSyncCursor(db: Db | Transaction<Database>, key: SyncKey, cursor: string, now = Date.now()): Promise<void> {
  await db
    .insertInto("sync_state")
    .values({ ...key, cursor, updated_at: now })
    .onConflict((oc) => oc.columns(["source", "stream", "scope"]).doUpdateSet({ cursor, updated_at: now }))
    .execute();
}

/**
 * Record a webhook delivery id; returns false when it was seen before (a replay), so the caller
 * skips it. Done in the caller's transaction with the rows the delivery writes.
 */
export async function recordWebhookDelivery(db: Db | Transaction<Database>, source: string, deliveryId: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .insertInto("webhook_deliveries")
    .values({ source, delivery_id: deliveryId, received_at: now })
    .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
