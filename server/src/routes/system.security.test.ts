/**
 * What stands in front of every route: the Host allowlist (DNS rebinding), security headers and
 * the CSP, signing in with a token into an HttpOnly SameSite=Strict cookie, the open loopback
 * mode and its limits, /metrics behind a viewer, and path traversal on the static files.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "../security/tokens.ts";
import { expectProblem, jsonPost } from "../testing/problems.ts";
import { bearer, createSecuredApp, TEST_SECRET, type SecuredApp } from "../testing/security.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

describe("the Host allowlist", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
  });
  afterAll(async () => t.close());

  test.each(["http://evil.example/api/teams", "http://evil.example:8080/api/health", "http://opsledger.attacker.test/", "http://127.0.0.1.nip.io/api/teams", "http://localhost.evil.example/api/teams"])(
    "%s: a foreign Host is 421, whatever the path",
    async (url) => {
      await expectProblem(await t.app.request(url), 421, "does not answer to the host", "misdirected-request");
    },
  );

  test("a rebinding page cannot write either: 421 before anything is read", async () => {
    const res = await t.app.request("http://evil.example:8080/api/ingest", jsonPost([{ kind: "team", id: "payments", name: "Payments", members: [], repos: [] }]));
    await expectProblem(res, 421, "evil.example", "misdirected-request");
    expect(await t.database.db.selectFrom("teams").select("id").execute()).toEqual([]);
  });

  test.each(["http://localhost:8080/api/health", "http://127.0.0.1:8080/api/health", "http://[::1]:8080/api/health"])("%s, a loopback name, is answered", async (url) => {
    expect((await t.app.request(url)).status).toBe(200);
  });

  test("OPSLEDGER_ALLOWED_HOSTS names the hosts answered", async () => {
    const named = await createTestApp("sqlite", { env: { allowedHosts: ["opsledger.example.com"] } });
    try {
      expect((await named.app.request("http://opsledger.example.com/api/health")).status).toBe(200);
      expect((await named.app.request("http://localhost/api/health")).status).toBe(421);
    } finally {
      await named.close();
    }
  });
});

describe("security headers", () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-dist-"));
    fs.writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>opsledger</title>");
    t = await createTestApp("sqlite", { webDist: dist });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test.each(["/", "/teams/payments", "/api/teams", "/api/nope", "/api/docs", "/api/openapi.json"])("%s carries the CSP and the other headers", async (url) => {
    const res = await t.app.request(url);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each(["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2F..%2F..%2Fpackage.json", "/api/docs/..%2F..%2F..%2Fpackage.json", "/api/docs/%2e%2e/package.json"])(
    "%s does not reach a file outside the web app",
    async (url) => {
      const text = await (await t.app.request(url)).text();
      expect(text).not.toMatch(/root:x:0|"workspaces"/);
    },
  );
});

describe("signing in", () => {
  let t: SecuredApp;
  beforeAll(async () => {
    t = await createSecuredApp("sqlite");
  });
  afterAll(async () => t.close());

  test("a token signs the web app in: the cookie is HttpOnly and SameSite=Strict, and reads work with it", async () => {
    const res = await t.app.request("/api/session", jsonPost({ token: t.viewer }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ authenticated: true, role: "viewer", name: "grafana", via: "cookie", signInRequired: false });
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^opsledger_session=opsl_/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    const session = cookie.split(";")[0] ?? "";
    expect((await t.app.request("/api/teams", { headers: { cookie: session } })).status).toBe(200);
    expect(await (await t.app.request("/api/session", { headers: { cookie: session } })).json()).toMatchObject({ authenticated: true, role: "viewer" });
    // A viewer's cookie does not write.
    expect((await t.app.request("/api/ingest", jsonPost([], { cookie: session }))).status).toBe(403);
  });

  test("over https the cookie is Secure too", async () => {
    const res = await t.app.request("https://localhost/api/session", jsonPost({ token: t.viewer }));
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  test.each([
    ["a revoked token", () => t.revoked, "revoked"],
    ["a forged token", () => `opsl_${"1".repeat(12)}_${"B".repeat(43)}`, "not valid"],
    ["not a token", () => "hunter2", "not an opsledger API token"],
  ])("%s is refused with 401 and no cookie", async (_, token, detail) => {
    const res = await t.app.request("/api/session", jsonPost({ token: token() }));
    await expectProblem(res, 401, detail, "unauthorized");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  test("a token made under another OPSLEDGER_SECRET says so", async () => {
    const other = await createApiToken(t.database.db, "another-secret-0123456789-0123456789", { name: "moved", role: "admin", now: 0 });
    await expectProblem(await t.app.request("/api/teams", { headers: bearer(other.token) }), 401, "another OPSLEDGER_SECRET", "unauthorized");
  });

  test("a cross-site sign-in (login CSRF) is refused", async () => {
    const res = await t.app.request("http://localhost/api/session", jsonPost({ token: t.viewer }, { origin: "http://evil.example" }));
    await expectProblem(res, 403, "cross-site", "cross-site-request");
  });

  test("a revoked token's cookie stops working, and is cleared", async () => {
    const res = await t.app.request("/api/teams", { headers: { cookie: `opsledger_session=${t.revoked}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toMatch(/opsledger_session=;/);
  });

  test("signing out clears the cookie; without one the app is told to show sign-in", async () => {
    const res = await t.app.request("/api/session", { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/opsledger_session=;.*Max-Age=0/);
    expect(await (await t.app.request("/api/session")).json()).toEqual({ authenticated: false, role: null, name: null, via: null, signInRequired: true });
  });

  test("the server's secret is needed to check tokens", async () => {
    const noSecret = await createTestApp("sqlite", { env: { secret: null } });
    try {
      await createApiToken(noSecret.database.db, TEST_SECRET, { name: "x", role: "admin", now: 0 });
      await expectProblem(await noSecret.app.request("/api/teams", { headers: bearer((await createApiToken(noSecret.database.db, TEST_SECRET, { name: "y", role: "admin", now: 0 })).token) }), 401, "no OPSLEDGER_SECRET", "unauthorized");
    } finally {
      await noSecret.close();
    }
  });
});

describe("open and closed", () => {
  test("a loopback server with no token is open: reads and writes need no credentials", async () => {
    const t = await createTestApp("sqlite", { bindHost: "127.0.0.1" });
    try {
      expect((await t.app.request("/api/teams")).status).toBe(200);
      expect((await t.app.request("/api/ingest", jsonPost([]))).status).toBe(200);
      expect(await (await t.app.request("/api/session")).json()).toEqual({ authenticated: true, role: "admin", name: "anyone", via: "open", signInRequired: false });
    } finally {
      await t.close();
    }
  });

  test("once a token exists, the same server needs credentials", async () => {
    const t = await createTestApp("sqlite", { bindHost: "127.0.0.1", env: { secret: TEST_SECRET } });
    try {
      await createApiToken(t.database.db, TEST_SECRET, { name: "ci", role: "admin", now: 0 });
      await expectProblem(await t.app.request("/api/teams"), 401, "sign in", "unauthorized");
    } finally {
      await t.close();
    }
  });

  test("on a network address a server with no token is never open (the last token revoked does not open it)", async () => {
    const t = await createTestApp("sqlite", { bindHost: "0.0.0.0" });
    try {
      await expectProblem(await t.app.request("/api/teams"), 401, "sign in", "unauthorized");
      await expectProblem(await t.app.request("/api/ingest", jsonPost([])), 401, "sign in", "unauthorized");
      // Liveness, readiness, the contract and the sign-in page stay public.
      expect((await t.app.request("/api/health")).status).toBe(200);
      expect((await t.app.request("/api/ready")).status).toBe(200);
      expect((await t.app.request("/api/openapi.json")).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  test("/metrics needs a viewer when credentials are required", async () => {
    const t = await createSecuredApp("sqlite");
    try {
      expect((await t.app.request("/metrics")).status).toBe(401);
      const res = await t.app.request("/metrics", { headers: bearer(t.viewer) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
    } finally {
      await t.close();
    }
  });
});
