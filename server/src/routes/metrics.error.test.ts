/**
 * What a client gets for bad input on the metric endpoints: a 400 or 404 problem (RFC 9457) whose
 * detail names the problem and whose `errors` name the fields, never a 500; the query is checked
 * before the team is looked up.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { CORE_BATCH, expectProblem, jsonPost } from "../testing/problems.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");

describe.each(DIALECTS)("metric endpoints refuse bad input on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    expect((await t.app.request("/api/ingest", jsonPost(CORE_BATCH))).status).toBe(200);
  });
  afterAll(async () => t.close());

  test.each([
    ["/api/teams/nope/dora", 404, 'no team "nope"', []],
    ["/api/teams/nope/records?metric=changes", 404, 'no team "nope"', []],
    ["/api/teams/core/dora?from=2026-03-10&to=2026-03-01", 400, "must be before", ["from", "to"]],
    ["/api/teams/core/dora?from=2026-03-10T00:00:00Z&to=2026-03-10T00:00:00Z", 400, "must be before", ["from", "to"]],
    ["/api/teams/core/dora?from=2026-02-30", 400, "from", ["from"]],
    ["/api/teams/core/dora?from=yesterday", 400, "not a date", ["from"]],
    ["/api/teams/core/dora?from=2026-03-01T10:00:00", 400, "offset", ["from"]],
    ["/api/teams/core/dora?from=2023-01-01&to=2026-01-01", 400, "longer than 2 years", ["from", "to"]],
    ["/api/teams/core/dora?form=2026-01-01", 400, "unknown parameter form", ["form"]],
    ["/api/teams/core/ci?page=2", 400, "page", ["page"]],
    ["/api/teams/core/series?metric=velocity", 400, "metric", ["metric"]],
    ["/api/teams/core/series?metric=deployments&bucket=day", 400, "bucket", ["bucket"]],
    ["/api/teams/core/series", 400, "metric", ["metric"]],
    // The ops-share series is the team's share by category; each person's load is on /oncall.
    ["/api/teams/core/series?metric=ops-share&people=3", 400, "people: unknown parameter people", ["people"]],
    ["/api/teams/core/records?metric=changes&page=0", 400, "page", ["page"]],
    ["/api/teams/core/records?metric=changes&pageSize=abc", 400, "pageSize", ["pageSize"]],
    ["/api/teams/core/records?metric=everything", 400, "metric", ["metric"]],
    ["/api/teams/core/alerts?sprint=1.5", 400, "sprint", ["sprint"]],
    ["/api/teams/core/alerts?sprint=1e20", 400, "sprint", ["sprint"]],
    ["/api/teams/core/dora?from=0099-01-01", 400, "not a date", ["from"]],
    ["/api/teams/core/alerts?sprint=3&from=2026-03-01", 400, "either sprint or from/to", ["sprint"]],
    ["/api/teams/core/sprints", 400, "sprint", ["sprint"]],
    ["/api/teams/core/sprints?sprint=4&last=0", 400, "last must be at least 1", ["last"]],
    ["/api/teams/core/sprints?sprint=4&last=13", 400, "last must be at most 12", ["last"]],
    ["/api/teams/core/sprints?sprint=4&from=2026-03-01", 400, "from", ["from"]],
    ["/api/teams/nope/sprints?sprint=4", 404, 'no team "nope"', []],
    ["/api/teams/core/signals?asOf=soon", 400, "asOf", ["asOf"]],
    ["/api/teams/core/signals?from=2026-03-01", 400, "from", ["from"]],
    ["/api/org/summary?from=2026-04-01&to=2026-03-01", 400, "must be before", ["from", "to"]],
    ["/api/teams/nope/dora?form=1", 400, "form", ["form"]],
  ])("%s → %i", async (path, status, detail, fields) => {
    const problem = await expectProblem(await t.app.request(path), status, detail, status === 404 ? "not-found" : "invalid-request");
    expect((problem.errors ?? []).map((e) => e.field)).toEqual(fields);
    for (const e of problem.errors ?? []) expect(e.in).toBe("query");
  });

  test("an unknown path under /api is a 404 problem, whatever the method", async () => {
    await expectProblem(await t.app.request("/api/nope"), 404, "no such endpoint: GET /api/nope", "not-found");
    await expectProblem(await t.app.request("/api/teams/core", { method: "DELETE" }), 404, "no such endpoint", "not-found");
  });

  test("odd client input is answered with a 4xx problem, never a 500", async () => {
    const odd = [
      "/api/teams/%E2%9C%93/dora",
      "/api/teams/core/dora?from=",
      "/api/teams/core/dora?to=2026-13-01",
      "/api/teams/core/dora?from=9999-12-31",
      "/api/teams/core/dora?from=2026-03-01T25:00:00Z",
      "/api/teams/core/signals?asOf=",
      "/api/teams/core/series?metric=",
      "/api/teams/core/records?metric=pages&page=-1",
      "/api/teams/core/records?metric=pages&pageSize=100000",
      "/api/teams/core/alerts?sprint=",
      "/api/teams/core/alerts?sprint=abc",
      "/api/org/summary?team=core",
      "/api/reports/2026-Q9",
      "/api/reports/2026-Q3/export?format=pdf",
    ];
    for (const path of odd) {
      const res = await t.app.request(path);
      expect({ path, status: res.status >= 400 && res.status < 500, type: res.headers.get("content-type") }).toEqual({ path, status: true, type: "application/problem+json" });
    }
  });
});
