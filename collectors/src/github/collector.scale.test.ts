/**
 * The request budget, measured on a 10,000-PR repository served by the fake GitHub:
 * a full sync of merged PRs in at most ceil(N/50)+2 GraphQL requests, and an incremental sync
 * with nothing new in one request per stream. Points are GitHub's documented cost formula, which
 * the fake charges per query.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGithub, GITHUB_STREAMS } from "./collector.ts";
import { collectorOptions, startFakeGithub, testClient, type FakeGithub } from "./fake/scenario.ts";
import { deployment, historyCommit, pull, sha, workflowRun } from "./fixtures.ts";

const N = 10_000;
const REPO = "acme/monolith";
const NOW = Date.parse("2026-11-21T00:00:00Z");

describe.each(DIALECTS)("request budget for a %s-backed sync of a 10,000-PR repository", (dialect) => {
  let fake: FakeGithub;
  let db: TestDatabase;

  beforeAll(async () => {
    fake = await startFakeGithub();
    const repo = fake.addRepo(REPO);
    const start = NOW - 400 * 86_400_000;
    for (let i = 1; i <= N; i++) repo.pulls.push(pull(REPO, i, { at: start + i * 3_000_000 }));
    for (let i = 1; i <= 300; i++) repo.commits.push(historyCommit(sha(`mono-${i}`), NOW - (300 - i) * 3_600_000, `dev-${i % 12}`));
    for (let i = 1; i <= 30; i++) repo.deployments.push(deployment(i, { at: NOW - (31 - i) * 36_000_000, commitOid: sha(`mono-${i * 10}`) }));
    for (let i = 1; i <= 250; i++) repo.runs.push(workflowRun(i, { repo: REPO, at: NOW - (251 - i) * 600_000 }));
    db = await createTestDatabase(dialect);
  }, 300_000);
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  // Minutes on a loaded CI machine: 200 pages through a GraphQL executor plus 30,000 rows written.
  test("full sync, then an incremental sync with nothing new", { timeout: 600_000 }, async () => {
    const options = collectorOptions(db.db, testClient(fake), [REPO], { now: () => NOW });
    const full = await collectGithub({ ...options, streams: ["pulls"] });
    expect(full.written.pulls).toBe(N);
    expect(full.graphqlRequests).toBeLessThanOrEqual(Math.ceil(N / 50) + 2);
    const rest = await collectGithub({ ...options, client: testClient(fake), streams: ["deployments", "workflow_runs", "committers"] });

    const idleClient = testClient(fake);
    const idle = await collectGithub({ ...options, client: idleClient });
    // practices observe the repo again on every sync (one row per day, replaced).
    expect(idle.written).toEqual({ pulls: 0, deployments: 0, workflow_runs: 0, committers: 0, practices: 1 });
    expect(idle.requests).toBe(GITHUB_STREAMS.length);

    console.log(
      `[${dialect}] full sync of ${N} merged PRs: ${full.graphqlRequests} GraphQL requests, ${full.points} points, ${full.durationMs} ms; ` +
        `other streams (30 deployments, 250 runs, 300 commits): ${rest.graphqlRequests} GraphQL + ${rest.restRequests} REST requests, ${rest.points} points; ` +
        `incremental with nothing new: ${idle.requests} requests (${idle.graphqlRequests} GraphQL, ${idle.restRequests} REST), ${idle.points} points`,
    );
  });
});
