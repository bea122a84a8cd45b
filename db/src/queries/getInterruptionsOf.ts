import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { InterruptionFact } from "../facts/model.ts";
import { interruptionFactFromRow } from "../facts/rows.ts";
import { inChunks } from "./readHelpers.ts";

/** Interruptions (counted pages) of some people in [from, to). */
export async function getInterruptionsOf(db: Db, people: readonly string[], from: EpochMs, to: EpochMs): Promise<InterruptionFact[]> {
  const rows = await inChunks(people, (chunk) =>
    db.selectFrom("fact_interruptions").selectAll().where("person", "in", chunk).where("counted", "=", 1).where("at", ">=", from).where("at", "<", to).execute(),
  );
  return rows.map(interruptionFactFromRow);
}
