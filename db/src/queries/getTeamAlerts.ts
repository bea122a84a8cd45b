import type { Db } from "../connection.ts";
import type { Alert, Team } from "../model.ts";
import { alertFromRow } from "../rows.ts";
import { byTime, inChunks, type ActivityWindow } from "./readHelpers.ts";

/**
 * Alerts of the team's services created in [from − lookback, to), sorted by creation: the
 * earlier ones tell repeats from first alerts (getTeamAlertKeys tells recurring keys).
 */
export async function getTeamAlerts(db: Db, team: Pick<Team, "services">, window: ActivityWindow): Promise<Alert[]> {
  const rows = await inChunks(team.services, (chunk) =>
    db
      .selectFrom("alerts")
      .selectAll()
      .where("service", "in", chunk)
      .where("created_at", ">=", window.from - window.lookbackMs)
      .where("created_at", "<", window.to)
      .execute(),
  );
  return rows.map(alertFromRow).sort(byTime((a) => a.createdAt, (a) => a.source, (a) => a.id));
}
