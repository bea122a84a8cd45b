/**
 * Signing the web app in and out: POST /session checks an API token and keeps it in an HttpOnly,
 * SameSite=Strict cookie (script on the page never sees it, and other sites' requests never carry
 * it); DELETE forgets it; GET says who is signed in and whether the server needs anyone to be.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { ServerDeps } from "../deps.ts";
import { json, routeGroup } from "../api/openapi.ts";
import { problems } from "../api/schemas/common.ts";
import { sessionResponse, signInBody } from "../api/schemas/system.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { SESSION_COOKIE, fromTrustedProxy } from "../security/auth.ts";
import type { SecuritySettings } from "../security/settings.ts";
import { checkApiToken, TOKEN_REFUSALS } from "../security/tokens.ts";

/** A sign-in lasts this long; signing in again renews it. */
const SESSION_SECONDS = 7 * 24 * 3600;

const getSession = createRoute({
  method: "get",
  path: "/session",
  tags: ["system"],
  summary: "Who is signed in",
  description: "Public. `signInRequired` tells the web app to show its sign-in page.",
  responses: { 200: json(sessionResponse, "The session") },
});

const signIn = createRoute({
  method: "post",
  path: "/session",
  tags: ["system"],
  summary: "Sign the web app in with an API token",
  description: "Checks the token and sets the opsledger_session cookie (HttpOnly, SameSite=Strict, Secure over https). Public, but a cross-site request is refused.",
  request: { body: { required: true, content: { "application/json": { schema: signInBody } } } },
  responses: {
    200: json(sessionResponse, "Signed in"),
    ...problems({ 400: "No token in the body", 401: "The token is not valid, revoked, or this server cannot check tokens", 403: "A cross-site request", 415: "Not application/json", 421: "A Host this server does not answer to" }),
  },
});

const signOut = createRoute({
  method: "delete",
  path: "/session",
  tags: ["system"],
  summary: "Sign out",
  description: "Forgets the sign-in cookie. Public.",
  responses: { 200: json(sessionResponse, "Signed out") },
});

const secure = (c: Context, security: SecuritySettings): boolean =>
  new URL(c.req.url).protocol === "https:" || (fromTrustedProxy(c, security) && c.req.header("x-forwarded-proto") === "https");

export const sessionRoutes = (deps: ServerDeps & { security: SecuritySettings; isOpen: () => Promise<boolean> }) =>
  routeGroup()
    .openapi(getSession, async (c) => {
      const principal = (c as unknown as Context<AppEnv>).var.principal;
      const open = await deps.isOpen();
      return c.json(
        {
          authenticated: principal !== null,
          role: principal?.role ?? null,
          name: principal?.name ?? null,
          via: principal?.via ?? null,
          signInRequired: !open && principal === null,
        },
        200,
      );
    })
    .openapi(signIn, async (c) => {
      const check = await checkApiToken(deps.db, deps.security.secret, c.req.valid("json").token);
      if (!check.ok) throw new ApiError(401, `sign-in refused: ${TOKEN_REFUSALS[check.reason]}`);
      setCookie(c, SESSION_COOKIE, c.req.valid("json").token, { httpOnly: true, sameSite: "Strict", path: "/", secure: secure(c, deps.security), maxAge: SESSION_SECONDS });
      return c.json({ authenticated: true, role: check.token.role, name: check.token.name, via: "cookie" as const, signInRequired: false }, 200);
    })
    .openapi(signOut, async (c) => {
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secure(c, deps.security) });
      return c.json({ authenticated: false, role: null, name: null, via: null, signInRequired: !(await deps.isOpen()) }, 200);
    });
