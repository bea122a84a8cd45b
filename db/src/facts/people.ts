/** The deriver's reads and writes of a person's facts: interruptions (`fact_interruptions`) and ledger items (`fact_ledger`). */
import type { Db } from "../connection.ts";
import type { Acknowledgement, EpochMs, OncallShift, Page } from "../model.ts";
import { byTime, inChunks } from "../queries/readHelpers.ts";
import { acknowledgementFromRow, pageFromRow, shiftFromRow } from "../rows.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { InterruptionFact, LedgerItem, LedgerItemCategory } from "./model.ts";
import { OR_KEYS_PER_STATEMENT, byKeys, type SourcedKey } from "./keys.ts";
import { interruptionFactFromRow, interruptionFactToRow, ledgerItemFromRow, ledgerItemToRow } from "./rows.ts";

/**
 * Ledger items in one order on every dialect (by time, then key): weeks add their minutes up in
 * this order, and floating-point sums in another order differ in the last digits.
 */
export const byLedgerKey = byTime<LedgerItem>(
  (i) => i.at,
  (i) => i.person,
  (i) => i.category,
  (i) => i.recordKind,
  (i) => i.recordSource,
  (i) => i.recordId,
);

export async function getPersonZones(db: Db, people: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(people, (ids) => db.selectFrom("people").select(["id", "timezone"]).where("id", "in", ids).execute());
  return new Map(rows.map((r) => [r.id, r.timezone]));
}

/** A person's pages (every channel) with `at` in [from, to). */
export async function getPagesOf(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<Page[]> {
  const rows = await db.selectFrom("pages").selectAll().where("person", "=", person).where("at", ">=", from).where("at", "<", to).execute();
  return rows.map(pageFromRow);
}

export async function getPagesByKeys(db: Db, keys: readonly SourcedKey[]): Promise<Page[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("pages").selectAll().where("id", "in", ids).execute())).map(pageFromRow);
}

/** Who was paged for these incidents, and when. */
export async function getPagesOfIncidents(db: Db, incidentIds: readonly string[]): Promise<Page[]> {
  return (await inChunks(incidentIds, (ids) => db.selectFrom("pages").selectAll().where("incident_id", "in", ids).execute())).map(pageFromRow);
}

