import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { TeamLedger } from "../facts/model.ts";
import { TEAM_LEDGER_COLUMNS, teamLedgerDayFromRow, teamLedgerFromRow } from "../facts/rows.ts";

/** A team's ledger weeks whose week starts in [from, to), in week order (weeks without anything have no row). */
export async function getTeamLedgerWeeks(db: Db, teamId: string, from: EpochMs, to: EpochMs): Promise<TeamLedger[]> {
  const rows = await db
    .selectFrom("rollup_team_ledger_week")
    .select(["week_start", ...TEAM_LEDGER_COLUMNS])
    .where("team_id", "=", teamId)
    .where("week_start", ">=", from)
    .where("week_start", "<", to)
    .orderBy("week_start")
    .execute();
  return rows.map(teamLedgerFromRow);
}

/** A team's ledger days whose day starts in [from, to), in day order (each a TeamLedger whose `weekStart` is its day's start). */
export async function getTeamLedgerDays(db: Db, teamId: string, from: EpochMs, to: EpochMs): Promise<TeamLedger[]> {
  const rows = await db
    .selectFrom("rollup_team_ledger_day")
    .select(["day_start", ...TEAM_LEDGER_COLUMNS])
    .where("team_id", "=", teamId)
    .where("day_start", ">=", from)
    .where("day_start", "<", to)
    .orderBy("day_start")
    .execute();
  return rows.map(teamLedgerDayFromRow);
}
