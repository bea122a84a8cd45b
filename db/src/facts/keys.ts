/**
 * Natural keys in queries: sets of (source, id) pairs looked up by id (an indexed IN-list, in
 * chunks) and checked for their source here, which every dialect answers the same way.
 */
import type { EpochMs } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";

export interface SourcedKey {
  source: string;
  id: string;
}

export const keyString = (k: SourcedKey): string => `${k.source}\u0000${k.id}`;

/**
 * Key tuples per statement that matches an OR of them: SQLite refuses an expression tree deeper
 * than 1000 (SQLITE_MAX_EXPR_DEPTH), and an OR of n terms is about n deep.
 */
export const OR_KEYS_PER_STATEMENT = 500;

/** Rows fetched by the ids of `keys`, kept when their (source, id) is one of them. */
export async function byKeys<R extends { source: string; id: string }>(keys: readonly SourcedKey[], query: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map(keyString));
  const rows = await inChunks(
    keys.map((k) => k.id),
    query,
  );
  return rows.filter((r) => wanted.has(keyString(r)));
}

/** Bounds that stand for "all of time" in a span. */
export const ALL_TIME = { from: -8.64e15, to: 8.64e15 } as const satisfies { from: EpochMs; to: EpochMs };
