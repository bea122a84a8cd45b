/**
 * GET /api/teams/{team}/maturity end to end: a hand-made team ingested through POST /api/ingest
 * (its repo practices too, the `repo_practice` kind), declarations in the config, and the phase,
 * checks, history and recommendation read back on SQLite and Postgres alike.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { configSchema } from "../config/schema.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-06-30T12:00:00Z");

const deploy = (id: string, env: string, at: string, sha: string, extra: Record<string, unknown> = {}) => ({
  kind: "deployment",
  id,
  repo: "acme/api",
  environment: env,
  status: "success",
  finished_at: at,
  sha,
  commits: [sha],
  trigger: "automatic",
  creator: "github-actions[bot]",
  url: `https://github.com/acme/api/deployments/${id}`,
  ...extra,
});

const records = [
  { kind: "team", id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"] },
  { kind: "team", id: "new", name: "New", members: [], repos: ["acme/new"], services: [] },
  { kind: "person", id: "ana", name: "Ana", timezone: "UTC" },
  deploy("s1", "staging", "2026-05-01T09:00:00Z", "aaa"),
  deploy("d1", "production", "2026-05-01T10:00:00Z", "aaa"),
  deploy("s2", "staging", "2026-05-10T09:00:00Z", "bbb"),
  deploy("d2", "production", "2026-05-10T10:00:00Z", "bbb"),
  // A rollback to aaa: production had run it before.
  deploy("d3", "production", "2026-05-11T10:00:00Z", "aaa"),
  { kind: "change", id: "c1", repo: "acme/api", number: 1, author: "ana", created_at: "2026-05-09T09:00:00Z", first_review_at: "2026-05-09T10:00:00Z", merged_at: "2026-05-09T12:00:00Z", merge_sha: "bbb" },
  { kind: "alert", id: "a1", service: "api", key: "5xx", created_at: "2026-05-10T11:00:00Z" },
  { kind: "incident", id: "i1", service: "api", title: "5xx", urgency: "high", created_at: "2026-05-10T11:00:00Z", resolved_at: "2026-05-10T12:00:00Z" },
  // A declaration sent as a record: the new team tested a restore, with a link to the evidence.
  { kind: "maturity_declaration", team: "new", practice: "backup_restore_test", at: "2026-06-10T15:00:00Z", url: "https://wiki.example/restore-2026-06" },
  { kind: "maturity_declaration", team: "new", practice: "backup_restore_test", at: "2025-06-10T15:00:00Z" },
  // Observed twice: the scorecard reads the newest at or before asOf, the history each quarter's.
  { kind: "repo_practice", repo: "acme/api", observed_at: "2026-03-15T06:00:00Z", paths: [".github/workflows/deploy.yml"], workflow_tools: [] },
  {
    kind: "repo_practice",
    repo: "acme/api",
    observed_at: "2026-06-29T06:00:00Z",
    paths: [".github/workflows/deploy.yml", "terraform/", "runbooks/"],
    workflow_tools: ["checkov"],
    required_status_checks: 2,
    required_approving_reviews: 1,
    is_template: false,
  },
];

const config = configSchema.parse({ maturity: { teams: { core: { backupRestoreTestedAt: "2026-06-01" } } } });

describe.each(DIALECTS)("GET /api/teams/{team}/maturity on %s", (dialect) => {
  let t: TestApp;
  const get = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { checks: { id: string; status: string; summary: string }[] } };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW, config });
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(records), headers: { "content-type": "application/json" } });
    expect(await res.json()).toMatchObject({ written: { repo_practice: 2, maturity_declaration: 2 } });
  });
  afterAll(async () => t.close());

  test("phase 2 reached: phase 1 and 2 pass, phase 3 fails where the repo shows no modules, templates or cost tool", async () => {
    const { status, body } = await get("/api/teams/core/maturity");
    expect(status).toBe(200);
    expect(Object.fromEntries(body.checks.map((c) => [c.id, c.status]))).toEqual({
      "one-deploy-path": "pass",
      "version-control": "pass",
      monitoring: "pass",
      "backup-restore": "pass",
      "rollback-path": "pass",
      "ci-blocks": "pass",
      "reviewed-changes": "pass",
      "no-secrets-in-repo": "pass",
      "traceable-changes": "pass",
      runbooks: "pass",
      "infra-modules": "fail",
      "service-templates": "fail",
      // d3 rolled back to aaa without a fresh staging deploy of it, but aaa went to staging first.
      "environment-parity": "pass",
      "policy-checks": "pass",
      "cost-visibility": "fail",
    });
    expect(body).toMatchObject({ team: "core", asOf: "2026-06-30T12:00:00.000Z", phase: 2, line: "phase 2 — changes are safe; next: reusable infrastructure modules (fail)", warnings: [] });
    expect(body.fundFirst).toEqual([
      expect.objectContaining({ check: "infra-modules", phase: 3, figure: { name: "lead time", value: expect.any(Number) } }),
      expect.objectContaining({ check: "service-templates", phase: 3 }),
      expect.objectContaining({ check: "cost-visibility", phase: 3 }),
    ]);
  });

  test("history: each quarter as of its end, with the snapshot observed by then", async () => {
    const { body } = await get("/api/teams/core/maturity?quarters=2");
    // 2026-Q1 saw only the March snapshot and no deployments: nothing to claim.
    expect(body.history).toEqual([
      { quarter: "2026-Q1", phase: 0, passed: expect.any(Number), unknown: expect.any(Number) },
      { quarter: "2026-Q2", phase: 2, passed: 12, unknown: 0 },
    ]);
  });

  test("a team with nothing to read is unknown, not failed, where evidence is missing", async () => {
    const { body } = await get("/api/teams/new/maturity");
    const statuses = Object.fromEntries(body.checks.map((c) => [c.id, c.status]));
    expect(statuses["ci-blocks"]).toBe("unknown");
    expect(statuses["one-deploy-path"]).toBe("unknown");
    expect(statuses["monitoring"]).toBe("unknown");
    expect(body.phase).toBe(0);
  });

  test("a declaration sent as a record counts like one in the config, with its evidence link; the newest wins", async () => {
    const { body } = await get("/api/teams/new/maturity");
    const restore = (body.checks as unknown as { id: string; status: string; summary: string; evidence: unknown[] }[]).find((c) => c.id === "backup-restore");
    expect(restore).toMatchObject({ status: "pass", summary: "restore tested 2026-06-10 (19 days ago)", evidence: [{ label: "last restore test (declared)", value: "2026-06-10", url: "https://wiki.example/restore-2026-06" }] });
    // As of March, the newest is the year-old one: stale.
    const march = await get("/api/teams/new/maturity?asOf=2026-03-31");
    expect(march.body.checks.find((c) => c.id === "backup-restore")).toMatchObject({ status: "fail", summary: expect.stringMatching(/days old \(stale after 90\)/) });
  });

  test("bad input is a 4xx naming the field; an unknown team a 404", async () => {
    const bad = await t.app.request("/api/teams/core/maturity?quarters=9");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("quarters");
    expect((await t.app.request("/api/teams/nope/maturity")).status).toBe(404);
  });
});
