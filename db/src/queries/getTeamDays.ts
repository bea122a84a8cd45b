import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { TeamWeek } from "../facts/model.ts";
import { teamDayFromRow } from "../facts/rows.ts";

/** A team's day rollups whose day starts in [from, to), in day order (each a TeamWeek whose `weekStart` is its day's start). */
export async function getTeamDays(db: Db, teamId: string, from: EpochMs, to: EpochMs): Promise<TeamWeek[]> {
  const rows = await db.selectFrom("rollup_team_day").selectAll().where("team_id", "=", teamId).where("day_start", ">=", from).where("day_start", "<", to).orderBy("day_start").execute();
  return rows.map(teamDayFromRow);
}
