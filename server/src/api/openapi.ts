/**
 * The API contract: every route is declared with `createRoute` (zod request and response
 * schemas) and registered with `app.openapi`, so one schema validates the request, types the
 * handler's answer and the web client (`hc<AppType>`), and documents it in /api/openapi.json.
 */
import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { validationHook } from "../http/validate.ts";
import { PROBLEM_TYPES, problemTypeUri } from "../http/errors.ts";
import { VERSION } from "../version.ts";

/** A route group: an OpenAPIHono whose validation failures are 400 problems naming each field. */
export const routeGroup = () =>
  new OpenAPIHono({
    defaultHook: (result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context) => validationHook(result, c),
  });

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

/** Security requirements, for the document: read routes need a viewer, writes an admin (access.ts enforces both). */
export const viewer: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }, { proxy: [] }];
export const admin: Record<string, string[]>[] = viewer;

const problemList = Object.entries(PROBLEM_TYPES)
  .map(([type, title]) => `- \`${problemTypeUri(type as keyof typeof PROBLEM_TYPES)}\`: ${title}`)
  .join("\n");

export const DOCUMENT_DESCRIPTION = `The JSON API the dashboard reads, for scripts and reports. Paths are relative to \`/api\`.

**Access.** Read routes (GET) need the \`viewer\` role, writes the \`admin\` role: an API token sent as \`Authorization: Bearer opsl_…\` (\`opsledger token create --name ci --role viewer\`), the web app's sign-in cookie, or a trusted authenticating proxy's user header. A server on a loopback address with no token and no proxy configured is open to anyone who reaches it. Every request must name a host in OPSLEDGER_ALLOWED_HOSTS (default: localhost, 127.0.0.1, [::1]), or it gets 421. Writes must be \`application/json\` or \`application/x-ndjson\` (415 otherwise), and come from the app's own origin or carry a bearer token (403 otherwise).

**Names.** A team is \`team\` (its id) wherever a response refers to one; a row about one team or person names it by id (\`team\`, \`person\`) with its display name in \`name\`; elsewhere the display name is \`teamName\` / \`personName\`. Instants are ISO-8601 strings in UTC; durations are minutes in fields ending in \`Minutes\`; rates and shares are fractions 0..1. A figure with no data is \`null\`, never 0, and comes with the count it was computed from. \`notes\` say what was left out and why.

**Ranges.** \`from\` and \`to\` take YYYY-MM-DD (UTC; a \`to\` date is inclusive) or an ISO-8601 instant with an offset. Both left out: the 90 days before now. The range never runs past now, is at most 2 calendar years, and is echoed as \`range\`.

**Errors.** Every error is an RFC 9457 problem (\`application/problem+json\`) with \`type\`, \`title\`, \`status\`, \`detail\`, the \`requestId\` (also in the X-Request-Id header and the server log) and, when fields were at fault, \`errors[]\` (\`in\`, \`field\`, \`line\` for ingest, \`detail\`). Problem types:
${problemList}

Reads have a deadline (OPSLEDGER_REQUEST_TIMEOUT_SECONDS, default 30): past it the answer is a 504.`;

export const documentConfig = {
  openapi: "3.1.0",
  info: { title: "opsledger API", version: VERSION, description: DOCUMENT_DESCRIPTION, license: { name: "Apache-2.0", identifier: "Apache-2.0" } },
  servers: [{ url: "/api", description: "This server" }],
  tags: [
    { name: "system", description: "Health, readiness and signing in" },
    { name: "teams", description: "Teams and what they own" },
    { name: "metrics", description: "Each team's figures over a range" },
    { name: "records", description: "The records behind a figure" },
    { name: "people", description: "One person's own view: interruptions in their time zone, nights, ops work, shifts" },
    { name: "org", description: "Every team side by side" },
    { name: "reports", description: "The quarterly leadership report" },
    { name: "ingest", description: "Sending data" },
    { name: "notifications", description: "Threshold notification rules, their state and what was sent" },
  ],
};

export function registerSecuritySchemes(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API token from `opsledger token create` (opsl_…)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "opsledger_session",
    description: "Set by POST /session when the web app signs in",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "proxy", {
    type: "apiKey",
    in: "header",
    name: "X-Forwarded-User",
    description: "The user an authenticating proxy at a trusted address (OPSLEDGER_TRUSTED_PROXIES) names; the header name is OPSLEDGER_PROXY_USER_HEADER",
  });
}