/** A person's acknowledgements with `at` in [from, to). */
export async function getAcksOf(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<Acknowledgement[]> {
  const rows = await db.selectFrom("acknowledgements").selectAll().where("person", "=", person).where("at", ">=", from).where("at", "<", to).execute();
  return rows.map(acknowledgementFromRow);
}

/** A person's acknowledgements of these incidents, whenever they were made. */
export async function getAcksOfPersonFor(db: Db, person: string, incidentIds: readonly string[]): Promise<Acknowledgement[]> {
  return (await inChunks(incidentIds, (ids) => db.selectFrom("acknowledgements").selectAll().where("person", "=", person).where("incident_id", "in", ids).execute())).map(acknowledgementFromRow);
}

/** A person's on-call shifts overlapping [from, to). */
export async function getShiftsOf(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<OncallShift[]> {
  const rows = await db.selectFrom("oncall_shifts").selectAll().where("person", "=", person).where("start_at", "<", to).where("end_at", ">", from).execute();
  return rows.map(shiftFromRow);
}

export async function getInterruptionFactsByPageKeys(db: Db, keys: readonly SourcedKey[]): Promise<InterruptionFact[]> {
  const rows = await byKeys(keys, (ids) => db.selectFrom("fact_interruptions").selectAll().select("page_id as id").where("page_id", "in", ids).execute());
  return rows.map(interruptionFactFromRow);
}

/** A person's interruptions (counted pages) with `at` in [from, to). */
export async function getInterruptionFactsOf(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<InterruptionFact[]> {
  const rows = await db.selectFrom("fact_interruptions").selectAll().where("person", "=", person).where("counted", "=", 1).where("at", ">=", from).where("at", "<", to).execute();
  return rows.map(interruptionFactFromRow);
}

/** Which of these incidents the person was interrupted for (a counted page). */
export async function getInterruptedIncidents(db: Db, person: string, incidentIds: readonly string[]): Promise<Set<string>> {
  const rows = await inChunks(incidentIds, (ids) => db.selectFrom("fact_interruptions").select("incident_id").where("person", "=", person).where("counted", "=", 1).where("incident_id", "in", ids).execute());
  return new Set(rows.map((r) => r.incident_id));
}

/** Replace the page facts (every page, counted or not) of a person with `at` in [from, to). */
export async function replaceInterruptions(db: Db, person: string, from: EpochMs, to: EpochMs, facts: readonly InterruptionFact[]): Promise<void> {
  await db.deleteFrom("fact_interruptions").where("person", "=", person).where("at", ">=", from).where("at", "<", to).execute();
  await upsertRows(db, "fact_interruptions", ["source", "page_id"], facts.map(interruptionFactToRow));
}

/** Replace a person's ledger items of some categories and record kinds with `at` in [from, to). */
export async function replaceLedgerSpan(
  db: Db,
  person: string,
  scope: { categories: readonly LedgerItemCategory[]; recordKinds: readonly LedgerItem["recordKind"][] },
  from: EpochMs,
  to: EpochMs,
  items: readonly LedgerItem[],
): Promise<void> {
  await db
    .deleteFrom("fact_ledger")
    .where("person", "=", person)
    .where("category", "in", scope.categories)
    .where("record_kind", "in", scope.recordKinds)
    .where("at", ">=", from)
    .where("at", "<", to)
    .execute();
  await upsertRows(db, "fact_ledger", ["person", "category", "record_kind", "record_source", "record_id", "at"], items.map(ledgerItemToRow));
}

/** Replace every ledger item about these records (of one kind), whoever they are charged to. */
export async function replaceLedgerOfRecords(db: Db, recordKind: LedgerItem["recordKind"], keys: readonly SourcedKey[], items: readonly LedgerItem[]): Promise<void> {
  const stale = await getLedgerItemsOfRecords(db, recordKind, keys);
  for (const part of chunk(stale, OR_KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom("fact_ledger")
      .where("record_kind", "=", recordKind)
      .where((eb) => eb.or(part.map((i) => eb.and([eb("person", "=", i.person), eb("category", "=", i.category), eb("record_source", "=", i.recordSource), eb("record_id", "=", i.recordId), eb("at", "=", i.at)]))))
      .execute();
  }
  await upsertRows(db, "fact_ledger", ["person", "category", "record_kind", "record_source", "record_id", "at"], items.map(ledgerItemToRow));
}

/**
 * The ledger items about these records (who they are charged to now). `anySource`: match by id
 * alone (incidents are named by id); `person`: only that person's items.
 */
export async function getLedgerItemsOfRecords(
  db: Db,
  recordKind: LedgerItem["recordKind"],
  keys: readonly SourcedKey[],
  options: { anySource?: boolean; person?: string } = {},
): Promise<LedgerItem[]> {
  const wanted = new Set(keys.map((k) => `${k.source}\u0000${k.id}`));
  const rows = await inChunks(
    keys.map((k) => k.id),
    (ids) => {
      let query = db.selectFrom("fact_ledger").selectAll().where("record_kind", "=", recordKind).where("record_id", "in", ids);
      if (options.person !== undefined) query = query.where("person", "=", options.person);
      return query.execute();
    },
  );
  const items = rows.map(ledgerItemFromRow);
  return options.anySource === true ? items : items.filter((i) => wanted.has(`${i.recordSource}\u0000${i.recordId}`));
}

/** A person's ledger items with `at` in [from, to). */
export async function getLedgerItemsOf(db: Db, person: string, from: EpochMs, to: EpochMs): Promise<LedgerItem[]> {
  const rows = await db.selectFrom("fact_ledger").selectAll().where("person", "=", person).where("at", ">=", from).where("at", "<", to).execute();
  return rows.map(ledgerItemFromRow).sort(byLedgerKey);
}

/** Everything derived about a person: gone before their history is derived again in full. */
export async function deletePersonFacts(db: Db, person: string): Promise<void> {
  await db.deleteFrom("fact_interruptions").where("person", "=", person).execute();
  await db.deleteFrom("fact_ledger").where("person", "=", person).where("record_kind", "in", ["page", "incident", "change", "day"]).execute();
  await db.deleteFrom("rollup_person_week").where("person", "=", person).execute();
  await db.deleteFrom("rollup_person_day").where("person", "=", person).execute();
}

/** The span of a person's activity (pages, acknowledgements, shifts), for a full re-derivation; null when none. */
export async function getPersonActivitySpan(db: Db, person: string): Promise<{ from: EpochMs; to: EpochMs } | null> {
  const [pages, acks, shifts] = await Promise.all([
    db.selectFrom("pages").select((eb) => [eb.fn.min<number>("at").as("lo"), eb.fn.max<number>("at").as("hi")]).where("person", "=", person).executeTakeFirst(),
    db.selectFrom("acknowledgements").select((eb) => [eb.fn.min<number>("at").as("lo"), eb.fn.max<number>("at").as("hi")]).where("person", "=", person).executeTakeFirst(),
    db.selectFrom("oncall_shifts").select((eb) => [eb.fn.min<number>("start_at").as("lo"), eb.fn.max<number>("end_at").as("hi")]).where("person", "=", person).executeTakeFirst(),
  ]);
  const los = [pages?.lo, acks?.lo, shifts?.lo].filter((v): v is number => v !== null && v !== undefined).map(Number);
  const his = [pages?.hi, acks?.hi, shifts?.hi].filter((v): v is number => v !== null && v !== undefined).map(Number);
  return los.length === 0 ? null : { from: Math.min(...los), to: Math.max(...his) + 1 };
}

/** Ledger items of records that have none yet (a full derivation, on emptied tables). */
export async function insertLedgerItems(db: Db, items: readonly LedgerItem[]): Promise<void> {
  await upsertRows(db, "fact_ledger", ["person", "category", "record_kind", "record_source", "record_id", "at"], items.map(ledgerItemToRow));
}
