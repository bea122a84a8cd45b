/**
 * An in-process memo of team row fetches, per database: a team page asks for DORA and four
 * delivery series over the same window, and each would read the same tens of thousands of rows.
 * An entry holds while the data versions of the kinds it read are unchanged (`getDataVersions`:
 * counters every write moves in its own transaction, from any process, on SQLite and Postgres),
 * so new pages do not throw away memoised deployments. Callers must treat the rows as
 * read-only: they are shared between requests.
 */
import { getDataVersions, type Db, type RecordKind } from "@opsledger/db";

/** Fetches kept per database: a team's delivery, CI, on-call and alert rows for a few windows. */
export const MEMO_ENTRIES = 32;

interface Entry {
  /** The data versions of the kinds the fetch read, when it started. */
  version: string;
  rows: Promise<unknown>;
}

/** Per database, in insertion order, most recently used last; in-flight fetches included, so concurrent asks share one read. */
const memos = new WeakMap<Db, Map<string, Entry>>();

/**
 * `fetch()`, or the promise of an earlier call with the same key on the same database while none
 * of `kinds` has been written since. `key` must name everything the fetch reads (query, team's
 * repos/services/members, window, options) and `kinds` every record kind it reads; a fetch that
 * fails is not kept.
 */
export async function memoRows<T>(db: Db, key: string, kinds: readonly RecordKind[], fetch: () => Promise<T>): Promise<T> {
  // Read before the rows: a write landing in between leaves the entry under the older version,
  // so the next ask fetches again rather than keeping rows older than their version says.
  const version = await getDataVersions(db, kinds);
  let entries = memos.get(db);
  if (entries === undefined) {
    entries = new Map();
    memos.set(db, entries);
  }
  const hit = entries.get(key);
  if (hit !== undefined && hit.version === version) {
    entries.delete(key);
    entries.set(key, hit);
    // The key names the fetch, so the promise stored under it is the one fetch() made.
    return hit.rows as Promise<T>;
  }
  const rows = fetch();
  const entry: Entry = { version, rows };
  entries.delete(key);
  entries.set(key, entry);
  const kept = entries;
  rows.catch(() => {
    if (kept.get(key) === entry) kept.delete(key);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MEMO_ENTRIES) break;
    entries.delete(oldest);
  }
  return rows;
}
