/**
 * Writes through POST /api/ingest: the access rules of every write route, plus what keeps a web
 * page the user visits from writing into their opsledger (cross-site requests, simple content
 * types), and hostile values stored as plain text without touching any other table.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { describeAccessRules } from "../testing/accessRules.ts";
import { CORE_BATCH, expectProblem, jsonPost } from "../testing/problems.ts";
import { tableCounts } from "../testing/security.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

describeAccessRules(["ingest"]);

const ndjson = CORE_BATCH.map((l) => JSON.stringify(l)).join("\n");

// An open loopback server (no token): the quick start. Only the browser-side checks stand in the way.
describe.each(DIALECTS)("cross-site writes to an open server on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  test.each([
    ["a cross-origin text/plain POST (a form or a no-cors fetch)", { origin: "http://evil.example", "content-type": "text/plain" }],
    ["a cross-origin JSON POST", { origin: "http://evil.example", "content-type": "application/json" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/x-ndjson" }],
    ["Sec-Fetch-Site: same-site (another subdomain)", { "sec-fetch-site": "same-site", "content-type": "application/x-ndjson" }],
    ["an opaque Origin (a sandboxed frame)", { origin: "null", "content-type": "application/json" }],
    ["the same host on another port", { origin: "http://localhost:9999", "content-type": "application/json" }],
  ])("%s is a 403 and writes nothing", async (_, headers) => {
    const before = await tableCounts(t);
    const res = await t.app.request("http://localhost:8080/api/ingest", { method: "POST", body: ndjson, headers });
    await expectProblem(res, 403, "cross-site POST refused", "cross-site-request");
    expect(await tableCounts(t)).toEqual(before);
  });

  test.each([
    ["the app's own origin", { origin: "http://localhost:8080" }],
    ["Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }],
    ["no Origin at all (curl, a script)", {}],
  ])("%s may write", async (_, headers) => {
    const res = await t.app.request("http://localhost:8080/api/ingest", { method: "POST", body: ndjson, headers: { "content-type": "application/x-ndjson", ...headers } });
    expect(res.status).toBe(200);
  });

  test("hostile strings in record fields are stored as text and touch nothing else", async () => {
    const before = await tableCounts(t);
    const hostile = "x'); DROP TABLE teams; --";
    const batch = [
      { kind: "person", id: "mallory", name: hostile, timezone: "UTC", github: "' OR 1=1 --" },
      { kind: "incident", id: "inc-'--", service: "api", title: "<script>alert(1)</script>", urgency: "high", created_at: "2026-03-03T10:00:00Z" },
    ];
    expect((await t.app.request("/api/ingest", jsonPost(batch))).status).toBe(200);
    const after = await tableCounts(t);
    expect(after.teams).toBe(before.teams);
    expect(after.people).toBe((before.people ?? 0) + 1);
    expect(await t.database.db.selectFrom("people").select("name").where("id", "=", "mallory").executeTakeFirst()).toEqual({ name: hostile });
    expect(await t.database.db.selectFrom("incidents").select("title").where("id", "=", "inc-'--").executeTakeFirst()).toEqual({ title: "<script>alert(1)</script>" });
  });
});
