import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { restDeployment, restProject } from "./api-types.ts";
import { createGitlabClient, retryAfterMs } from "./client.ts";
import { startFakeGitlab, type FakeGitlab } from "./fake/server.ts";
import { deployment, mergeRequest, sha } from "./fixtures.ts";
import { gitlabTestClient } from "./testing.ts";

const T0 = Date.parse("2026-10-01T00:00:00Z");

describe("GitLab client", () => {
  let fake: FakeGitlab;
  beforeEach(async () => {
    fake = await startFakeGitlab();
    const p = fake.addProject("acme/api");
    for (let i = 1; i <= 5; i++) p.deployments.push(deployment(i, T0 + i * 3_600_000, sha(`d${i}`)));
    p.mergeRequests.push(mergeRequest(1, T0));
  });
  afterEach(() => fake.close());

  test("REST pages follow GitLab's Link header, with the token in PRIVATE-TOKEN and x-total read", async () => {
    const client = gitlabTestClient(fake);
    const first = await client.rest("/projects/acme%2Fapi/deployments", { per_page: 2 }, z.array(restDeployment));
    expect(first?.data.map((d) => d.id)).toEqual([1, 2]);
    expect(first?.total).toBe(5);
    expect(first?.next).toMatch(/page=2/);
    const second = await client.rest(first?.next ?? "", {}, z.array(restDeployment));
    expect(second?.data.map((d) => d.id)).toEqual([3, 4]);
    expect(client.stats()).toMatchObject({ requests: 2, restRequests: 2, graphqlRequests: 0 });
  });

  test("a project GitLab does not know is null (404), not an error", async () => {
    expect(await gitlabTestClient(fake).rest("/projects/acme%2Fgone/deployments", {}, z.array(restDeployment))).toBeNull();
  });

  test("a rejected token is an error naming GITLAB_TOKEN and never the token", async () => {
    const client = createGitlabClient({ token: "glpat-not-the-right-one", baseUrl: fake.url, requestsPerMinute: 0 });
    const error = await client.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment)).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining("GITLAB_TOKEN") });
    expect((error as Error).message).not.toContain("glpat-not-the-right-one");
    expect(fake.requests).toEqual([{ method: "GET", path: "/api/v4/projects/acme%2Fapi/deployments", operation: null, status: 401 }]);
  });

  test("every response is validated: a payload missing a field is an error naming it", async () => {
    await expect(gitlabTestClient(fake).rest("/projects/acme%2Fapi/deployments", {}, z.array(restProject))).rejects.toThrow(/0\.path_with_namespace: /);
  });

  test("a dropped connection and a 503 are retried with backoff; a GitLab that stays down is an error after the retries", async () => {
    fake.faults.push({ match: (r) => r.path.endsWith("/deployments"), kind: "drop", times: 1 }, { match: (r) => r.path.endsWith("/deployments"), kind: 503, times: 1 });
    const client = gitlabTestClient(fake);
    expect((await client.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment)))?.data).toHaveLength(5);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, rateLimitWaits: 0 });
    fake.faults.push({ match: () => true, kind: 500, times: Infinity });
    const down = gitlabTestClient(fake, { retries: 2 });
    await expect(down.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment))).rejects.toThrow("GitLab answered 500 on GET /api/v4/projects/acme%2Fapi/deployments");
    expect(down.stats()).toMatchObject({ requests: 3, retries: 2 });
  });

  test("429s are waited out as long as Retry-After says, up to a limit", async () => {
    fake.faults.push({ match: () => true, kind: 429, times: 2, retryAfterSeconds: 7 });
    const client = gitlabTestClient(fake);
    expect((await client.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment)))?.data).toHaveLength(5);
    expect(client.stats()).toMatchObject({ requests: 3, rateLimitWaits: 2, rateLimitWaitMs: 14_000, retries: 0 });
    fake.faults.push({ match: () => true, kind: 429, times: Infinity, retryAfterSeconds: 1 });
    const patient = gitlabTestClient(fake, { maxRateLimitWaits: 3 });
    await expect(patient.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment))).rejects.toThrow(/still rate limited \(429\) after 3 waits/);
  });

  test.each([
    [{ "retry-after": "12" }, 0, 12_000],
    [{ "ratelimit-reset": "1790000030" }, 1_790_000_000_000, 30_000],
    [{}, 0, 60_000],
  ])("the wait after a 429 with %o is %d ms", (headers, now, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected);
  });

  test("when RateLimit-Remaining runs low, requests are held until RateLimit-Reset", async () => {
    // A clock on a whole second, with GitLab's reset 30 s after it: the pause is 30 s and the 1 s margin.
    const now = Math.ceil(Date.now() / 1000) * 1000 + 120_000;
    fake.rateLimit.remaining = 6;
    fake.rateLimit.resetAt = now + 30_000;
    const client = gitlabTestClient(fake, { now: () => now, reserveRequests: 5 });
    for (let i = 0; i < 3; i++) await client.rest("/projects/acme%2Fapi/deployments", {}, z.array(restDeployment));
    // 6 left before the first request; the second and the third each leave fewer than 5: a pause after
    // each (the fake's budget does not refill within the client's scaled-down wait), each of 31 s.
    expect(client.stats()).toMatchObject({ requests: 3, rateLimitWaits: 2, rateLimitWaitMs: 62_000 });
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  test("GraphQL: a query GitLab's schema refuses is an error with GitLab's message", async () => {
    const client = gitlabTestClient(fake);
    await expect(client.graphql("query Bad($fullPath: ID!) { project(fullPath: $fullPath) { noSuchField } }", { fullPath: "acme/api" }, z.object({}))).rejects.toThrow(/GitLab GraphQL Bad failed: Cannot query field "noSuchField" on type "Project"/);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/api/graphql", operation: "Bad" });
  });
});
