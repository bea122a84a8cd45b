import type { Db } from "../connection.ts";
import type { Acknowledgement, Incident, OncallShift, Page, Person, Team } from "../model.ts";
import { acknowledgementFromRow, incidentFromRow, pageFromRow, personFromRow, shiftFromRow } from "../rows.ts";
import { byTime, compareText, inChunks, sourceKey, type ActivityWindow } from "./readHelpers.ts";

export interface TeamOncall {
  /** The team's members that have a person record (time zones for banding). */
  people: Person[];
  /** Pages to the team's members in [from − lookback, to). */
  pages: Page[];
  /** On-call shifts of the team's members overlapping [from, to). */
  shifts: OncallShift[];
  /** Acknowledgements by the team's members in [from − lookback, to). */
  acknowledgements: Acknowledgement[];
  /**
   * Incidents of the team's services created in [from − lookback, to + lookahead), plus every
   * incident (on any service) a member was paged for or acknowledged.
   */
  incidents: Incident[];
}

/** The rows on-call load needs for one team (DESIGN.md "Interruption", "Engaged time", "Ops time share"). */
export async function getTeamOncall(db: Db, team: Pick<Team, "members" | "services">, window: ActivityWindow): Promise<TeamOncall> {
  const early = window.from - window.lookbackMs;
  const late = window.to + window.lookaheadMs;
  const [peopleRows, pageRows, shiftRows, ackRows, serviceIncidentRows] = await Promise.all([
    inChunks(team.members, (chunk) => db.selectFrom("people").selectAll().where("id", "in", chunk).execute()),
    inChunks(team.members, (chunk) =>
      db.selectFrom("pages").selectAll().where("person", "in", chunk).where("at", ">=", early).where("at", "<", window.to).execute(),
    ),
    inChunks(team.members, (chunk) =>
      db.selectFrom("oncall_shifts").selectAll().where("person", "in", chunk).where("start_at", "<", window.to).where("end_at", ">", window.from).execute(),
    ),
    inChunks(team.members, (chunk) =>
      db.selectFrom("acknowledgements").selectAll().where("person", "in", chunk).where("at", ">=", early).where("at", "<", window.to).execute(),
    ),
    inChunks(team.services, (chunk) =>
      db.selectFrom("incidents").selectAll().where("service", "in", chunk).where("created_at", ">=", early).where("created_at", "<", late).execute(),
    ),
  ]);
  const incidents = new Map<string, Incident>();
  for (const r of serviceIncidentRows) incidents.set(sourceKey(r.source, r.id), incidentFromRow(r));
  const known = new Set(serviceIncidentRows.map((r) => r.id));
  const missing = [...pageRows.map((p) => p.incident_id), ...ackRows.map((a) => a.incident_id)].filter((id) => !known.has(id));
  const engagedRows = await inChunks(missing, (chunk) => db.selectFrom("incidents").selectAll().where("id", "in", chunk).execute());
  for (const r of engagedRows) incidents.set(sourceKey(r.source, r.id), incidentFromRow(r));
  return {
    people: peopleRows.map(personFromRow).sort((a, b) => compareText(a.id, b.id)),
    pages: pageRows.map(pageFromRow).sort(byTime((p) => p.at, (p) => p.source, (p) => p.id)),
    shifts: shiftRows
      .map(shiftFromRow)
      .sort(byTime((s) => s.start, (s) => s.source, (s) => s.person, (s) => s.schedule, (s) => String(s.level))),
    acknowledgements: ackRows.map(acknowledgementFromRow).sort(byTime((a) => a.at, (a) => a.source, (a) => a.incidentId, (a) => a.person)),
    incidents: [...incidents.values()].sort(byTime((i) => i.createdAt, (i) => i.source, (i) => i.id)),
  };
}
