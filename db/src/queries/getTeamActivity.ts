import type { Db } from "../connection.ts";
import type { Alert, CiRun, Committer, Incident, Team } from "../model.ts";
import { getTeamAlerts } from "./getTeamAlerts.ts";
import { getTeamCiRuns } from "./getTeamCiRuns.ts";
import { getTeamCommitters } from "./getTeamCommitters.ts";
import { getTeamDelivery, type TeamDelivery } from "./getTeamDelivery.ts";
import { getTeamOncall, type TeamOncall } from "./getTeamOncall.ts";
import { byTime, sourceKey, type ActivityWindow } from "./readHelpers.ts";

/** Everything about one team in a window: what the signals and the org summary need. */
export interface TeamActivity extends Omit<TeamDelivery, "incidents">, Omit<TeamOncall, "incidents"> {
  team: Team;
  ciRuns: CiRun[];
  alerts: Alert[];
  committers: Committer[];
  /** The incidents of `getTeamDelivery` and `getTeamOncall`, once each. */
  incidents: Incident[];
}

/** All of a team's rows for a window (see each part's query for its exact span). */
export async function getTeamActivity(db: Db, team: Team, window: ActivityWindow): Promise<TeamActivity> {
  const [delivery, oncall, ciRuns, alerts, committers] = await Promise.all([
    getTeamDelivery(db, team, window),
    getTeamOncall(db, team, window),
    getTeamCiRuns(db, team, window),
    getTeamAlerts(db, team, window),
    getTeamCommitters(db, team, window),
  ]);
  const incidents = new Map<string, Incident>();
  for (const i of [...delivery.incidents, ...oncall.incidents]) incidents.set(sourceKey(i.source, i.id), i);
  return {
    team,
    ...delivery,
    ...oncall,
    ciRuns,
    alerts,
    committers,
    incidents: [...incidents.values()].sort(byTime((i) => i.createdAt, (i) => i.source, (i) => i.id)),
  };
}
