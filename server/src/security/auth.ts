/**
 * Authentication and authorisation in front of every route. Credentials, in order:
 * 1. `Authorization: Bearer opsl_…` — an API token (scripts, Prometheus);
 * 2. the sign-in cookie the web app set through POST /api/session (HttpOnly, SameSite=Strict);
 * 3. a trusted proxy's user header, believed only from the configured proxy addresses.
 * With none, a loopback server that has no token and no proxy is open (everyone is admin: the
 * two-command quick start); anything else gets 401. Roles come from access.ts.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { getCookie, deleteCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { countActiveApiTokens, touchApiToken, type Db } from "@opsledger/db";
import { ApiError } from "../http/errors.ts";
import type { AppEnv, Principal } from "../http/context.ts";
import { accessFor } from "./access.ts";
import type { SecuritySettings } from "./settings.ts";
import { checkApiToken, TOKEN_REFUSALS } from "./tokens.ts";

export const SESSION_COOKIE = "opsledger_session";
/** last_used_at is written at most this often per token, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthDeps {
  db: Db;
  security: SecuritySettings;
  now: () => number;
}

const unauthorized = (detail: string) => new ApiError(401, detail, undefined, "unauthorized", { "WWW-Authenticate": 'Bearer realm="opsledger"' });

/** The peer's address, or null in-process (app.request in tests has no socket). */
function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

export function fromTrustedProxy(c: Context, security: SecuritySettings): boolean {
  if (!security.proxyConfigured) return false;
  const address = remoteAddress(c);
  if (address === null) return false;
  const plain = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return security.trustedProxies.check(plain, plain.includes(":") ? "ipv6" : "ipv4");
}

export function createAuth(deps: AuthDeps) {
  const touched = new Map<string, number>();
  const touch = async (id: string) => {
    const now = deps.now();
    if (now - (touched.get(id) ?? Number.NEGATIVE_INFINITY) < TOUCH_EVERY_MS) return;
    touched.set(id, now);
    // Not stamped (an import held the database): the next request tries again.
    if (!(await touchApiToken(deps.db, id, now))) touched.delete(id);
  };

  /** Who the request is from, or null for nobody; a bearer token that does not check out is a 401 at once. */
  async function identify(c: Context): Promise<Principal | null> {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match === null) throw unauthorized("the Authorization header must be `Bearer <token>`");
      const check = await checkApiToken(deps.db, deps.security.secret, match[1] ?? "");
      if (!check.ok) throw unauthorized(TOKEN_REFUSALS[check.reason]);
      await touch(check.token.id);
      return { role: check.token.role, name: check.token.name, via: "token", tokenId: check.token.id };
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined) {
      const check = await checkApiToken(deps.db, deps.security.secret, cookie);
      if (check.ok) {
        await touch(check.token.id);
        return { role: check.token.role, name: check.token.name, via: "cookie", tokenId: check.token.id };
      }
      // A revoked or stale sign-in: forget it, and carry on as nobody (the page shows sign-in).
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
    }
    if (fromTrustedProxy(c, deps.security)) {
      const user = c.req.header(deps.security.proxyUserHeader)?.trim();
      if (user !== undefined && user !== "") {
        return { role: deps.security.proxyAdmins.includes(user) ? "admin" : "viewer", name: user, via: "proxy", tokenId: null };
      }
    }
    return null;
  }

  /** True when the server runs without credentials: loopback, no proxy, no active token. */
  async function isOpen(): Promise<boolean> {
    if (!deps.security.openWhenNoCredentials || deps.security.proxyConfigured) return false;
    return (await countActiveApiTokens(deps.db)) === 0;
  }

  const OPEN: Principal = { role: "admin", name: "anyone", via: "open", tokenId: null };

  /** The main thread's answer on a worker (../http/offload.ts), else this thread's own. */
  async function whoIs(c: Context<AppEnv>): Promise<Principal | null> {
    const handed = (c.env as AppEnv["Bindings"] | undefined)?.handedPrincipal;
    if (handed !== undefined) return handed;
    return (await identify(c)) ?? ((await isOpen()) ? OPEN : null);
  }

  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const access = accessFor(c.req.method, c.req.path);
    const who = await whoIs(c);
    if (access === "public") {
      c.set("principal", who);
      return next();
    }
    if (who === null) {
      throw unauthorized(
        "sign in: send `Authorization: Bearer <token>` (create one with `opsledger token create`), sign in on the web app, or come through the configured authenticating proxy",
      );
    }
    c.set("principal", who);
    if (access === "admin" && who.role !== "admin") throw new ApiError(403, `${c.req.method} ${c.req.path} needs the admin role; ${who.name} is a ${who.role}`);
    await next();
  });

  return { middleware, identify, isOpen };
}
