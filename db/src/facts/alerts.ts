/** The deriver's reads and writes of alert facts (`fact_alerts`): alerts are classified per key over time. */
import type { Db } from "../connection.ts";
import type { Alert, EpochMs } from "../model.ts";
import { alertFromRow } from "../rows.ts";
import { upsertRows } from "../writes/upsert.ts";
import type { AlertFact } from "./model.ts";
import { byKeys, type SourcedKey } from "./keys.ts";
import { alertFactFromRow, alertFactToRow } from "./rows.ts";

export async function getAlertsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<Alert[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("alerts").selectAll().where("id", "in", ids).execute())).map(alertFromRow);
}

export async function getAlertFactsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<AlertFact[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("fact_alerts").selectAll().where("id", "in", ids).execute())).map(alertFactFromRow);
}

/** A key's alerts created in [from, to], and the last one before `from` (the first's previous). */
export async function getAlertsOfKey(db: Db, key: string, from: EpochMs, to: EpochMs): Promise<{ previous: Alert | null; alerts: Alert[] }> {
  const [previous, rows] = await Promise.all([
    db.selectFrom("alerts").selectAll().where("key", "=", key).where("created_at", "<", from).orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst(),
    db.selectFrom("alerts").selectAll().where("key", "=", key).where("created_at", ">=", from).where("created_at", "<=", to).execute(),
  ]);
  return { previous: previous === undefined ? null : alertFromRow(previous), alerts: rows.map(alertFromRow) };
}

/** Replace a key's alert facts created in [from, to]. */
export async function replaceAlertFactsOfKey(db: Db, key: string, from: EpochMs, to: EpochMs, facts: readonly AlertFact[]): Promise<void> {
  await db.deleteFrom("fact_alerts").where("key", "=", key).where("created_at", ">=", from).where("created_at", "<=", to).execute();
  await upsertRows(db, "fact_alerts", ["source", "id"], facts.map(alertFactToRow));
}
