/**
 * The access rules every route group's security file checks for its own documented operations
 * (read from /api/openapi.json, so a route added later is covered without touching a test):
 * reads need a viewer, writes an admin; no token, a revoked one or a forged one is 401; a viewer
 * writing is 403; a refused request writes nothing; SQL-injection and path-traversal strings in
 * every parameter are a 4xx or an empty answer, never a 500, and leave every table as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { CORE_BATCH, jsonPost } from "./problems.ts";
import { bearer, createSecuredApp, documentedOperations, fillPath, tableCounts, type Operation, type SecuredApp } from "./security.ts";

export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE teams; --",
  "core' UNION SELECT name FROM sqlite_master --",
  "../../../../etc/passwd",
  "..%2F..%2Fpackage.json",
  "%00",
  "<script>alert(1)</script>",
  "${7*7}",
];

const requestFor = (op: Operation, headers: Record<string, string>, path = fillPath(op)): [string, RequestInit] => {
  const init: RequestInit = { method: op.method, headers: { ...headers } };
  if (op.body !== null) {
    init.body = typeof op.body.example === "string" ? op.body.example : JSON.stringify(op.body.example ?? {});
    init.headers = { "content-type": op.body.type, ...headers };
  }
  return [`/api${path}`, init];
};

export function describeAccessRules(tags: readonly string[]): void {
  describe.each(DIALECTS)(`who may call the ${tags.join(", ")} routes, on %s`, (dialect) => {
    let t: SecuredApp;
    let operations: Operation[] = [];
    beforeAll(async () => {
      t = await createSecuredApp(dialect);
      expect((await t.app.request("/api/ingest", jsonPost(CORE_BATCH, bearer(t.admin)))).status).toBe(200);
      operations = (await documentedOperations(t)).filter((op) => op.tags.some((tag) => tags.includes(tag)) && !op.public);
    });
    afterAll(async () => t.close());

    test("the group has documented operations that need credentials", () => {
      expect(operations.length).toBeGreaterThan(0);
    });

    test("without credentials, with a revoked or a forged token, every operation is 401 and writes nothing", async () => {
      const before = await tableCounts(t);
      const forged = `opsl_${"0".repeat(12)}_${"A".repeat(43)}`;
      for (const headers of [{}, bearer(t.revoked), bearer(forged), bearer("not-a-token"), { authorization: "Basic YWRtaW46YWRtaW4=" }]) {
        for (const op of operations) {
          const res = await t.app.request(...requestFor(op, headers));
          expect({ op: `${op.method} ${op.path}`, headers, status: res.status }).toEqual({ op: `${op.method} ${op.path}`, headers, status: 401 });
          expect(res.headers.get("www-authenticate")).toContain("Bearer");
        }
      }
      expect(await tableCounts(t)).toEqual(before);
    });

    test("a viewer reads but may not write: 403, nothing written", async () => {
      const before = await tableCounts(t);
      for (const op of operations) {
        const res = await t.app.request(...requestFor(op, bearer(t.viewer)));
        const expected = op.method === "GET" ? "allowed" : 403;
        const got = op.method === "GET" ? (res.status === 401 || res.status === 403 ? res.status : "allowed") : res.status;
        expect({ op: `${op.method} ${op.path}`, got }).toEqual({ op: `${op.method} ${op.path}`, got: expected });
      }
      expect(await tableCounts(t)).toEqual(before);
    });

    test("an admin may call every operation", async () => {
      for (const op of operations) {
        const res = await t.app.request(...requestFor(op, bearer(t.admin)));
        expect({ op: `${op.method} ${op.path}`, allowed: res.status !== 401 && res.status !== 403 }).toEqual({ op: `${op.method} ${op.path}`, allowed: true });
      }
    });

    test("SQL-injection and path-traversal strings in every parameter: a 4xx or an empty answer, never a 500, tables unchanged", async () => {
      const before = await tableCounts(t);
      for (const op of operations.filter((o) => o.method === "GET")) {
        for (const param of op.parameters) {
          for (const hostile of HOSTILE_STRINGS) {
            const path = param.in === "path" ? fillPath(op, { [param.name]: hostile }) : fillPath(op);
            const query = param.in === "query" ? `?${new URLSearchParams({ [param.name]: hostile }).toString()}` : "";
            const res = await t.app.request(`/api${path}${query}`, { headers: bearer(t.viewer) });
            const text = await res.text();
            const where = `${op.method} ${op.path} ${param.name}=${hostile}`;
            if (res.status === 200) {
              // Accepted as an opaque value: it matched nothing.
              const body = JSON.parse(text) as { items?: unknown[]; total?: number };
              expect({ where, empty: body.items === undefined || body.items.length === 0 }).toEqual({ where, empty: true });
            } else {
              expect({ where, clientError: res.status >= 400 && res.status < 500 }).toEqual({ where, clientError: true });
            }
            // Nothing from outside the database comes back: no file a traversal could reach.
            expect({ where, leaked: /root:x:0|"workspaces"/.test(text) }).toEqual({ where, leaked: false });
          }
        }
      }
      expect(await tableCounts(t)).toEqual(before);
    });
  });
}
