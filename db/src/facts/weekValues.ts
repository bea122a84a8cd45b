/**
 * The deriver's writes and the read model's reads of `rollup_team_week_values` and
 * `rollup_team_day_values`: per team, week (or UTC day) and measure, its values sorted ascending. Stored as text (base64 of little-endian
 * float64s) so backups carry it as they carry every column; decoding a week is one copy.
 */
import os from "node:os";
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { upsertRows } from "../writes/upsert.ts";

// Float64Array is in the machine's byte order; the stored order is little-endian.
if (os.endianness() !== "LE") throw new Error("opsledger's weekly value rollups need a little-endian machine");

export interface WeekValues {
  weekStart: EpochMs;
  measure: string;
  /** Ascending. */
  sorted: Float64Array;
}

export const encodeSorted = (values: Float64Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");

export function decodeSorted(text: string): Float64Array {
  const bytes = Buffer.from(text, "base64");
  // A copy into a fresh buffer: a Float64Array needs its offset aligned to 8 bytes.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The rows of some values: periods without values of a measure get none. */
const valueRows = (teamId: string, values: readonly WeekValues[]) =>
  values.filter((v) => v.sorted.length > 0).map((v) => ({ team_id: teamId, measure: v.measure, n: v.sorted.length, sorted: encodeSorted(v.sorted), start: v.weekStart }));

/** Replace a team's value rows with week_start in [from, to); weeks without values of a measure get no row. */
export async function replaceTeamWeekValues(db: Db, teamId: string, from: EpochMs, to: EpochMs, values: readonly WeekValues[]): Promise<void> {
  await db.deleteFrom("rollup_team_week_values").where("team_id", "=", teamId).where("week_start", ">=", from).where("week_start", "<", to).execute();
  await upsertRows(db, "rollup_team_week_values", ["team_id", "week_start", "measure"], valueRows(teamId, values).map(({ start, ...row }) => ({ ...row, week_start: start })));
}

/** Replace a team's day value rows with day_start in [from, to) (`weekStart` of each: the day's start). */
export async function replaceTeamDayValues(db: Db, teamId: string, from: EpochMs, to: EpochMs, values: readonly WeekValues[]): Promise<void> {
  await db.deleteFrom("rollup_team_day_values").where("team_id", "=", teamId).where("day_start", ">=", from).where("day_start", "<", to).execute();
  await upsertRows(db, "rollup_team_day_values", ["team_id", "day_start", "measure"], valueRows(teamId, values).map(({ start, ...row }) => ({ ...row, day_start: start })));
}

/** A team's sorted values of some measures, for weeks starting in [from, to). */
export async function getTeamWeekValues(db: Db, teamId: string, from: EpochMs, to: EpochMs, measures: readonly string[]): Promise<WeekValues[]> {
  if (measures.length === 0) return [];
  const rows = await db
    .selectFrom("rollup_team_week_values")
    .select(["week_start", "measure", "sorted"])
    .where("team_id", "=", teamId)
    .where("week_start", ">=", from)
    .where("week_start", "<", to)
    .where("measure", "in", measures)
    .execute();
  return rows.map((r) => ({ weekStart: Number(r.week_start), measure: r.measure, sorted: decodeSorted(r.sorted) }));
}

/** A team's sorted values of every measure, for days starting in [from, to) (`weekStart` of each: the day's start). */
export async function getTeamDayValues(db: Db, teamId: string, from: EpochMs, to: EpochMs): Promise<WeekValues[]> {
  const rows = await db.selectFrom("rollup_team_day_values").select(["day_start", "measure", "sorted"]).where("team_id", "=", teamId).where("day_start", ">=", from).where("day_start", "<", to).execute();
  return rows.map((r) => ({ weekStart: Number(r.day_start), measure: r.measure, sorted: decodeSorted(r.sorted) }));
}
