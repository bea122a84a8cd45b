import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { PersonWeek } from "../facts/model.ts";
import { personWeekFromRow } from "../facts/rows.ts";
import { inChunks } from "./readHelpers.ts";

/** The weekly rollups of some people whose week starts in [from, to). */
export async function getPersonWeeks(db: Db, people: readonly string[], from: EpochMs, to: EpochMs): Promise<PersonWeek[]> {
  const rows = await inChunks(people, (chunk) =>
    db.selectFrom("rollup_person_week").selectAll().where("person", "in", chunk).where("week_start", ">=", from).where("week_start", "<", to).execute(),
  );
  return rows.map(personWeekFromRow);
}
