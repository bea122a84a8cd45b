import type { Db } from "../connection.ts";
import type { EpochMs } from "../model.ts";
import { inChunks } from "./readHelpers.ts";

/**
 * When each of some alert keys first fired on some services (a team's): the earliest alert fact
 * per key, by the key index. Keys that never fired there are left out.
 */
export async function getAlertKeysFirstSeen(db: Db, services: readonly string[], keys: readonly string[]): Promise<Map<string, EpochMs>> {
  if (keys.length === 0) return new Map();
  const rows = await inChunks(services, (chunk) =>
    db
      .selectFrom("fact_alerts")
      .select((eb) => ["key", eb.fn.min<number>("created_at").as("first")])
      .where("key", "in", [...new Set(keys)])
      .where("service", "in", chunk)
      .groupBy("key")
      .execute(),
  );
  const first = new Map<string, EpochMs>();
  for (const r of rows) {
    const at = Number(r.first);
    const known = first.get(r.key);
    if (known === undefined || at < known) first.set(r.key, at);
  }
  return first;
}
