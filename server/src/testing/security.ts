/**
 * What the security test files share: an app that requires credentials (an admin, a viewer and a
 * revoked token exist), the documented operations read from /api/openapi.json, and a snapshot of
 * every table's row count to show a refused request wrote nothing.
 */
import type { DialectName } from "@opsledger/db/testing";
import { applicationTables, countRows, revokeApiToken } from "@opsledger/db";
import { createApiToken } from "../security/tokens.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import type { Environment } from "../env.ts";
import type { AppDeps } from "../deps.ts";

export const TEST_SECRET = "test-secret-for-hmac-0123456789abcdef";

export interface SecuredApp extends TestApp {
  admin: string;
  viewer: string;
  revoked: string;
}

export async function createSecuredApp(dialect: DialectName, options: { env?: Partial<Environment>; now?: number } & Partial<Pick<AppDeps, "log" | "telemetry" | "bindHost" | "webDist">> = {}): Promise<SecuredApp> {
  const t = await createTestApp(dialect, { ...options, env: { secret: TEST_SECRET, ...options.env } });
  const now = Date.parse("2026-01-01T00:00:00Z");
  const admin = await createApiToken(t.database.db, TEST_SECRET, { name: "ci", role: "admin", now });
  const viewer = await createApiToken(t.database.db, TEST_SECRET, { name: "grafana", role: "viewer", now });
  const revoked = await createApiToken(t.database.db, TEST_SECRET, { name: "old", role: "admin", now });
  await revokeApiToken(t.database.db, revoked.id, now);
  return { ...t, admin: admin.token, viewer: viewer.token, revoked: revoked.token };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface Operation {
  method: string;
  /** The OpenAPI path under /api, with {params}. */
  path: string;
  tags: string[];
  public: boolean;
  parameters: { name: string; in: "path" | "query"; required: boolean; example: unknown }[];
  /** The first content type of the request body, with its example. */
  body: { type: string; example: unknown } | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; parameters?: { name: string; in: "path" | "query"; required?: boolean; schema?: { example?: unknown } }[]; requestBody?: { content: Record<string, { example?: unknown }> } }>>;
}

/** Every documented operation, read from the served document. */
export async function documentedOperations(t: TestApp): Promise<Operation[]> {
  const doc = (await (await t.app.request("/api/openapi.json")).json()) as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = Object.entries(op.requestBody?.content ?? {})[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        tags: op.tags ?? [],
        public: op.security === undefined,
        parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required === true, example: p.schema?.example })),
        body: content === undefined ? null : { type: content[0], example: content[1].example },
      });
    }
  }
  return operations;
}

/** The path with each {param} replaced (by its example unless given). */
export function fillPath(op: Operation, values: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? String(op.parameters.find((p) => p.name === name)?.example ?? "x")));
}

export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await applicationTables(t.database.db)) counts[table.name] = await countRows(t.database.db, table.name);
  return counts;
}
