import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const lines = [
  { kind: "team", id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"] },
  { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
  { kind: "deployment", id: "d1", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", commits: ["abc"] },
];
const ndjson = lines.map((l) => JSON.stringify(l)).join("\n");

describe.each(DIALECTS)("POST /api/ingest on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { ingestLimitBytes: 4096 } });
  });
  afterAll(async () => t.close());

  const post = (body: string) => t.app.request("/api/ingest", { method: "POST", body, headers: { "content-type": "application/x-ndjson" } });

  test("an invalid line rejects the whole batch with its line, field and reason, and writes nothing", async () => {
    const bad = [...lines.slice(0, 2), { ...lines[2], status: "shipped" }].map((l) => JSON.stringify(l)).join("\n");
    const res = await post(bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: unknown[] };
    expect(body.problems).toEqual([{ line: 3, path: "status", message: expect.stringContaining("success") }]);
    expect(body.error).toContain("line 3, status");
    const teams = await t.app.request("/api/teams");
    expect(await teams.json()).toEqual({ teams: [] });
  });

  test("a valid batch is written, and sending it twice changes nothing", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await post(ndjson);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ written: { team: 1, person: 1, deployment: 1 }, total: 3 });
    }
    expect(await t.database.db.selectFrom("deployments").select("id").execute()).toEqual([{ id: "d1" }]);
    const teams = await t.app.request("/api/teams");
    expect(await teams.json()).toEqual({ teams: [{ id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"], repoServices: {}, compliance: [] }] });
  });

  test("a JSON array works as well as NDJSON", async () => {
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(lines), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
  });

  test("a body past the limit is refused with 413", async () => {
    const res = await post(`${ndjson}\n${" ".repeat(5000)}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringContaining("larger than 4096 bytes") });
  });

  test("an unknown API path is a JSON 404", async () => {
    const res = await t.app.request("/api/nope");
    expect(res.status).toBe(404);
  });

  test("health reports the database reachable and migrations current", async () => {
    const res = await t.app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { reachable: true, migrations: { pending: [] } } });
  });
});
