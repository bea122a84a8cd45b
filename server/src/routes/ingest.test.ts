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

  test.each([
    ["an integer past int4", { kind: "change", id: "c1", repo: "acme/api", number: 3_000_000_000, author: "ana", created_at: "2026-03-01T08:00:00Z", merged_at: "2026-03-01T15:00:00Z", merge_sha: "m1" }, "number", "from -2147483648 to 2147483647"],
    ["a level past int4", { kind: "oncall_shift", person: "ana", schedule: "s", level: 2 ** 31, start: "2026-03-02T09:00:00Z", end: "2026-03-03T09:00:00Z" }, "level", "2147483647"],
    ["a NUL in a title", { kind: "incident", id: "Q1", service: "api", title: "Down\u0000", urgency: "high", created_at: "2026-03-02T10:20:00Z" }, "title", "NUL"],
    ["a NUL in a changed file path", { kind: "change", id: "c1", repo: "acme/api", number: 1, author: "ana", created_at: "2026-03-01T08:00:00Z", merged_at: "2026-03-01T15:00:00Z", merge_sha: "m1", files: ["a\u0000b"] }, "files.0", "NUL"],
    ["an id past the key limit", { kind: "alert", id: "é".repeat(300), service: "api", key: "k", created_at: "2026-03-02T10:20:00Z" }, "id", "512 bytes"],
    ["a __proto__ key in repo_services", JSON.parse('{"kind":"team","id":"t","name":"T","repos":["acme/api"],"services":["api"],"repo_services":{"__proto__":["api"]}}'), "repo_services.__proto__", "not allowed"],
    ["an unknown trigger", { kind: "deployment", id: "d9", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", trigger: "by-hand" }, "trigger", "manual"],
  ])("%s is refused with its line and field on both databases, and nothing is written", async (_name, line, path, message) => {
    const zed = { kind: "person", id: "zed", name: "Zed", timezone: "UTC" };
    const res = await post([JSON.stringify(zed), JSON.stringify(line)].join("\n"));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: { line: number; path: string; message: string }[] };
    expect(body.problems[0]).toEqual({ line: 2, path, message: expect.stringContaining(message) });
    expect(await t.database.db.selectFrom("people").select("id").where("id", "=", "zed").execute()).toEqual([]);
  });

  test("the fields the ops-work ledger needs are stored and read back: files, changed_files, creator, trigger, triggered_by", async () => {
    const batch = [
      { kind: "deployment", id: "d2", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", creator: "ana-o", trigger: "manual" },
      { kind: "change", id: "acme/api#9", repo: "acme/api", number: 9, author: "ana-o", created_at: "2026-03-01T08:00:00Z", merged_at: "2026-03-01T15:00:00Z", merge_sha: "m9", files: ["infra/main.tf", ".github/workflows/ci.yml"], changed_files: 40 },
      { kind: "change", id: "acme/api#10", repo: "acme/api", number: 10, author: "ana-o", created_at: "2026-03-01T08:00:00Z", merged_at: "2026-03-01T15:00:00Z", merge_sha: "m10" },
      { kind: "ci_run", id: "7781-2", repo: "acme/api", workflow: "ci", branch: "main", sha: "abc", event: "push", attempt: 2, status: "success", started_at: "2026-03-01T15:00:00Z", finished_at: "2026-03-01T15:10:00Z", triggered_by: "bo" },
    ];
    const res = await post(batch.map((l) => JSON.stringify(l)).join("\n"));
    expect(res.status).toBe(200);
    const db = t.database.db;
    expect(await db.selectFrom("deployments").select(["creator", "trigger"]).where("id", "=", "d2").executeTakeFirstOrThrow()).toEqual({ creator: "ana-o", trigger: "manual" });
    expect(await db.selectFrom("changes").select(["id", "changed_files", "has_file_list"]).where("repo", "=", "acme/api").orderBy("id").execute()).toEqual([
      { id: "acme/api#10", changed_files: null, has_file_list: 0 },
      { id: "acme/api#9", changed_files: 40, has_file_list: 1 },
    ]);
    expect((await db.selectFrom("change_files").select("path").orderBy("path").execute()).map((r) => r.path)).toEqual([".github/workflows/ci.yml", "infra/main.tf"]);
    expect(await db.selectFrom("ci_runs").select("triggered_by").where("id", "=", "7781-2").executeTakeFirstOrThrow()).toEqual({ triggered_by: "bo" });
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
