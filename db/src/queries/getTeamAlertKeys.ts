import type { Db } from "../connection.ts";
import type { Team } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/**
 * The distinct keys of alerts on the team's services created in [from, to), sorted: which keys
 * fired before a window (new vs recurring) without reading those alerts themselves.
 */
export async function getTeamAlertKeys(db: Db, team: Pick<Team, "services">, window: { from: number; to: number }): Promise<string[]> {
  const rows = await inChunks(team.services, (chunk) =>
    db.selectFrom("alerts").select("key").distinct().where("service", "in", chunk).where("created_at", ">=", window.from).where("created_at", "<", window.to).execute(),
  );
  return [...new Set(rows.map((r) => r.key))].sort();
}
