import type { Db } from "../connection.ts";
import type { Committer, Team } from "../model.ts";
import { committerFromRow } from "../rows.ts";
import { byTime, inChunks, type ActivityWindow } from "./readHelpers.ts";

/** Committers to the team's repos whose commits overlap [from − lookback, to), for the team-size signal. */
export async function getTeamCommitters(db: Db, team: Pick<Team, "repos">, window: ActivityWindow): Promise<Committer[]> {
  const rows = await inChunks(team.repos, (chunk) =>
    db
      .selectFrom("committers")
      .selectAll()
      .where("repo", "in", chunk)
      .where("last_commit_at", ">=", window.from - window.lookbackMs)
      .where("first_commit_at", "<", window.to)
      .execute(),
  );
  return rows.map(committerFromRow).sort(byTime((c) => c.firstCommitAt, (c) => c.source, (c) => c.repo, (c) => c.login));
}
