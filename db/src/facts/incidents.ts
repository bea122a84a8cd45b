/** The deriver's reads and writes of incident facts (`fact_incidents`) and the incidents and acknowledgements behind them. */
import type { Db } from "../connection.ts";
import type { Acknowledgement, EpochMs, Incident } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { acknowledgementFromRow, incidentFromRow } from "../rows.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { IncidentFact } from "./model.ts";
import { OR_KEYS_PER_STATEMENT, byKeys, type SourcedKey } from "./keys.ts";
import { incidentFactFromRow, incidentFactToRow } from "./rows.ts";

export async function getIncidentsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<Incident[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("incidents").selectAll().where("id", "in", ids).execute())).map(incidentFromRow);
}

/** Incidents by id alone (pages and acknowledgements name incidents without a source). */
export async function getIncidentsByIds(db: Db, ids: readonly string[]): Promise<Incident[]> {
  return (await inChunks(ids, (chunk) => db.selectFrom("incidents").selectAll().where("id", "in", chunk).execute())).map(incidentFromRow);
}

export async function getAllIncidents(db: Db): Promise<Incident[]> {
  return (await db.selectFrom("incidents").selectAll().execute()).map(incidentFromRow);
}

/** Incidents of some services created in [from, to). */
export async function getIncidentsOfServices(db: Db, services: readonly string[], from: EpochMs, to: EpochMs): Promise<Incident[]> {
  const rows = await inChunks(services, (chunk) => db.selectFrom("incidents").selectAll().where("service", "in", chunk).where("created_at", ">=", from).where("created_at", "<", to).execute());
  return rows.map(incidentFromRow);
}

/** Incidents naming one of these deployments as their cause or their fix, on any service. */
export async function getIncidentsNaming(db: Db, deploymentIds: readonly string[]): Promise<Incident[]> {
  const rows = await inChunks(deploymentIds, (ids) =>
    db
      .selectFrom("incidents")
      .selectAll()
      .where((eb) => eb.or([eb("deployment_id", "in", ids), eb("fix_deployment_id", "in", ids)]))
      .execute(),
  );
  return rows.map(incidentFromRow);
}

/** The earliest acknowledgement row per incident id. */
export async function getFirstAckRows(db: Db, incidentIds: readonly string[]): Promise<Map<string, EpochMs>> {
  const rows = await inChunks(incidentIds, (ids) =>
    db.selectFrom("acknowledgements").select((eb) => ["incident_id", eb.fn.min<number>("at").as("at")]).where("incident_id", "in", ids).groupBy("incident_id").execute(),
  );
  return new Map(rows.map((r) => [r.incident_id, Number(r.at)]));
}

export async function getAllFirstAckRows(db: Db): Promise<Map<string, EpochMs>> {
  const rows = await db.selectFrom("acknowledgements").select((eb) => ["incident_id", eb.fn.min<number>("at").as("at")]).groupBy("incident_id").execute();
  return new Map(rows.map((r) => [r.incident_id, Number(r.at)]));
}

/** The acknowledgements of these incidents (who engaged with them, and when). */
export async function getAcksOfIncidents(db: Db, incidentIds: readonly string[]): Promise<Acknowledgement[]> {
  return (await inChunks(incidentIds, (ids) => db.selectFrom("acknowledgements").selectAll().where("incident_id", "in", ids).execute())).map(acknowledgementFromRow);
}

/** The incident facts of some services created in [from, to). */
export async function getIncidentFactsOfServices(db: Db, services: readonly string[], from: EpochMs, to: EpochMs): Promise<IncidentFact[]> {
  const rows = await inChunks(services, (chunk) => db.selectFrom("fact_incidents").selectAll().where("service", "in", chunk).where("created_at", ">=", from).where("created_at", "<", to).execute());
  return rows.map(incidentFactFromRow);
}

/**
 * How many incidents of some services created in [from, to) were acknowledged or resolved before
 * they were created (metrics/oncall.ts `hasNegativeSpan`, in SQL): counted, not read.
 */
export async function countIncidentsWithNegativeSpan(db: Db, services: readonly string[], from: EpochMs, to: EpochMs): Promise<number> {
  const rows = await inChunks(services, (chunk) =>
    db
      .selectFrom("fact_incidents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("service", "in", chunk)
      .where("created_at", ">=", from)
      .where("created_at", "<", to)
      .where((eb) => eb.or([eb.and([eb("first_ack_at", "is not", null), eb("ack_minutes", "is", null)]), eb.and([eb("resolved_at", "is not", null), eb("restore_minutes", "is", null)])]))
      .execute(),
  );
  return rows.reduce((n, r) => n + Number(r.n), 0);
}

export async function getIncidentFactsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<IncidentFact[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("fact_incidents").selectAll().where("id", "in", ids).execute())).map(incidentFactFromRow);
}

export async function replaceIncidentFacts(db: Db, keys: readonly SourcedKey[], facts: readonly IncidentFact[]): Promise<void> {
  for (const part of chunk(keys, OR_KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom("fact_incidents")
      .where((eb) => eb.or(part.map((k) => eb.and([eb("source", "=", k.source), eb("id", "=", k.id)]))))
      .execute();
  }
  await upsertRows(db, "fact_incidents", ["source", "id"], facts.map(incidentFactToRow));
}

export async function replaceAllIncidentFacts(db: Db, facts: readonly IncidentFact[]): Promise<void> {
  await db.deleteFrom("fact_incidents").execute();
  await upsertRows(db, "fact_incidents", ["source", "id"], facts.map(incidentFactToRow));
}
