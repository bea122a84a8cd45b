import type { Db } from "../connection.ts";
import type { Acknowledgement, EpochMs, Incident, OncallShift } from "../model.ts";
import type { InterruptionFact, LedgerItem } from "../facts/model.ts";
import { byLedgerKey } from "../facts/people.ts";
import { interruptionFactFromRow, ledgerItemFromRow } from "../facts/rows.ts";
import { acknowledgementFromRow, incidentFromRow, shiftFromRow } from "../rows.ts";
import { inChunks } from "./readHelpers.ts";

/** What some people's weeks are made of over [from, to): a window's partial edge weeks are made from these as the rollups are. */
export interface PeopleFacts {
  items: LedgerItem[];
  interruptions: InterruptionFact[];
  shifts: OncallShift[];
  emails: { person: string; at: EpochMs }[];
  acknowledgements: Acknowledgement[];
  /** The incidents those acknowledgements name. */
  incidents: Incident[];
}

export async function getPeopleFacts(db: Db, people: readonly string[], from: EpochMs, to: EpochMs): Promise<PeopleFacts> {
  const [items, interruptions, shifts, emails, acks] = await Promise.all([
    inChunks(people, (chunk) => db.selectFrom("fact_ledger").selectAll().where("person", "in", chunk).where("at", ">=", from).where("at", "<", to).execute()),
    inChunks(people, (chunk) => db.selectFrom("fact_interruptions").selectAll().where("person", "in", chunk).where("counted", "=", 1).where("at", ">=", from).where("at", "<", to).execute()),
    inChunks(people, (chunk) => db.selectFrom("oncall_shifts").selectAll().where("person", "in", chunk).where("start_at", "<", to).where("end_at", ">", from).execute()),
    inChunks(people, (chunk) => db.selectFrom("pages").select(["person", "at"]).where("person", "in", chunk).where("channel", "=", "email").where("at", ">=", from).where("at", "<", to).execute()),
    inChunks(people, (chunk) => db.selectFrom("acknowledgements").selectAll().where("person", "in", chunk).where("at", ">=", from).where("at", "<", to).execute()),
  ]);
  const incidents = await inChunks([...new Set(acks.map((a) => a.incident_id))], (ids) => db.selectFrom("incidents").selectAll().where("id", "in", ids).execute());
  return {
    items: items.map(ledgerItemFromRow).sort(byLedgerKey),
    interruptions: interruptions.map(interruptionFactFromRow),
    shifts: shifts.map(shiftFromRow),
    emails,
    acknowledgements: acks.map(acknowledgementFromRow),
    incidents: incidents.map(incidentFromRow),
  };
}
