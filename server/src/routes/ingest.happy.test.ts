import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { CORE_BATCH } from "../testing/problems.ts";

const ndjson = CORE_BATCH.map((l) => JSON.stringify(l)).join("\n");

describe.each(DIALECTS)("POST /api/ingest on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const post = (body: string, type = "application/x-ndjson") => t.app.request("/api/ingest", { method: "POST", body, headers: { "content-type": type } });

  test("a valid batch is written, and sending it twice changes nothing", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await post(ndjson);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ written: { team: 1, person: 1, deployment: 1 }, total: 3 });
    }
    expect(await t.database.db.selectFrom("deployments").select("id").execute()).toEqual([{ id: "d1" }]);
    const teams = await t.app.request("/api/teams");
    expect(await teams.json()).toEqual({ teams: [{ team: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"], repoServices: {}, compliance: [] }] });
  });

  test.each(["application/json", "application/json; charset=utf-8", "application/x-ndjson", "application/ndjson"])("a JSON array works as well as NDJSON (%s)", async (type) => {
    const res = await post(JSON.stringify(CORE_BATCH), type);
    expect(res.status).toBe(200);
  });

  test.each([
    ["an empty body", ""],
    ["whitespace only", " \n\n "],
    ["an empty array", "[]"],
  ])("%s is an empty batch: 200, nothing written", async (_, body) => {
    const before = await t.database.db.selectFrom("teams").select("id").execute();
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ written: {}, total: 0 });
    expect(await t.database.db.selectFrom("teams").select("id").execute()).toEqual(before);
  });
});
