/**
 * What the metric routes share: the team lookup (404 for an unknown team) and ISO formatting of
 * instants in responses. The spans each query reaches beyond the requested window live with the
 * fetches, in services/teamMetrics.ts.
 */
import { getTeam, type Db, type Team } from "@opsledger/db";
import { notFound } from "../http/errors.ts";

export async function requireTeam(db: Db, id: string): Promise<Team> {
  const team = await getTeam(db, id);
  if (team === undefined) throw notFound(`no team "${id}"`);
  return team;
}

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const isoAt = (ms: number): string => new Date(ms).toISOString();
