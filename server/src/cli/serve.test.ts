/**
 * `opsledger serve` as a process: it refuses a network address without authentication, logs the
 * address it really listens on, believes a proxy's user header only from the proxy's address,
 * and on SIGTERM finishes the requests in flight before the database closes (Postgres used to
 * answer them "driver has already been destroyed"). Plus `opsledger token create|list|revoke`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { childEnv, DIALECTS, createTestDatabase, type TestDatabase } from "@opsledger/db/testing";
import { TEST_NOW_ISO } from "../testing/clock.ts";
import { BIN, startServeProcess, type ServeProcess } from "../testing/serveProcess.ts";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-serve-"));
const SECRET = "serve-test-secret-0123456789abcdefghij";
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const baseEnv = (databaseUrl: string, extra: Record<string, string> = {}) => childEnv({ DATABASE_URL: databaseUrl, OPSLEDGER_NOW: TEST_NOW_ISO, PORT: "0", ...extra });

function cli(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: tmp, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const startServe = (args: string[], env: Record<string, string | undefined>): Promise<ServeProcess> => startServeProcess(args, { cwd: tmp, env });

const request = (options: http.RequestOptions, body?: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(options, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });

describe("exposure", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
  });
  afterAll(async () => db.close());

  test("`serve --host 0.0.0.0` without authentication exits non-zero and says what to do", () => {
    const r = cli(["serve", "--host", "0.0.0.0"], baseEnv(db.url));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to listen on 0.0.0.0 without authentication");
    expect(r.stderr).toContain("opsledger token create --name admin --role admin");
    expect(r.stderr).toContain("OPSLEDGER_TRUSTED_PROXIES");
  });

  test("tokens: create needs OPSLEDGER_SECRET; create prints the token once; list and revoke", () => {
    const noSecret = cli(["token", "create", "--name", "ci", "--role", "admin"], baseEnv(db.url));
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain("OPSLEDGER_SECRET is not set");
    const env = baseEnv(db.url, { OPSLEDGER_SECRET: SECRET });
    const created = cli(["token", "create", "--name", "ci", "--role", "admin"], env);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^opsl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const id = /opsl_([0-9a-f]{12})_/.exec(created.stdout)?.[1] ?? "";
    const list = cli(["token", "list"], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+ci\\s+admin`));
    // The token itself is never shown again, nor stored.
    expect(list.stdout).not.toContain(created.stdout.trim());
    expect(cli(["token", "revoke", id], env).code).toBe(0);
    expect(cli(["token", "list"], env).stdout).toMatch(new RegExp(`${id}.*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s*$`, "m"));
    expect(cli(["token", "revoke", id], env).code).toBe(1);
  }, 120_000);

  test("with a token, `serve --host 0.0.0.0` starts, logs the real address, and asks for credentials", async () => {
    const env = baseEnv(db.url, { OPSLEDGER_SECRET: SECRET });
    const token = cli(["token", "create", "--name", "ops", "--role", "viewer"], env).stdout.trim();
    const server = await startServe(["--host", "0.0.0.0"], env);
    try {
      expect(server.output()).toContain(`listening on http://0.0.0.0:${server.port} (every interface)`);
      expect(server.output()).not.toContain("listening on http://localhost");
      expect((await request({ host: "127.0.0.1", port: server.port, path: "/api/teams" })).status).toBe(401);
      expect((await request({ host: "127.0.0.1", port: server.port, path: "/api/teams", headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      // Logs are JSON lines.
      for (const line of server.output().split("\n").filter((l) => l.startsWith("{"))) expect(() => JSON.parse(line) as unknown).not.toThrow();
    } finally {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  }, 60_000);

  test("a trusted proxy's user header is believed from the proxy's address only", async () => {
    const env = baseEnv(db.url, { OPSLEDGER_SECRET: SECRET, OPSLEDGER_TRUSTED_PROXIES: "127.0.0.2", OPSLEDGER_PROXY_ADMINS: "alice" });
    const server = await startServe([], env);
    const via = (localAddress: string, user: string, method = "GET", pathname = "/api/teams") =>
      request({ host: "127.0.0.1", port: server.port, path: pathname, method, localAddress, headers: { "x-forwarded-user": user, "content-type": "application/json" } }, method === "GET" ? undefined : "[]");
    try {
      expect((await via("127.0.0.2", "bob")).status).toBe(200);
      expect((await via("127.0.0.2", "bob", "POST", "/api/ingest")).status).toBe(403);
      expect((await via("127.0.0.2", "alice", "POST", "/api/ingest")).status).toBe(200);
      // The same header straight from another address is nobody.
      expect((await via("127.0.0.1", "alice")).status).toBe(401);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }, 60_000);
});

describe.each(DIALECTS)("SIGTERM on %s", (dialect) => {
  test("finishes the request in flight, writes it, then closes the database and exits 0", async () => {
    const db = await createTestDatabase(dialect);
    const server = await startServe([], baseEnv(db.url));
    try {
      const batch = JSON.stringify([{ kind: "team", id: "late", name: "Late", members: [], repos: [], services: [] }]);
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: server.port, path: "/api/ingest", method: "POST", headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(batch)) } }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on("error", reject);
        // Half the body now; the server is mid-request when SIGTERM arrives.
        req.write(batch.slice(0, 10));
        setTimeout(() => {
          server.child.kill("SIGTERM");
          setTimeout(() => req.end(batch.slice(10)), 500);
        }, 300);
      });
      const res = await answered;
      expect(res).toEqual({ status: 200, body: JSON.stringify({ written: { team: 1 }, total: 1 }) });
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain("finishing the requests in flight");
      expect(server.output()).toContain('"msg":"stopped"');
      expect(server.output()).not.toContain("destroyed");
      expect(await db.db.selectFrom("teams").select("id").execute()).toEqual([{ id: "late" }]);
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      await db.close();
    }
  }, 60_000);
});
