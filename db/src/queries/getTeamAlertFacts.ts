import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { AlertFact } from "../facts/model.ts";
import { alertFactFromRow } from "../facts/rows.ts";
import { inChunks } from "./readHelpers.ts";

/** Alert facts of some services created in [from, to). */
export async function getTeamAlertFacts(db: Db, services: readonly string[], from: EpochMs, to: EpochMs): Promise<AlertFact[]> {
  const rows = await inChunks(services, (chunk) => db.selectFrom("fact_alerts").selectAll().where("service", "in", chunk).where("created_at", ">=", from).where("created_at", "<", to).execute());
  return rows.map(alertFactFromRow);
}
