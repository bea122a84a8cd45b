/**
 * API tokens as stored: an id, a name, a role and an HMAC of the secret part. Hashing and
 * checking live in the server (server/src/security/tokens.ts); this file only reads and writes.
 */
import type { Db } from "../connection.ts";
import { isLockBusy, withoutLockWait } from "../dialect.ts";

export interface StoredApiToken {
  id: string;
  name: string;
  role: string;
  hash: string;
  keyId: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

type Row = { id: string; name: string; role: string; hash: string; key_id: string; created_at: number; last_used_at: number | null; revoked_at: number | null };

const toToken = (r: Row): StoredApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hash: r.hash,
  keyId: r.key_id,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export async function insertApiToken(db: Db, token: Omit<StoredApiToken, "lastUsedAt" | "revokedAt">): Promise<void> {
  await db
    .insertInto("api_tokens")
    .values({ id: token.id, name: token.name, role: token.role, hash: token.hash, key_id: token.keyId, created_at: token.createdAt, last_used_at: null, revoked_at: null })
    .execute();
}

/** A token by id, revoked or not; undefined when there is none. */
export async function getApiToken(db: Db, id: string): Promise<StoredApiToken | undefined> {
  const row = await db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

/** Every token, oldest first. */
export async function listApiTokens(db: Db): Promise<StoredApiToken[]> {
  const rows = await db.selectFrom("api_tokens").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map(toToken);
}

/** How many tokens are not revoked: with none, a loopback server stays open (the quick start). */
export async function countActiveApiTokens(db: Db): Promise<number> {
  const row = await db
    .selectFrom("api_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revoke a token; false when there is no such token or it was revoked already. */
export async function revokeApiToken(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Stamp a token's last use, unless another writer holds the database this moment (false): the
 * stamp is a convenience, and the thread that asks is the one answering the health probes.
 */
export async function touchApiToken(db: Db, id: string, now: number): Promise<boolean> {
  try {
    await withoutLockWait(db, (conn) => conn.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute());
    return true;
  } catch (error) {
    if (isLockBusy(error)) return false;
    throw error;
  }
}
