import type { Insertable, Transaction } from "kysely";
import type { Db } from "../connection.ts";
import { stateFromRow, type NewNotification, type NotificationState } from "../notificationModel.ts";
import type { Database, NotificationStatesTable } from "../schema.ts";
import { insertNotificationIn } from "./notifications.ts";

/** Every rule's state for every scope it was evaluated on. */
export async function getNotificationStates(db: Db): Promise<NotificationState[]> {
  const rows = await db.selectFrom("notification_states").selectAll().orderBy("rule_id").orderBy("scope").execute();
  return rows.map(stateFromRow);
}

export interface NotificationTransition {
  /** The state as it should be after this evaluation (its `version` is ignored). */
  next: Omit<NotificationState, "version">;
  /** The version the evaluation read, or null when there was no row yet. */
  expectedVersion: number | null;
  /** What to announce, and on which channels; written with the state or not at all. */
  notification: { notification: NewNotification; channels: readonly string[] } | null;
}

const stateRow = (s: Omit<NotificationState, "version">, version: number): Insertable<NotificationStatesTable> => ({
  rule_id: s.ruleId,
  scope: s.scope,
  state: s.state,
  streak: s.streak,
  value: s.value,
  count: s.count,
  threshold: s.threshold,
  reason: s.reason,
  since: s.since,
  last_evaluated_at: s.lastEvaluatedAt,
  last_notified_at: s.lastNotifiedAt,
  version,
});

/**
 * Move one (rule, scope) to its next state, with its notification and pending deliveries, in one
 * transaction — but only if nobody moved it since it was read (compare-and-set on `version`).
 * Returns false when another evaluation got there first: then nothing is written, so two
 * processes evaluating at once announce a transition once.
 */
export async function applyNotificationTransition(db: Db, transition: NotificationTransition): Promise<boolean> {
  return db.transaction().execute(async (trx) => applyIn(trx, transition));
}

async function applyIn(trx: Transaction<Database>, { next, expectedVersion, notification }: NotificationTransition): Promise<boolean> {
  if (expectedVersion === null) {
    const inserted = await trx
      .insertInto("notification_states")
      .values(stateRow(next, 1))
      .onConflict((oc) => oc.columns(["rule_id", "scope"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  } else {
    const { rule_id: _rule, scope: _scope, ...values } = stateRow(next, expectedVersion + 1);
    const updated = await trx
      .updateTable("notification_states")
      .set(values)
      .where("rule_id", "=", next.ruleId)
      .where("scope", "=", next.scope)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
  }
  if (notification !== null) await insertNotificationIn(trx, notification.notification, notification.channels, next.lastEvaluatedAt);
  return true;
}
