/**
 * Threshold notifications as the rest of the code sees them, and the one place their rows become
 * these objects (the activity records have theirs in model.ts and rows.ts).
 */
import type { Selectable } from "kysely";
import type { EpochMs } from "./model.ts";
import type { NotificationDeliveriesTable, NotificationRunsTable, NotificationStatesTable, NotificationsTable } from "./schema.ts";

export type RuleState = "ok" | "pending" | "firing";

/** The state of one rule for one scope, as the last evaluation left it. */
export interface NotificationState {
  ruleId: string;
  scope: string;
  state: RuleState;
  /** Evaluations in a row the condition has held. */
  streak: number;
  value: number | null;
  count: number | null;
  threshold: number | null;
  reason: string;
  since: EpochMs;
  lastEvaluatedAt: EpochMs;
  lastNotifiedAt: EpochMs | null;
  version: number;
}

export type NotificationKind = "firing" | "resolved" | "reminder" | "weekly-digest" | "sprint-digest" | "test";

export interface NewNotification {
  id: string;
  dedupeKey: string;
  kind: NotificationKind;
  ruleId: string | null;
  scope: string | null;
  teamId: string | null;
  createdAt: EpochMs;
  title: string;
  /** The message as JSON text; its shape belongs to the server's notifications module. */
  message: string;
}

export type DeliveryStatus = "pending" | "sending" | "delivered" | "failed";

export interface Delivery {
  notificationId: string;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  claimedAt: EpochMs | null;
  deliveredAt: EpochMs | null;
  updatedAt: EpochMs;
}

export interface StoredNotification extends NewNotification {
  deliveries: Delivery[];
}

export interface NotificationRun {
  id: string;
  trigger: string;
  startedAt: EpochMs;
  finishedAt: EpochMs | null;
  scopes: number;
  fired: number;
  resolved: number;
  reminded: number;
  error: string | null;
}

const RULE_STATES: readonly RuleState[] = ["ok", "pending", "firing"];
const KINDS: readonly NotificationKind[] = ["firing", "resolved", "reminder", "weekly-digest", "sprint-digest", "test"];
const STATUSES: readonly DeliveryStatus[] = ["pending", "sending", "delivered", "failed"];

/** A value this code wrote, read back; anything else is a broken row and says so. */
function oneOf<T extends string>(list: readonly T[], value: string, what: string): T {
  const found = list.find((v) => v === value);
  if (found === undefined) throw new Error(`unknown ${what} "${value}" in the database`);
  return found;
}

export const stateFromRow = (r: Selectable<NotificationStatesTable>): NotificationState => ({
  ruleId: r.rule_id,
  scope: r.scope,
  state: oneOf(RULE_STATES, r.state, "rule state"),
  streak: Number(r.streak),
  value: r.value === null ? null : Number(r.value),
  count: r.count === null ? null : Number(r.count),
  threshold: r.threshold === null ? null : Number(r.threshold),
  reason: r.reason,
  since: Number(r.since),
  lastEvaluatedAt: Number(r.last_evaluated_at),
  lastNotifiedAt: r.last_notified_at === null ? null : Number(r.last_notified_at),
  version: Number(r.version),
});

export const notificationFromRow = (r: Selectable<NotificationsTable>): NewNotification => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  kind: oneOf(KINDS, r.kind, "notification kind"),
  ruleId: r.rule_id,
  scope: r.scope,
  teamId: r.team_id,
  createdAt: Number(r.created_at),
  title: r.title,
  message: r.message,
});

export const deliveryFromRow = (r: Selectable<NotificationDeliveriesTable>): Delivery => ({
  notificationId: r.notification_id,
  channel: r.channel,
  status: oneOf(STATUSES, r.status, "delivery status"),
  attempts: Number(r.attempts),
  lastError: r.last_error,
  claimedAt: r.claimed_at === null ? null : Number(r.claimed_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  updatedAt: Number(r.updated_at),
});

export const runFromRow = (r: Selectable<NotificationRunsTable>): NotificationRun => ({
  id: r.id,
  trigger: r.trigger,
  startedAt: Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  scopes: Number(r.scopes),
  fired: Number(r.fired),
  resolved: Number(r.resolved),
  reminded: Number(r.reminded),
  error: r.error,
});
