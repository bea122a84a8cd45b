import { z } from "@hono/zod-openapi";
import { orNull } from "./common.ts";

export const healthResponse = z
  .strictObject({ status: z.literal("ok"), version: z.string().openapi({ example: "0.1.0" }) })
  .openapi("HealthResponse", { description: "The process is up and answering; nothing else is checked" });

export const readyResponse = z
  .strictObject({
    status: z.enum(["ready", "not-ready"]),
    version: z.string(),
    database: z.strictObject({
      reachable: z.boolean(),
      migrations: z.strictObject({ applied: z.number().int(), pending: z.array(z.string()) }).nullable(),
      error: z.string().optional().openapi({ description: "Why the database could not be reached (secrets masked)" }),
    }),
    draining: z.boolean().openapi({ description: "True while the server shuts down: it finishes in-flight requests and should get no new ones" }),
  })
  .openapi("ReadyResponse", { description: "Ready when the database answers, every migration has run and the server is not shutting down" });

export const ROLES = ["viewer", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES).openapi("Role", { description: "viewer: dashboards, reports and the read API; admin: also ingest and configuration" });

export const sessionResponse = z
  .strictObject({
    authenticated: z.boolean(),
    role: orNull(roleSchema),
    name: z.string().nullable().openapi({ description: "The token's name or the proxy user" }),
    via: z.enum(["token", "cookie", "proxy", "open"]).nullable().openapi({ description: "open: a loopback server with no tokens, where everyone is admin" }),
    signInRequired: z.boolean().openapi({ description: "The server needs credentials: show the sign-in page" }),
  })
  .openapi("SessionResponse");

export const signInBody = z.strictObject({
  token: z.string().min(1).openapi({ description: "An API token from `opsledger token create`", example: "opsl_0123456789ab_…" }),
});
