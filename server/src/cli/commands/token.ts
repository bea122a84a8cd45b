/**
 * `opsledger token create|list|revoke`: API tokens for scripts, Prometheus and the web app's
 * sign-in. A token is shown once, when it is created; only its HMAC is kept (security/tokens.ts).
 */
import { listApiTokens, revokeApiToken } from "@opsledger/db";
import type { Role } from "../../api/schemas/system.ts";
import { createApiToken } from "../../security/tokens.ts";
import type { CliContext } from "../context.ts";

const NO_SECRET =
  "OPSLEDGER_SECRET is not set: tokens are hashed under it, and the server checks them with the same value. Set it (e.g. `export OPSLEDGER_SECRET=$(openssl rand -hex 32)`, kept with your other secrets) here and for the server, then run this again";

export async function createToken(ctx: CliContext, options: { name: string; role: Role }, print: (line: string) => void = (l) => console.log(l)): Promise<number> {
  if (ctx.env.secret === null) {
    ctx.log(NO_SECRET);
    return 1;
  }
  const { id, token } = await createApiToken(ctx.connection.db, ctx.env.secret, { name: options.name, role: options.role, now: ctx.env.now() });
  ctx.log(`created ${options.role} token ${id} "${options.name}"; it is shown once, below: store it now`);
  print(token);
  return 0;
}

const day = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().slice(0, 16).replace("T", " "));

export async function listTokens(ctx: CliContext, print: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const tokens = await listApiTokens(ctx.connection.db);
  if (tokens.length === 0) {
    print("no API tokens: on a loopback address the server is open to anyone who can reach it");
    return 0;
  }
  const rows = [["id", "name", "role", "created", "last used", "revoked"], ...tokens.map((t) => [t.id, t.name, t.role, day(t.createdAt), day(t.lastUsedAt), day(t.revokedAt)])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  for (const r of rows) print(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
  return 0;
}

export async function revokeToken(ctx: CliContext, id: string): Promise<number> {
  if (await revokeApiToken(ctx.connection.db, id, ctx.env.now())) {
    ctx.log(`revoked token ${id}: requests with it are refused from now on`);
    return 0;
  }
  ctx.log(`no active token ${id} (see \`opsledger token list\`)`);
  return 1;
}
