import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/** Who merged changes into some repos in [from, to), each (repo, author) once (team-size without committer rows). */
export async function getChangeAuthors(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<{ repo: string; author: string; bot: boolean }[]> {
  const rows = await inChunks(repos, (chunk) =>
    db.selectFrom("changes").select(["repo", "author", "bot"]).distinct().where("repo", "in", chunk).where("merged_at", ">=", from).where("merged_at", "<", to).execute(),
  );
  return rows.map((r) => ({ repo: r.repo, author: r.author, bot: r.bot === 1 }));
}
