/**
 * The scorecard's repo checks end to end from GitHub: the practices stream of the GitHub
 * collector reads the fake GitHub of the collector tests (GitHub's public schema, its Tree, Blob,
 * Ref, BranchProtectionRule and RepositoryRule shapes; every query sent is validated against the
 * schema), and GET /api/teams/{team}/maturity judges what it stored: a repo with passing evidence,
 * one with failing evidence, and one the token cannot fully read (unknown, never fail).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectGithub, createGithubClient } from "@opsledger/collectors";
import { checkGithubQuery, startFakeGithub, type FakeGithub } from "@opsledger/collectors/testing/github";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-06-30T12:00:00Z");

const REPO_CHECKS = ["version-control", "ci-blocks", "reviewed-changes", "no-secrets-in-repo", "infra-modules", "service-templates", "policy-checks", "cost-visibility"] as const;

describe.each(DIALECTS)("repo checks from the fake GitHub on %s", (dialect) => {
  let t: TestApp;
  let fake: FakeGithub;

  beforeAll(async () => {
    fake = await startFakeGithub();
    fake.addRepo("acme/good", {
      files: {
        ".github/workflows/deploy.yml": "jobs:\n  plan:\n    steps:\n      - uses: bridgecrewio/checkov-action@v12\n      - uses: infracost/actions/setup@v3\n",
        "terraform/main.tf": "terraform {}\n",
        "modules/vpc/main.tf": 'resource "aws_vpc" "main" {}\n',
        "template.yaml": "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\n",
        ".env.example": "API_KEY=\n",
      },
      protection: { requiredStatusCheckContexts: ["ci / test"], requiredApprovingReviewCount: 1 },
    });
    fake.addRepo("acme/bad", { files: { ".env": "API_KEY=live\n", "src/index.ts": "export {}\n" }, protection: null });
    // A token with write access only: branch protection rules come back null, and nothing else says.
    fake.addRepo("acme/unread", { files: { ".github/workflows/ci.yml": "jobs: {}\n", "charts/app/Chart.yaml": "name: app\n" }, viewerPermission: "WRITE", protection: { requiredStatusCheckContexts: ["ci"], requiredApprovingReviewCount: 1 } });

    t = await createTestApp(dialect, { now: NOW });
    const teams = ["good", "bad", "unread"].map((id) => ({ kind: "team", id, name: id, repos: [`acme/${id}`] }));
    expect((await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify(teams), headers: { "content-type": "application/json" } })).status).toBe(200);
    const client = createGithubClient({ token: fake.token, apiUrl: fake.url, retryAfterBaseMs: 1, graphqlIntervalMs: 0, sleep: async () => {} });
    const summary = await collectGithub({
      db: t.database.db,
      client,
      repos: ["acme/good", "acme/bad", "acme/unread"],
      rule: () => ({ fallback: "deployments", workflows: [], production: "^prod(uction)?$" }),
      streams: ["practices"],
      now: () => NOW - 3_600_000,
    });
    expect(summary.written.practices).toBe(3);
    await t.deriver.drain();
  });
  afterAll(async () => {
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    await fake.close();
    await t.close();
  });

  const repoChecks = async (team: string) => {
    const body = (await (await t.app.request(`/api/teams/${team}/maturity`)).json()) as { checks: { id: string; status: string }[] };
    return Object.fromEntries(body.checks.filter((c) => (REPO_CHECKS as readonly string[]).includes(c.id)).map((c) => [c.id, c.status]));
  };

  test("passing evidence: every repo check passes", async () => {
    expect(await repoChecks("good")).toEqual(Object.fromEntries(REPO_CHECKS.map((id) => [id, "pass"])));
  });

  test("failing evidence: no workflows, no protection, a tracked .env, no modules, templates or tools", async () => {
    expect(await repoChecks("bad")).toEqual(Object.fromEntries(REPO_CHECKS.map((id) => [id, "fail"])));
  });

  test("unknown evidence: what branch protection requires is unreadable without admin rights; the tree still decides the rest", async () => {
    expect(await repoChecks("unread")).toEqual({
      "version-control": "pass",
      "ci-blocks": "unknown",
      "reviewed-changes": "unknown",
      "no-secrets-in-repo": "pass",
      "infra-modules": "fail",
      "service-templates": "fail",
      "policy-checks": "fail",
      "cost-visibility": "fail",
    });
  });
});
