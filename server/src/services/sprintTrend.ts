/**
 * The sprint review's trend over the last sprints (issue 13): each sprint read by the functions
 * its own page reads it with (teamAlertQuality, teamTimeToAcknowledge), so every figure equals the
 * single-sprint endpoints' to the digit, and the noisy keys' history from the alert facts.
 */
import { getAlertKeysFirstSeen, getTeamAlertFacts, type Db, type Team } from "@opsledger/db";
import { sprintTrendFrom, type SprintStatus, type SprintTrend, type Window } from "../metrics/index.ts";
import { WindowReads, teamAlertQuality, teamTimeToAcknowledge } from "./teamWindow.ts";

/** A sprint to read: its number, whole window, what has happened of it, and its status. */
export interface SprintSpan {
  sprint: number;
  window: Window;
  range: Window;
  status: SprintStatus;
}

/** The trend over `sprints`, oldest first; the last is the sprint under review. */
export async function teamSprintTrend(db: Db, team: Team, sprints: readonly SprintSpan[]): Promise<SprintTrend> {
  const reads = new WindowReads(db);
  const read = await Promise.all(
    sprints.map(async (s) => {
      const [quality, timeToAcknowledge] = await Promise.all([teamAlertQuality(reads, team, s.range), teamTimeToAcknowledge(reads, team, s.range)]);
      return { ...s, quality, timeToAcknowledge };
    }),
  );
  const keys = read[read.length - 1]?.quality.topNoisyKeys.map((k) => k.key) ?? [];
  const from = Math.min(...sprints.map((s) => s.range.from));
  const to = Math.max(...sprints.map((s) => s.range.to));
  const [alerts, firstSeen] = keys.length === 0 ? [[], new Map<string, number>()] : await Promise.all([getTeamAlertFacts(db, team.services, from, to), getAlertKeysFirstSeen(db, team.services, keys)]);
  return sprintTrendFrom(read, alerts, firstSeen);
}
