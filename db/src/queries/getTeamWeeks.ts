import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { TeamWeek } from "../facts/model.ts";
import { teamWeekFromRow } from "../facts/rows.ts";

/** A team's weekly rollups whose week starts in [from, to), by week. */
export async function getTeamWeeks(db: Db, teamId: string, from: EpochMs, to: EpochMs): Promise<Map<EpochMs, TeamWeek>> {
  const rows = await db.selectFrom("rollup_team_week").selectAll().where("team_id", "=", teamId).where("week_start", ">=", from).where("week_start", "<", to).execute();
  return new Map(rows.map((r) => [r.week_start, teamWeekFromRow(r)]));
}
