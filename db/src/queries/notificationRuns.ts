import type { Db } from "../connection.ts";
import { runFromRow, type NotificationRun } from "../notificationModel.ts";

/** Record that an evaluation started (it is finished by `finishNotificationRun`). */
export async function startNotificationRun(db: Db, run: { id: string; trigger: string; startedAt: number }): Promise<void> {
  await db.insertInto("notification_runs").values({ id: run.id, trigger: run.trigger, started_at: run.startedAt, finished_at: null, scopes: 0, fired: 0, resolved: 0, reminded: 0, error: null }).execute();
}

export async function finishNotificationRun(
  db: Db,
  id: string,
  outcome: { finishedAt: number; scopes: number; fired: number; resolved: number; reminded: number; error: string | null },
): Promise<void> {
  await db
    .updateTable("notification_runs")
    .set({ finished_at: outcome.finishedAt, scopes: outcome.scopes, fired: outcome.fired, resolved: outcome.resolved, reminded: outcome.reminded, error: outcome.error })
    .where("id", "=", id)
    .execute();
}

/** The most recent evaluations, newest first. */
export async function getNotificationRuns(db: Db, limit: number): Promise<NotificationRun[]> {
  const rows = await db.selectFrom("notification_runs").selectAll().orderBy("started_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(runFromRow);
}
