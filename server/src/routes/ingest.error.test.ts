/** Bad batches: a 400, 413 or 415 problem naming what is wrong, and nothing written. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { CORE_BATCH, expectProblem } from "../testing/problems.ts";

const ndjson = CORE_BATCH.map((l) => JSON.stringify(l)).join("\n");

describe.each(DIALECTS)("POST /api/ingest refuses bad batches on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { ingestLimitBytes: 4096 } });
  });
  afterAll(async () => t.close());

  const post = (body: string, type = "application/x-ndjson") => t.app.request("/api/ingest", { method: "POST", body, headers: { "content-type": type } });
  const nothingWritten = async () => expect(await t.database.db.selectFrom("teams").select("id").execute()).toEqual([]);

  test("an invalid line rejects the whole batch with its line, field and reason, and writes nothing", async () => {
    const bad = [...CORE_BATCH.slice(0, 2), { ...CORE_BATCH[2], status: "shipped" }].map((l) => JSON.stringify(l)).join("\n");
    const problem = await expectProblem(await post(bad), 400, /line 3, status/, "batch-rejected");
    expect(problem.errors).toEqual([{ in: "body", line: 3, field: "status", detail: expect.stringContaining("success") }]);
    await nothingWritten();
  });

  test.each([
    ["a line that is not JSON", `${ndjson}\n{"kind": "team",`, 4, ""],
    ["an array that is not valid JSON", "[{]", 1, ""],
    ["a line that is not an object", "42", 1, ""],
    ["an unknown kind", '{"kind":"server"}', 1, "kind"],
  ])("%s → 400 at line %i", async (_, body, line, field) => {
    const problem = await expectProblem(await post(body), 400, "batch rejected, nothing written", "batch-rejected");
    expect(problem.errors?.[0]).toMatchObject({ in: "body", line, field });
    await nothingWritten();
  });

  test("a body past the limit is refused with 413", async () => {
    await expectProblem(await post(`${ndjson}\n${" ".repeat(5000)}`), 413, "larger than 4096 bytes", "payload-too-large");
    await nothingWritten();
  });

  test.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"], [""]])("Content-Type %j is a 415", async (type) => {
    const res = await t.app.request("/api/ingest", { method: "POST", body: ndjson, headers: type === "" ? {} : { "content-type": type } });
    await expectProblem(res, 415, "application/json or application/x-ndjson", "unsupported-media-type");
    await nothingWritten();
  });
});
