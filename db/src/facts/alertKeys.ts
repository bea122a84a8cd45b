/**
 * The deriver's writes and the read model's reads of alerts per service, key and period
 * (`rollup_alert_key_week`, `rollup_alert_key_day`), and the per-key counts of a window's
 * part-days from the alert facts themselves.
 */
import { sql } from "kysely";
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { upsertRows } from "../writes/upsert.ts";
import type { AlertFact, AlertKeyCount, AlertKeyPeriod } from "./model.ts";
import { alertFactFromRow } from "./rows.ts";
import { decodeSorted, encodeSorted } from "./weekValues.ts";

/** A row of either table from a key period. */
const periodRow = (p: AlertKeyPeriod) => ({
  service: p.service,
  key: p.key,
  alerts: p.alerts,
  noise: p.noise,
  acknowledged: p.acknowledged,
  self_cleared: p.selfCleared,
  last_at: p.lastAt,
  last_id: p.lastId,
  refire_gaps: encodeSorted(p.refireGaps),
  self_cleared_open: encodeSorted(p.selfClearedOpen),
  times: encodeSorted(p.times),
});

/** Replace a key's rows with week_start (and day_start) in [from, to). */
export async function replaceAlertKeyPeriods(db: Db, key: string, from: EpochMs, to: EpochMs, weeks: readonly AlertKeyPeriod[], days: readonly AlertKeyPeriod[]): Promise<void> {
  await db.deleteFrom("rollup_alert_key_week").where("key", "=", key).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await db.deleteFrom("rollup_alert_key_day").where("key", "=", key).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(db, "rollup_alert_key_week", ["service", "week_start", "key"], weeks.map((w) => ({ ...periodRow(w), week_start: w.periodStart })));
  await upsertRows(db, "rollup_alert_key_day", ["service", "day_start", "key"], days.map((d) => ({ ...periodRow(d), day_start: d.periodStart })));
}

/** Each period's table and the column its rows start at. */
const PERIODS = {
  week: { table: "rollup_alert_key_week", start: "week_start" },
  day: { table: "rollup_alert_key_day", start: "day_start" },
} as const;

/** The rows of some keys on some services with week_start (or day_start) in [from, to): the few keys a figure shows in detail. */
export async function getAlertKeyPeriods(db: Db, services: readonly string[], keys: readonly string[], period: "week" | "day", from: EpochMs, to: EpochMs): Promise<AlertKeyPeriod[]> {
  if (keys.length === 0) return [];
  const { table, start } = PERIODS[period];
  const rows = await inChunks(services, (chunk) =>
    db
      .selectFrom(table)
      .selectAll()
      .select(sql.ref<EpochMs>(start).as("start"))
      .where("service", "in", chunk)
      .where(sql.ref(start), ">=", from)
      .where(sql.ref(start), "<", to)
      .where("key", "in", [...keys])
      .execute(),
  );
  return rows.map((r) => ({
    service: r.service,
    key: r.key,
    periodStart: Number(r.start),
    alerts: Number(r.alerts),
    noise: Number(r.noise),
    acknowledged: Number(r.acknowledged),
    selfCleared: Number(r.self_cleared),
    lastAt: Number(r.last_at),
    lastId: r.last_id,
    refireGaps: decodeSorted(r.refire_gaps),
    selfClearedOpen: decodeSorted(r.self_cleared_open),
    times: decodeSorted(r.times),
  }));
}

/** A key's alert facts created in [from, to): what its rollup rows are made of. */
export async function getAlertFactsOfKey(db: Db, key: string, from: EpochMs, to: EpochMs): Promise<AlertFact[]> {
  const rows = await db.selectFrom("fact_alerts").selectAll().where("key", "=", key).where("created_at", ">=", from).where("created_at", "<", to).execute();
  return rows.map(alertFactFromRow);
}

/** Per key, the alerts of some services in the weeks (or days) starting in [from, to), from the rollups. A key on several services comes once per chunk of services. */
export async function getAlertKeyCounts(db: Db, services: readonly string[], period: "week" | "day", from: EpochMs, to: EpochMs): Promise<AlertKeyCount[]> {
  const { table, start } = PERIODS[period];
  const rows = await inChunks(services, (chunk) =>
    db
      .selectFrom(table)
      .select(["key", sql<number>`sum(alerts)`.as("alerts"), sql<number>`sum(noise)`.as("noise")])
      .where("service", "in", chunk)
      .where(sql.ref(start), ">=", from)
      .where(sql.ref(start), "<", to)
      .groupBy("key")
      .execute(),
  );
  return rows.map((r) => ({ key: r.key, alerts: Number(r.alerts), noise: Number(r.noise) }));
}

/** Per key, the alerts of some services created in [from, to), counted from their facts (a window's part-days). */
export async function getAlertKeyCountsOfFacts(db: Db, services: readonly string[], from: EpochMs, to: EpochMs): Promise<AlertKeyCount[]> {
  const rows = await inChunks(services, (chunk) =>
    db
      .selectFrom("fact_alerts")
      .select(["key", sql<number>`count(*)`.as("alerts"), sql<number>`sum(case when noise_reason is null then 0 else 1 end)`.as("noise")])
      .where("service", "in", chunk)
      .where("created_at", ">=", from)
      .where("created_at", "<", to)
      .groupBy("key")
      .execute(),
  );
  return rows.map((r) => ({ key: r.key, alerts: Number(r.alerts), noise: Number(r.noise) }));
}

/** The alert facts of some keys on some services created in [from, to): the few keys a figure shows in detail. */
export async function getAlertFactsOfKeys(db: Db, services: readonly string[], keys: readonly string[], from: EpochMs, to: EpochMs): Promise<AlertFact[]> {
  if (keys.length === 0) return [];
  const rows = await inChunks(services, (chunk) =>
    db.selectFrom("fact_alerts").selectAll().where("key", "in", [...keys]).where("service", "in", chunk).where("created_at", ">=", from).where("created_at", "<", to).execute(),
  );
  return rows.map(alertFactFromRow);
}
