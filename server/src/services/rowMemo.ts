/**
 * An in-process memo of team row fetches, per database, valid for one data version: a team page
 * asks for DORA and four delivery series over the same window, and each would read the same
 * tens of thousands of rows. The version (`getDataVersion`) changes on any write by this or
 * another process, and then every memoised fetch is dropped; where the database has no cheap
 * version (Postgres) nothing is memoised. Callers must treat the rows as read-only: they are
 * shared between requests.
 */
import { getDataVersion, type Db } from "@opsledger/db";

/** Fetches kept per database: a team's delivery, CI, on-call and alert rows for a few windows. */
export const MEMO_ENTRIES = 32;

interface Memo {
  version: string;
  /** In insertion order, most recently used last; in-flight fetches included, so concurrent asks share one read. */
  entries: Map<string, Promise<unknown>>;
}

const memos = new WeakMap<Db, Memo>();

/**
 * `fetch()`, or the promise of an earlier call with the same key on the same database at the same
 * data version. `key` must name everything the fetch reads (query, team's repos/services/members,
 * window, options); a fetch that fails is not kept.
 */
export async function memoRows<T>(db: Db, key: string, fetch: () => Promise<T>): Promise<T> {
  const version = await getDataVersion(db);
  if (version === null) return fetch();
  let memo = memos.get(db);
  if (memo === undefined || memo.version !== version) {
    memo = { version, entries: new Map() };
    memos.set(db, memo);
  }
  const { entries } = memo;
  const hit = entries.get(key);
  if (hit !== undefined) {
    entries.delete(key);
    entries.set(key, hit);
    // The key names the fetch, so the promise stored under it is the one fetch() made.
    return hit as Promise<T>;
  }
  const pending = fetch();
  entries.set(key, pending);
  pending.catch(() => {
    if (entries.get(key) === pending) entries.delete(key);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MEMO_ENTRIES) break;
    entries.delete(oldest);
  }
  return pending;
}
