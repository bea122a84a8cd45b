/**
 * Helpers shared by the read queries. IN-lists are split into chunks: SQLite and Postgres both
 * cap the bound parameters of one statement, and a team's deployments over a quarter can
 * outgrow that. Results are sorted in JS, not by ORDER BY on text columns, because Postgres
 * collations and SQLite's byte order disagree on strings; code-unit order is the same everywhere.
 */
import type { EpochMs } from "../model.ts";

export const IN_LIST_CHUNK = 1000;

/** Run `query` once per chunk of `values` (deduplicated) and concatenate the rows; no query for an empty list. */
export async function inChunks<V, R>(values: readonly V[], query: (chunk: V[]) => Promise<R[]>, size = IN_LIST_CHUNK): Promise<R[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  // One chunk (a team's repos, services or members): its rows as they come, without a copy.
  if (unique.length <= size) return query(unique);
  let out: R[] = [];
  // concat, not push(...rows): spreading tens of thousands of rows as arguments is slow and can overflow the stack.
  for (let i = 0; i < unique.length; i += size) out = out.concat(await query(unique.slice(i, i + size)));
  return out;
}

/** A map key for a (source, id) natural key. */
export const sourceKey = (source: string, id: string): string => `${source}\u0000${id}`;

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Comparator: by an instant, then by text tie-breaks in code-unit order. */
export const byTime =
  <T>(time: (t: T) => EpochMs, ...tieBreaks: ((t: T) => string)[]) =>
  (a: T, b: T): number => {
    const d = time(a) - time(b);
    if (d !== 0) return d;
    for (const tie of tieBreaks) {
      const c = compareText(tie(a), tie(b));
      if (c !== 0) return c;
    }
    return 0;
  };

/**
 * Rows of a child table of shas, grouped per (source, owner id), each list sorted; returns the
 * lookup (source, owner id) → shas. Keyed source first, then owner, so tens of thousands of rows
 * build no joined key strings.
 */
export function groupShas(rows: readonly { source: string; owner: string; sha: string }[]): (source: string, owner: string) => string[] | undefined {
  const bySource = new Map<string, Map<string, string[]>>();
  for (const r of rows) {
    let owners = bySource.get(r.source);
    if (!owners) {
      owners = new Map();
      bySource.set(r.source, owners);
    }
    const list = owners.get(r.owner);
    if (list) list.push(r.sha);
    else owners.set(r.owner, [r.sha]);
  }
  for (const owners of bySource.values()) for (const list of owners.values()) list.sort(compareText);
  return (source, owner) => bySource.get(source)?.get(owner);
}

/** A half-open window [from, to) with how far before and after it a query reaches. */
export interface ActivityWindow {
  /** Start of the window, inclusive (epoch ms). */
  from: EpochMs;
  /** End of the window, exclusive (epoch ms). */
  to: EpochMs;
  /**
   * How far before `from` history is fetched (ms): lead-time attribution needs changes merged
   * before the window and the deployments before it; alert quality needs earlier alerts to tell
   * a recurring key from a new one; engaged time needs acknowledgements just before the window.
   */
  lookbackMs: number;
  /**
   * How far after `to` deployments and incidents are fetched (ms): an incident within the failure
   * window after a deployment in the window is charged to it unless a later deployment came first.
   */
  lookaheadMs: number;
}
