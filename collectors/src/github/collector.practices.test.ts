/**
 * The practices stream (maturity scorecard, issue 16) against the fake GitHub: the query is
 * validated against GitHub's public schema, the fake answers with GitHub's Tree/TreeEntry/Blob,
 * Ref.branchProtectionRule and RepositoryRule shapes, and what the token cannot read is stored as
 * unknown (null), never as "none".
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { repoPracticeFromRow } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGithub } from "./collector.ts";
import { checkGithubQuery } from "./fake/schemaCheck.ts";
import { collectorOptions, startFakeGithub, testClient, type FakeGithub } from "./fake/scenario.ts";
import type { FakeRepo } from "./fake/server.ts";

const REPO = "acme/api";
const NOW = Date.parse("2026-06-30T06:00:00Z");

/** A deploy workflow that plans Terraform, checks it with Checkov and prices it with Infracost. */
const DEPLOY_YML = `name: deploy
on: { push: { branches: [main] } }
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: bridgecrewio/checkov-action@v12
      - uses: infracost/actions/setup@v3
`;

describe.each(DIALECTS)("the practices stream on %s", (dialect) => {
  let fake: FakeGithub;
  let repo: FakeRepo;
  let db: TestDatabase;
  const run = () => collectGithub(collectorOptions(db.db, testClient(fake), [REPO], { streams: ["practices"], now: () => NOW }));
  const stored = async () => (await db.db.selectFrom("repo_practices").selectAll().execute()).map(repoPracticeFromRow);

  beforeEach(async () => {
    fake = await startFakeGithub();
    repo = fake.addRepo(REPO, {
      files: {
        ".github/workflows/deploy.yml": DEPLOY_YML,
        ".github/workflows/ci.yml": "name: ci\non: pull_request\njobs: { test: { runs-on: ubuntu-latest, steps: [ { run: npm test } ] } }\n",
        "terraform/main.tf": 'module "db" { source = "./modules/db" }\n',
        "terraform/modules/db/main.tf": 'resource "aws_db_instance" "db" {}\n',
        ".env.example": "DATABASE_URL=\n",
        "README.md": "# api\n",
      },
      protection: { requiredStatusCheckContexts: ["ci / test"], requiredApprovingReviewCount: 1 },
    });
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    await fake.close();
    await db.close();
  });

  test("an admin token reads the tree, the workflow tools and branch protection in one request", async () => {
    const summary = await run();
    expect([summary.written.practices, summary.graphqlRequests]).toEqual([1, 1]);
    expect(await stored()).toEqual([
      {
        source: "github",
        repo: REPO,
        observedOn: "2026-06-30",
        observedAt: NOW,
        paths: [".env.example", ".github/", ".github/workflows/", "README.md", "terraform/", "terraform/main.tf", "terraform/modules/", ".github/workflows/ci.yml", ".github/workflows/deploy.yml"],
        workflowTools: ["checkov", "infracost"],
        requiredStatusChecks: 1,
        requiredApprovingReviews: 1,
        isTemplate: false,
      },
    ]);
  });

  test("a second sync the same day replaces the day's row; nothing piles up", async () => {
    await run();
    repo.files[".env"] = "SECRET=1\n";
    await run();
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.paths).toContain(".env");
  });

  test("failing evidence: no protection, no policy tool, no workflows is stored as read-and-none", async () => {
    repo.files = { "src/index.ts": "export {}\n" };
    repo.protection = null;
    await run();
    expect(await stored()).toEqual([expect.objectContaining({ paths: ["src/", "src/index.ts"], workflowTools: [], requiredStatusChecks: 0, requiredApprovingReviews: 0 })]);
  });

  test("unknown evidence: without admin rights branch protection is unreadable, so the requirements are null — unless a ruleset states them", async () => {
    repo.viewerPermission = "WRITE";
    await run();
    expect(await stored()).toEqual([expect.objectContaining({ requiredStatusChecks: null, requiredApprovingReviews: null })]);

    repo.rules = [
      { type: "REQUIRED_STATUS_CHECKS", parameters: { requiredStatusChecks: [{ context: "ci / test", integrationId: null }, { context: "lint", integrationId: null }], strictRequiredStatusChecksPolicy: true } },
      { type: "DELETION", parameters: null },
    ];
    await run();
    expect(await stored()).toEqual([expect.objectContaining({ requiredStatusChecks: 2, requiredApprovingReviews: null })]);
  });

  test("rulesets and branch protection together: required checks are the union, reviews the strictest", async () => {
    repo.rules = [
      { type: "REQUIRED_STATUS_CHECKS", parameters: { requiredStatusChecks: [{ context: "ci / test", integrationId: null }, { context: "lint", integrationId: null }], strictRequiredStatusChecksPolicy: false } },
      { type: "PULL_REQUEST", parameters: { requiredApprovingReviewCount: 2, dismissStaleReviewsOnPush: true, requireCodeOwnerReview: false, requireLastPushApproval: false, requiredReviewThreadResolution: false } },
    ];
    await run();
    expect(await stored()).toEqual([expect.objectContaining({ requiredStatusChecks: 2, requiredApprovingReviews: 2 })]);
  });

  test("a field GitHub refuses is unknown, and the run says so", async () => {
    fake.fieldErrors.push({ typeName: "Ref", fieldName: "rules", when: () => true, message: "Resource not accessible by integration", type: "FORBIDDEN" });
    const lines: string[] = [];
    await collectGithub(collectorOptions(db.db, testClient(fake), [REPO], { streams: ["practices"], now: () => NOW, log: (l) => lines.push(l) }));
    // Branch protection (admin) still shows 1 check and 1 review: a positive count is evidence; a zero would not be.
    expect(await stored()).toEqual([expect.objectContaining({ requiredStatusChecks: 1, requiredApprovingReviews: 1 })]);
    expect(lines.join("\n")).toMatch(/practices: GitHub returned an error with partial data.*Resource not accessible by integration/);
  });

  test("a template repository is recorded as one", async () => {
    repo.isTemplate = true;
    await run();
    expect((await stored())[0]?.isTemplate).toBe(true);
  });
});
