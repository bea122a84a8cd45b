/**
 * What keeps a web page the user happens to visit from using their opsledger:
 * - Host allowlist: a request naming a host this server does not answer to is refused (421), so
 *   a DNS-rebinding page (evil.example resolving to 127.0.0.1) reads and writes nothing;
 * - cross-origin writes: a write must come from the app's own origin (Fetch Metadata's
 *   Sec-Fetch-Site, else Origin against Host — the rules of Go's CrossOriginProtection), or carry a
 *   bearer token, which a cross-site page cannot send without a CORS preflight this server never
 *   grants; requests from non-browsers (no Origin, no Sec-Fetch-Site) pass;
 * - writes must say they are JSON or NDJSON: the content types a cross-site HTML form or a
 *   "simple" fetch cannot send (415 otherwise);
 * - security headers on every response, with a CSP that allows only the app's own files.
 */
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import { ApiError } from "../http/errors.ts";
import type { AppEnv } from "../http/context.ts";
import { isReadMethod } from "./access.ts";

export function hostCheck(allowedHosts: readonly string[]) {
  const any = allowedHosts.includes("*");
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!any) {
      const host = new URL(c.req.url).hostname.toLowerCase();
      if (!allowed.has(host)) {
        throw new ApiError(421, `this server does not answer to the host "${host.slice(0, 253)}"; if clients should reach it by that name, add it to OPSLEDGER_ALLOWED_HOSTS`);
      }
    }
    await next();
  });
}

export function crossOriginCheck() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (isReadMethod(c.req.method) || c.req.method === "OPTIONS") return next();
    if (/^Bearer\s/i.test(c.req.header("authorization") ?? "")) return next();
    const refuse = (why: string) => new ApiError(403, `cross-site ${c.req.method} refused: ${why}; writes come from opsledger's own pages, or carry an Authorization: Bearer token`, undefined, "cross-site-request");
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined) {
      if (site === "same-origin" || site === "none") return next();
      throw refuse(`Sec-Fetch-Site is ${site}`);
    }
    const origin = c.req.header("origin");
    if (origin === undefined) return next();
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== null && originHost === new URL(c.req.url).host) return next();
    throw refuse(`the Origin ${origin.slice(0, 200)} is not this server`);
  });
}

const JSON_TYPES = /^application\/(json|x-ndjson|ndjson|[a-z0-9.+-]+\+json)$/;

export function contentTypeCheck() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === "POST" || c.req.method === "PUT" || c.req.method === "PATCH") {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (!JSON_TYPES.test(type)) {
        throw new ApiError(415, `${c.req.method} ${c.req.path} takes application/json or application/x-ndjson (Content-Type was ${type === "" ? "missing" : `"${type.slice(0, 100)}"`})`);
      }
    }
    await next();
  });
}

/** Content-Security-Policy: the app's own scripts, styles, images and API, nothing inline, no framing. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    // Sent on https only by browsers' rules; harmless on plain http.
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
