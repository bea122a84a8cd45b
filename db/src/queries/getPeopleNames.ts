import type { Db } from "../connection.ts";
import { inChunks } from "./readHelpers.ts";

/** Names of some people, by id (people without a record are left out). */
export async function getPeopleNames(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; timezone: string }>> {
  const rows = await inChunks(ids, (chunk) => db.selectFrom("people").select(["id", "name", "timezone"]).where("id", "in", chunk).execute());
  return new Map(rows.map((r) => [r.id, { name: r.name, timezone: r.timezone }]));
}
