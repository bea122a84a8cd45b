/**
 * The one API contract: /api/openapi.json is a valid OpenAPI 3.1 document (checked by
 * @seriousme/openapi-schema-validator against the official schema), and every documented
 * operation, called with its documented examples on the demo org, answers with a documented
 * status whose body the documented schema accepts (Ajv, JSON Schema 2020-12, additional
 * properties refused) — so the document cannot drift from what the server does.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { loadDemo } from "../demo/index.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { documentedOperations, fillPath, type Operation } from "../testing/security.ts";

// The documented examples (2026-Q3, from 2026-08-01 to 2026-10-31, sprint 20) were written against this instant.
const NOW = Date.parse("2026-11-18T10:00:00Z");
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

describe("the OpenAPI document", () => {
  let t: TestApp;
  let doc: Doc;
  let operations: Operation[];
  let ajv: Ajv2020;

  beforeAll(async () => {
    t = await createTestApp("sqlite", { now: NOW });
    await loadDemo(t.database.db, { scale: 1, seed: 1, now: NOW });
    doc = (await (await t.app.request("/api/openapi.json")).json()) as Doc;
    operations = await documentedOperations(t);
    ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema(doc, "openapi");
  }, 120_000);
  afterAll(async () => t.close());

  test("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("documents every route the API answers", () => {
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      [
        "DELETE /session",
        "GET /health",
        "GET /notifications/history",
        "GET /notifications/rules",
        "GET /org/summary",
        "GET /people/{person}",
        "GET /ready",
        "GET /reports/{quarter}",
        "GET /reports/{quarter}/export",
        "GET /session",
        "GET /teams",
        "GET /teams/{team}/alerts",
        "GET /teams/{team}/ci",
        "GET /teams/{team}/dora",
        "GET /teams/{team}/maturity",
        "GET /teams/{team}/oncall",
        "GET /teams/{team}/ops-work",
        "GET /teams/{team}/records",
        "GET /teams/{team}/series",
        "GET /teams/{team}/signals",
        "GET /teams/{team}/sprints",
        "POST /ingest",
        "POST /session",
        "POST /webhooks/github",
        "POST /webhooks/gitlab",
      ].sort(),
    );
  });

  const pointer = (...segments: string[]) => `openapi#/${segments.map((s) => encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/")}`;

  /** Calls the operation and checks the answer against the document: a documented status, and a body its schema accepts. */
  async function check(op: Operation, query: Record<string, string>): Promise<number> {
    const qs = new URLSearchParams(query).toString();
    const init: RequestInit = { method: op.method };
    if (op.body !== null) {
      init.body = typeof op.body.example === "string" ? op.body.example : JSON.stringify(op.body.example ?? {});
      init.headers = { "content-type": op.body.type };
    }
    const res = await t.app.request(`/api${fillPath(op)}${qs === "" ? "" : `?${qs}`}`, init);
    const where = `${op.method} ${op.path}?${qs}`;
    const documented = doc.paths[op.path]?.[op.method.toLowerCase()]?.responses[String(res.status)];
    expect({ where, status: res.status, documented: documented !== undefined }).toEqual({ where, status: res.status, documented: true });
    const type = (res.headers.get("content-type") ?? "").split(";")[0] ?? "";
    if (type === "application/json" || type === "application/problem+json") {
      expect(documented?.content?.[type]).toBeDefined();
      const validate = ajv.compile({ $ref: pointer("paths", op.path, op.method.toLowerCase(), "responses", String(res.status), "content", type, "schema") });
      const body: unknown = await res.json();
      validate(body);
      expect({ where, errors: validate.errors ?? [] }).toEqual({ where, errors: [] });
    }
    return res.status;
  }

  test("every operation, called with its documented examples, answers as documented", async () => {
    for (const op of operations) {
      const required = Object.fromEntries(op.parameters.filter((p) => p.in === "query" && p.required).map((p) => [p.name, String(p.example)]));
      const status = await check(op, required);
      // Reads work as documented; writes answer with one of their documented statuses (the sign-in example is no real token).
      if (op.method === "GET") expect({ op: `${op.method} ${op.path}`, status }).toEqual({ op: `${op.method} ${op.path}`, status: 200 });
      // Each optional parameter's example too, one at a time.
      for (const p of op.parameters.filter((p) => p.in === "query" && !p.required && p.example !== undefined)) {
        const withOne = await check(op, { ...required, [p.name]: String(p.example) });
        if (op.method === "GET") expect({ op: `${op.method} ${op.path}`, param: p.name, status: withOne }).toEqual({ op: `${op.method} ${op.path}`, param: p.name, status: 200 });
      }
    }
  }, 120_000);

  test("every read operation and query parameter has an example", () => {
    for (const op of operations) {
      for (const p of op.parameters) expect({ op: op.path, param: p.name, example: p.example !== undefined }).toEqual({ op: op.path, param: p.name, example: true });
    }
  });

  test("the reference page is served from this server's own files", async () => {
    const page = await (await t.app.request("/api/docs")).text();
    expect(page).toContain('src="/api/docs/swagger-ui-bundle.js"');
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await t.app.request("/api/docs/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
  });
});
