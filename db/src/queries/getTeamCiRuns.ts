import type { Db } from "../connection.ts";
import type { CiRun, Team } from "../model.ts";
import { ciRunFromRow } from "../rows.ts";
import { byTime, inChunks, type ActivityWindow } from "./readHelpers.ts";

/** CI runs of the team's repos started in [from − lookback, to), sorted by start. */
export async function getTeamCiRuns(db: Db, team: Pick<Team, "repos">, window: ActivityWindow): Promise<CiRun[]> {
  const rows = await inChunks(team.repos, (chunk) =>
    db
      .selectFrom("ci_runs")
      .selectAll()
      .where("repo", "in", chunk)
      .where("started_at", ">=", window.from - window.lookbackMs)
      .where("started_at", "<", window.to)
      .execute(),
  );
  return rows.map(ciRunFromRow).sort(byTime((r) => r.startedAt, (r) => r.source, (r) => r.id));
}
