import { sql } from "kysely";
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { TeamLedger } from "../facts/model.ts";
import { TEAM_LEDGER_COLUMNS, teamLedgerFromRow } from "../facts/rows.ts";

/** Each period's table and the column its rows start at. */
const PERIODS = {
  week: { table: "rollup_team_ledger_week", start: "week_start" },
  day: { table: "rollup_team_ledger_day", start: "day_start" },
} as const;

/**
 * A team's ledger weeks (or UTC days, each a TeamLedger whose `weekStart` is its day's start)
 * starting in [from, to), in time order; a period without anything has no row.
 */
export async function getTeamLedger(db: Db, teamId: string, period: "week" | "day", from: EpochMs, to: EpochMs): Promise<TeamLedger[]> {
  const { table, start } = PERIODS[period];
  const rows = await db
    .selectFrom(table)
    .select([sql.ref<EpochMs>(start).as("week_start"), ...TEAM_LEDGER_COLUMNS])
    .where("team_id", "=", teamId)
    .where(sql.ref(start), ">=", from)
    .where(sql.ref(start), "<", to)
    .orderBy(sql.ref(start))
    .execute();
  return rows.map(teamLedgerFromRow);
}
