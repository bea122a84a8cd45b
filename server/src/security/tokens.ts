/**
 * API tokens: `opsl_<id>_<secret>`, 12 hex characters of id (the row to look up) and 256 random
 * bits of secret. Only HMAC-SHA256(OPSLEDGER_SECRET, token) is stored (docs/decisions/0007): a
 * copy of the database alone verifies nothing, and a check costs microseconds, so it can run on
 * every request without holding the event loop. The prefix lets secret scanners spot a leaked one.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getApiToken, insertApiToken, type Db, type StoredApiToken } from "@opsledger/db";
import type { Role } from "../api/schemas/system.ts";

export const TOKEN_PATTERN = /^opsl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const hmac = (secret: string, text: string): string => createHmac("sha256", secret).update(text).digest("hex");

export const hashToken = (secret: string, token: string): string => hmac(secret, token);

/** Names the server secret a hash was made under, without revealing it. */
export const keyId = (secret: string): string => hmac(secret, "opsledger api token key").slice(0, 16);

export async function createApiToken(db: Db, secret: string, options: { name: string; role: Role; now: number }): Promise<{ id: string; token: string }> {
  const id = randomBytes(6).toString("hex");
  const token = `opsl_${id}_${randomBytes(32).toString("base64url")}`;
  await insertApiToken(db, { id, name: options.name, role: options.role, hash: hashToken(secret, token), keyId: keyId(secret), createdAt: options.now });
  return { id, token };
}

export type TokenCheck =
  | { ok: true; token: StoredApiToken & { role: Role } }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" | "other_secret" | "no_secret" | "mismatch" };

/** Why a token was refused, in words for a 401 (never saying which part was right). */
export const TOKEN_REFUSALS: Record<Exclude<TokenCheck, { ok: true }>["reason"], string> = {
  malformed: "the token is not an opsledger API token (opsl_…)",
  unknown: "the token is not valid",
  mismatch: "the token is not valid",
  revoked: "the token has been revoked",
  other_secret: "the token was created under another OPSLEDGER_SECRET than this server's",
  no_secret: "this server has no OPSLEDGER_SECRET, so it can check no token",
};

export async function checkApiToken(db: Db, secret: string | null, token: string): Promise<TokenCheck> {
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return { ok: false, reason: "malformed" };
  if (secret === null) return { ok: false, reason: "no_secret" };
  const stored = await getApiToken(db, match[1] ?? "");
  if (stored === undefined) return { ok: false, reason: "unknown" };
  const expected = Buffer.from(stored.hash, "hex");
  const actual = Buffer.from(hashToken(secret, token), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, reason: stored.keyId !== keyId(secret) ? "other_secret" : "mismatch" };
  }
  if (stored.revokedAt !== null) return { ok: false, reason: "revoked" };
  if (stored.role !== "viewer" && stored.role !== "admin") return { ok: false, reason: "unknown" };
  return { ok: true, token: { ...stored, role: stored.role } };
}
