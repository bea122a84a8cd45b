/**
 * Change failure with a repo → service mapping, end to end: a team ingested through POST
 * /api/ingest with `repo_services`, its change failure rate, and the failed-deployments drill-down
 * saying why each deployment counts as failed. Plus the mapping refused when it leaves the team.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const WINDOW = "from=2026-03-02&to=2026-03-08";

const team = {
  kind: "team",
  id: "pay",
  name: "Payments",
  repos: ["acme/payments-api", "acme/billing-worker", "acme/tools"],
  services: ["payments", "billing", "psp-gateway"],
  repo_services: { "acme/payments-api": ["payments"], "acme/billing-worker": ["billing"] },
};
const prod = (id: string, repo: string, finished_at: string, extra: Record<string, unknown> = {}) => ({
  kind: "deployment", id, repo: `acme/${repo}`, environment: "production", status: "success", finished_at, sha: `sha-${id}`, ...extra,
});
const incident = (id: string, service: string, created_at: string, extra: Record<string, unknown> = {}) => ({
  kind: "incident", id, service, title: id, urgency: "high", created_at, resolved_at: created_at.replace(/:00:00Z$/, ":30:00Z"), ...extra,
});

const records = [
  team,
  prod("api1", "payments-api", "2026-03-02T10:00:00Z"),
  prod("bill1", "billing-worker", "2026-03-02T12:00:00Z"),
  prod("api2", "payments-api", "2026-03-04T10:00:00Z"),
  prod("tools1", "tools", "2026-03-05T10:00:00Z"),
  prod("tools2", "tools", "2026-03-05T11:00:00Z", { rollback: true }),
  // The acquirer's gateway fails every day: on-call answers it, no deployment of the team caused it.
  incident("psp-mon", "psp-gateway", "2026-03-02T13:00:00Z"),
  incident("psp-wed", "psp-gateway", "2026-03-04T13:00:00Z"),
  // A payments incident after the billing deploy: charged to the payments deploy before it.
  incident("pay-bug", "payments", "2026-03-02T14:00:00Z"),
  // Named by its cause: charged there even though billing is not what payments-api deploys.
  incident("bill-named", "billing", "2026-03-04T11:00:00Z", { deployment_id: "api2" }),
];

describe.each(DIALECTS)("change failure with repo_services on %s", (dialect) => {
  let t: TestApp;
  const get = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ingest = (body: unknown[]) => t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    expect((await ingest(records)).status).toBe(200);
  });
  afterAll(async () => t.close());

  test("the team lists which services each repo deploys", async () => {
    const { body } = await get("/api/teams");
    expect(body.teams).toEqual([expect.objectContaining({ team: "pay", repoServices: { "acme/billing-worker": ["billing"], "acme/payments-api": ["payments"] } })]);
  });

  test("gateway incidents fail no deployment; 3 of 5 failed (api1 by its service, api2 named, tools1 rolled back)", async () => {
    const { body } = await get(`/api/teams/pay/dora?${WINDOW}`);
    expect(body).toMatchObject({ changeFailureRate: { failed: 3, total: 5 }, timeToRestore: { count: 4 } });
  });

  test("the drill-down says why each deployment counts as failed", async () => {
    const { body } = await get(`/api/teams/pay/records?metric=failed-deployments&${WINDOW}`);
    expect(body.items).toEqual([
      expect.objectContaining({
        id: "tools1",
        failedBecause: ["rollback"],
        failures: [{ reason: "rollback", rolledBackBy: "tools2", text: "rolled back by tools2" }],
      }),
      expect.objectContaining({
        id: "api2",
        failedBecause: ["incident"],
        failures: [{ reason: "incident", incidentId: "bill-named", service: "billing", text: "incident bill-named (billing) names this deployment as its cause" }],
      }),
      expect.objectContaining({
        id: "api1",
        failedBecause: ["incident_window"],
        incidentIds: ["pay-bug"],
        failures: [
          {
            reason: "incident_window",
            incidentId: "pay-bug",
            service: "payments",
            minutesAfter: 240,
            scope: "repo_services",
            text: "incident pay-bug on payments opened 4 h after it, within the failure window; acme/payments-api deploys payments, and no later deployment of payments came first",
          },
        ],
      }),
    ]);
  });

  test("sending the team again without the mapping brings back the team-wide rule", async () => {
    const { repo_services: _dropped, ...plain } = team;
    expect((await ingest([plain])).status).toBe(200);
    const { body } = await get(`/api/teams/pay/records?metric=failed-deployments&${WINDOW}`);
    // bill1 is now the latest deployment before psp-mon and pay-bug; api2 before psp-wed.
    expect((body.items as { id: string; incidentIds: string[] }[]).map((d) => [d.id, d.incidentIds])).toEqual([
      ["tools1", []],
      ["api2", ["bill-named", "psp-wed"]],
      ["bill1", ["psp-mon", "pay-bug"]],
    ]);
    expect(((body.items as { failures: { text: string }[] }[])[2]?.failures[0]?.text)).toContain("acme/billing-worker has no repo → service mapping");
    expect((await ingest([team])).status).toBe(200);
  });

  test.each([
    ["a repo the team does not list", { "acme/elsewhere": ["payments"] }, "repo_services.acme/elsewhere", "not one of the team's repos"],
    ["a service the team does not own", { "acme/payments-api": ["payments", "search"] }, "repo_services.acme/payments-api.1", "not one of the team's services"],
    ["an empty list", { "acme/payments-api": [] }, "repo_services.acme/payments-api", "at least one service"],
  ])("a mapping with %s is refused by line and field, and nothing is written", async (_name, mapping, path, message) => {
    const res = await ingest([prod("api9", "payments-api", "2026-03-06T10:00:00Z"), { ...team, repo_services: mapping }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: unknown[] };
    expect(body.errors).toEqual([{ in: "body", line: 2, field: path, detail: expect.stringContaining(message) }]);
    const { body: teams } = await get("/api/teams");
    expect(teams.teams).toEqual([expect.objectContaining({ repoServices: { "acme/billing-worker": ["billing"], "acme/payments-api": ["payments"] } })]);
    expect(await t.database.db.selectFrom("deployments").select("id").where("id", "=", "api9").execute()).toEqual([]);
  });
});
