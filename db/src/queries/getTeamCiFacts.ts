import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { CiRunFact } from "../facts/model.ts";
import { ciRunFactFromRow } from "../facts/rows.ts";
import { inChunks } from "./readHelpers.ts";

/** CI run facts of some repos started in [from, to). */
export async function getTeamCiFacts(db: Db, repos: readonly string[], from: EpochMs, to: EpochMs): Promise<CiRunFact[]> {
  const rows = await inChunks(repos, (chunk) => db.selectFrom("fact_ci_runs").selectAll().where("repo", "in", chunk).where("started_at", ">=", from).where("started_at", "<", to).execute());
  return rows.map(ciRunFactFromRow);
}
