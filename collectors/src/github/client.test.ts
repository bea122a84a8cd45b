import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { pullRequestsResult, workflowRunsPage } from "./api-types.ts";
import { createGithubClient, GithubApiError } from "./client.ts";
import { startFakeGithub, testClient, type FakeGithub } from "./fake/scenario.ts";
import { pull, workflowRun } from "./fixtures.ts";
import { PULLS_QUERY } from "./queries.ts";

let fake: FakeGithub;
const vars = { owner: "acme", name: "api", first: 50, after: null };
const isPulls = (r: { operation: string | null }) => r.operation === "MergedPullRequests";

beforeEach(async () => {
  fake = await startFakeGithub();
  const repo = fake.addRepo("acme/api");
  for (let i = 1; i <= 3; i++) repo.pulls.push(pull("acme/api", i));
  for (let i = 1; i <= 5; i++) repo.runs.push(workflowRun(i));
});
afterEach(async () => fake.close());

describe("GitHub client against a fake GitHub on loopback", () => {
  test("without a valid token GitHub answers 401 and the error says which setting to fix, never the token", async () => {
    const logs: string[] = [];
    const client = createGithubClient({ token: "ghp_wrong_secret_value", apiUrl: fake.url, retryAfterBaseMs: 1, graphqlIntervalMs: 0, log: (l) => logs.push(l) });
    const error = await client.graphql(PULLS_QUERY, vars, pullRequestsResult).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect((error as GithubApiError).status).toBe(401);
    expect((error as Error).message).toBe("GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN");
    expect(JSON.stringify(logs)).not.toContain("ghp_wrong_secret_value");
    expect(fake.requests).toEqual([{ method: "POST", path: "/graphql", operation: "MergedPullRequests", status: 401 }]);
  });

  test("a 502 is retried and the data arrives; both requests are counted", async () => {
    fake.faults.push({ match: isPulls, kind: "bad-gateway", times: 1 });
    const client = testClient(fake);
    const { data, errors } = await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(data.repository?.pullRequests.nodes.map((n) => n?.number)).toEqual([3, 2, 1]);
    expect(errors).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([-1, 200]);
    expect(client.stats()).toMatchObject({ requests: 2, graphqlRequests: 2, retried: 1, points: 2 });
  });

  test("a REST 502 is retried too", async () => {
    fake.faults.push({ match: (r) => r.path.endsWith("/actions/runs"), kind: "bad-gateway", times: 2 });
    const client = testClient(fake);
    const page = await client.rest("/repos/{owner}/{repo}/actions/runs", { owner: "acme", repo: "api", per_page: 100 }, workflowRunsPage);
    expect(page?.data.total_count).toBe(5);
    expect(client.stats()).toMatchObject({ requests: 3, restRequests: 3, retried: 2 });
  });

  test.each(["secondary-403", "secondary-429"] as const)("a %s secondary rate limit is waited out (retry-after) and retried", async (kind) => {
    fake.faults.push({ match: isPulls, kind, times: 1, retryAfterSeconds: 2 });
    const logs: string[] = [];
    const client = testClient(fake, { log: (l) => logs.push(l) });
    const { data } = await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(data.repository?.pullRequests.totalCount).toBe(3);
    expect(fake.requests.map((r) => r.status)).toEqual([-1, 200]);
    expect(logs).toContainEqual(expect.stringContaining("secondary rate limit on POST /graphql: retrying in 2s"));
  });

  test("GraphQL 'Something went wrong' is retried", async () => {
    fake.faults.push({ match: isPulls, kind: "went-wrong", times: 1 });
    const client = testClient(fake);
    const { data } = await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(data.repository?.pullRequests.totalCount).toBe(3);
    expect(fake.requests).toHaveLength(2);
  });

  test("a GitHub that stays down fails with the status after the retries", async () => {
    fake.faults.push({ match: isPulls, kind: "unavailable", times: Infinity });
    const client = testClient(fake, { retries: 2 });
    await expect(client.graphql(PULLS_QUERY, vars, pullRequestsResult)).rejects.toThrow("GitHub answered 503: Service Unavailable");
    expect(fake.requests).toHaveLength(3);
  });

  test("GraphQL errors next to partial data come back with the data, not instead of it", async () => {
    fake.fieldErrors.push({ typeName: "PullRequest", fieldName: "title", when: (p) => p.number === 2, message: "Resource not accessible by integration", type: "FORBIDDEN" });
    const client = testClient(fake);
    const { data, errors } = await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(data.repository?.pullRequests.nodes.map((n) => n?.number ?? null)).toEqual([3, null, 1]);
    expect(errors).toEqual([{ message: "Resource not accessible by integration", type: "FORBIDDEN", path: "repository.pullRequests.nodes.1.title" }]);
  });

  test("before a query would run the point budget dry, the client pauses until the reset instead of failing", async () => {
    fake.rateLimit.remaining = 105;
    const pauses: number[] = [];
    const client = testClient(fake, {
      reservePoints: 100,
      now: () => fake.rateLimit.resetAt - 5_000,
      sleep: async (ms) => {
        pauses.push(ms);
        fake.resetRateLimit();
      },
    });
    for (let i = 0; i < 3; i++) await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(pauses).toEqual([6_000]);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    expect(client.stats()).toMatchObject({ pauses: 1, points: 6, graphqlRequests: 3 });
  });

  test("a RATE_LIMITED answer (the budget spent by another client) is waited out until the reset, then retried", async () => {
    Object.assign(fake.rateLimit, { remaining: 0, resetAt: Date.now() + 30_000, jumpToReset: true });
    const logs: string[] = [];
    const client = testClient(fake, { log: (l) => logs.push(l) });
    const { data } = await client.graphql(PULLS_QUERY, vars, pullRequestsResult);
    expect(data.repository?.pullRequests.totalCount).toBe(3);
    expect(fake.requests).toHaveLength(2);
    expect(logs).toContainEqual(expect.stringContaining("primary rate limit on POST /graphql"));
  });

  test("REST: when x-ratelimit-remaining runs low the client pauses until x-ratelimit-reset before the next request", async () => {
    fake.restRateLimit.remaining = 21;
    const resetAt = fake.rateLimit.resetAt;
    const pauses: number[] = [];
    const client = testClient(fake, {
      reserveRequests: 20,
      now: () => resetAt - 2_000,
      sleep: async (ms) => {
        pauses.push(ms);
        fake.resetRateLimit();
      },
    });
    const route = "/repos/{owner}/{repo}/actions/runs";
    for (let i = 0; i < 3; i++) await client.rest(route, { owner: "acme", repo: "api" }, workflowRunsPage);
    // x-ratelimit-reset is whole seconds: the pause lasts until then, plus a second.
    expect(pauses).toEqual([Math.ceil(resetAt / 1000) * 1000 - (resetAt - 2_000) + 1_000]);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  test("REST pages follow the Link header", async () => {
    const client = testClient(fake);
    const first = await client.rest("/repos/{owner}/{repo}/actions/runs", { owner: "acme", repo: "api", per_page: 2 }, workflowRunsPage);
    expect(first?.data.workflow_runs.map((r) => r.id)).toEqual([5, 4]);
    expect(first?.next).toMatch(/page=2/);
    const second = await client.rest(first?.next ?? "", {}, workflowRunsPage);
    const third = await client.rest(second?.next ?? "", {}, workflowRunsPage);
    expect([second?.data.workflow_runs.map((r) => r.id), third?.data.workflow_runs.map((r) => r.id), third?.next]).toEqual([[3, 2], [1], null]);
  });

  test("a REST 404 is null (the caller decides what missing means)", async () => {
    const client = testClient(fake);
    expect(await client.rest("/repos/{owner}/{repo}/actions/runs", { owner: "acme", repo: "missing" }, workflowRunsPage)).toBeNull();
  });
});
