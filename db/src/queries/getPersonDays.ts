import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import type { PersonWeek } from "../facts/model.ts";
import { personDayFromRow } from "../facts/rows.ts";
import { inChunks } from "./readHelpers.ts";

/** The day rollups of some people whose day starts in [from, to), in day order (each a PersonWeek whose `weekStart` is its day's start). */
export async function getPersonDays(db: Db, people: readonly string[], from: EpochMs, to: EpochMs): Promise<PersonWeek[]> {
  const rows = await inChunks(people, (chunk) =>
    db.selectFrom("rollup_person_day").selectAll().where("person", "in", chunk).where("day_start", ">=", from).where("day_start", "<", to).orderBy("day_start").execute(),
  );
  return rows.map(personDayFromRow).sort((a, b) => a.weekStart - b.weekStart);
}
