import { sql } from "kysely";
import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/** A person's interruptions over a span, by band. */
export interface PersonPages {
  person: string;
  business: number;
  offHours: number;
  sleep: number;
}

/** Each period's table and the column its rows start at. */
const PERIODS = {
  week: { table: "rollup_person_week", start: "week_start" },
  day: { table: "rollup_person_day", start: "day_start" },
} as const;

/**
 * Per person, the interruptions by band of the weeks (or UTC days) starting in [from, to), summed
 * in SQL from the person rollups: who was paged, without reading their ledger columns.
 */
export async function getPeoplePages(db: Db, people: readonly string[], period: "week" | "day", from: EpochMs, to: EpochMs): Promise<PersonPages[]> {
  const { table, start } = PERIODS[period];
  const rows = await inChunks(people, (chunk) =>
    db
      .selectFrom(table)
      .select(["person", sql<number>`sum(business)`.as("business"), sql<number>`sum(off_hours)`.as("off_hours"), sql<number>`sum(sleep)`.as("sleep")])
      .where("person", "in", chunk)
      .where(sql.ref(start), ">=", from)
      .where(sql.ref(start), "<", to)
      .groupBy("person")
      .execute(),
  );
  return rows.map((r) => ({ person: r.person, business: Number(r.business), offHours: Number(r.off_hours), sleep: Number(r.sleep) }));
}

/** Per person, the interruptions (counted pages) with `at` in [from, to) by band, counted in SQL from their facts: a window's part-days. */
export async function getPeoplePagesOfFacts(db: Db, people: readonly string[], from: EpochMs, to: EpochMs): Promise<PersonPages[]> {
  const rows = await inChunks(people, (chunk) =>
    db
      .selectFrom("fact_interruptions")
      .select(["person", "band", sql<number>`count(*)`.as("n")])
      .where("person", "in", chunk)
      .where("counted", "=", 1)
      .where("at", ">=", from)
      .where("at", "<", to)
      .groupBy(["person", "band"])
      .execute(),
  );
  return rows.map((r) => ({
    person: r.person,
    business: r.band === "business" ? Number(r.n) : 0,
    offHours: r.band === "offHours" ? Number(r.n) : 0,
    sleep: r.band === "business" || r.band === "offHours" ? 0 : Number(r.n),
  }));
}
