import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "./server.ts";
import { incidentIssue, deployment, sha } from "../fixtures.ts";

const T0 = Date.parse("2026-10-01T00:00:00Z");

describe("the GitLab fake paginates and limits as GitLab documents", () => {
  let fake: FakeGitlab;
  const get = (path: string) => fetch(path.startsWith("http") ? path : `${fake.url}${path}`, { headers: { "private-token": fake.token } });
  beforeEach(async () => {
    fake = await startFakeGitlab();
    const p = fake.addProject("acme/api");
    for (let i = 1; i <= 5; i++) p.issues.push(incidentIssue(i, T0 + i * 3_600_000));
    for (let i = 1; i <= 3; i++) p.deployments.push(deployment(i, T0 + i * 3_600_000, sha(`d${i}`)));
  });
  afterEach(() => fake.close());

  test("offset pages carry Link, x-page, x-next-page, x-total and x-total-pages", async () => {
    const res = await get("/api/v4/projects/acme%2Fapi/deployments?per_page=2&page=1");
    expect([res.headers.get("x-page"), res.headers.get("x-next-page"), res.headers.get("x-total"), res.headers.get("x-total-pages")]).toEqual(["1", "2", "3", "2"]);
    expect(res.headers.get("link")).toMatch(/per_page=2&page=2>; rel="next"/);
    const last = await get("/api/v4/projects/acme%2Fapi/deployments?per_page=2&page=2");
    expect(last.headers.get("link")).not.toContain('rel="next"');
    expect(((await last.json()) as unknown[]).length).toBe(1);
  });

  test("keyset pages carry a cursor in the next link and no totals; the last page has no next link", async () => {
    const seen: number[] = [];
    let url: string | null = "/api/v4/projects/acme%2Fapi/issues?issue_type=incident&pagination=keyset&order_by=updated_at&sort=asc&per_page=2";
    let pages = 0;
    while (url !== null) {
      const res = await get(url);
      pages++;
      expect(res.headers.get("x-total")).toBeNull();
      seen.push(...((await res.json()) as { iid: number }[]).map((i) => i.iid));
      url = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1] ?? null;
      if (url !== null) expect(url).toContain("cursor=");
    }
    expect({ seen, pages }).toEqual({ seen: [1, 2, 3, 4, 5], pages: 3 });
    const bad = await get("/api/v4/projects/acme%2Fapi/issues?pagination=keyset");
    expect(bad.status).toBe(400);
  });

  test("past the budget: 429 Retry later with Retry-After and RateLimit headers", async () => {
    fake.rateLimit.remaining = 1;
    expect((await get("/api/v4/projects/acme%2Fapi/deployments")).status).toBe(200);
    const res = await get("/api/v4/projects/acme%2Fapi/deployments");
    expect(res.status).toBe(429);
    expect(await res.text()).toBe("Retry later\n");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(res.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
  });

  test("no token is 401 and an unknown project 404, with GitLab's messages", async () => {
    const anonymous = await fetch(`${fake.url}/api/v4/projects/acme%2Fapi/deployments`);
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { message: "401 Unauthorized" }]);
    const missing = await get("/api/v4/projects/acme%2Fnope/deployments");
    expect([missing.status, await missing.json()]).toEqual([404, { message: "404 Project Not Found" }]);
  });
});
