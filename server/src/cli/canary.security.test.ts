/**
 * Canary secrets: every secret the environment can hold is set to a recognisable value, every
 * command is run as a user would run it (the real binary, the GitHub and PagerDuty fakes on
 * loopback, the server answering every documented route, errors included), and none of the
 * values may appear in any output, response, error message, /metrics or any row of any table.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applicationTables } from "@opsledger/db";
import { childEnv, createTestDatabase, POSTGRES_AVAILABLE, type TestDatabase } from "@opsledger/db/testing";
import { signGithubPayload } from "@opsledger/collectors";
import { startFakeGithub, pull, type FakeGithub } from "@opsledger/collectors/testing/github";
import { startFakePagerduty, smallDataset, type FakePagerduty } from "@opsledger/collectors/testing/pagerduty";
import { TEST_NOW_ISO } from "../testing/clock.ts";
import { BIN, startServeProcess } from "../testing/serveProcess.ts";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-canary-"));

const CANARY = {
  github: "ghp_CANARYgithubToken0000000000000000001",
  pagerduty: "CANARY-pagerduty-token-0002",
  webhook: "CANARY-webhook-secret-0003",
  secret: "CANARY-opsledger-secret-0004-0123456789",
  dbPassword: "CANARY@db:pass-0005",
  smtp: "CANARY-smtp-password-0006",
};
/** Every form a canary could leak in: as set, percent-encoded, and the distinctive part of each. */
const forbidden = [...Object.values(CANARY), encodeURIComponent(CANARY.dbPassword), "db:pass-0005", "pass-0005", "CANARY"];

const leaks = (text: string): string[] => forbidden.filter((f) => text.includes(f));

describe("canary secrets never leave the process", { timeout: 600_000 }, () => {
  let db: TestDatabase;
  let restored: TestDatabase;
  let github: FakeGithub;
  let pagerduty: FakePagerduty;
  let env: Record<string, string | undefined>;
  const seen: { where: string; text: string }[] = [];
  const record = (where: string, text: string) => seen.push({ where, text });

  /** Asynchronously: the fakes answer from this process, so it must not block while a command runs. */
  const run = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...env, ...extra } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.once("close", (status) => {
        record(`opsledger ${args.join(" ")} (exit ${status})`, `${stdout}\n${stderr}`);
        resolve({ status, stdout, stderr });
      });
      child.stdin.end(input);
    });

  beforeAll(async () => {
    db = await createTestDatabase(POSTGRES_AVAILABLE ? "postgres" : "sqlite");
    restored = await createTestDatabase("sqlite", { migrate: false });
    // A password with an @ in it, unencoded (trust auth on the test server ignores it).
    const databaseUrl = db.dialect === "postgres" ? db.url.replace("postgres://postgres@", `postgres://postgres:${CANARY.dbPassword}@`) : db.url;
    github = await startFakeGithub({ token: CANARY.github });
    const repo = github.addRepo("acme/api");
    for (let i = 1; i <= 3; i++) repo.pulls.push(pull("acme/api", i));
    pagerduty = await startFakePagerduty({ token: CANARY.pagerduty, data: smallDataset() });
    const config = path.join(tmp, "opsledger.config.yaml");
    fs.writeFileSync(
      config,
      [
        "teams:",
        "  - { id: payments, name: Payments, members: [alice, bob, dana], repos: [acme/api], services: [payments-api, PWEB] }",
        "people:",
        "  - { id: alice, name: Alice, email: alice@example.com, timezone: Europe/Berlin }",
        "  - { id: bob, name: Bob, email: bob@example.com, timezone: Europe/London }",
        "  - { id: dana, name: Dana, email: dana@example.com, timezone: America/New_York }",
        "sources:",
        "  github: { repos: [acme/api] }",
        "  pagerduty: { since: 2026-10-26, users: { PBOB: bob }, services: { PAPI: payments-api } }",
        "",
      ].join("\n"),
    );
    env = childEnv({
      DATABASE_URL: databaseUrl,
      OPSLEDGER_CONFIG: config,
      OPSLEDGER_NOW: TEST_NOW_ISO,
      GITHUB_TOKEN: CANARY.github,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: CANARY.webhook,
      PAGERDUTY_TOKEN: CANARY.pagerduty,
      PAGERDUTY_API_URL: pagerduty.url,
      OPSLEDGER_SECRET: CANARY.secret,
      SMTP_PASSWORD: CANARY.smtp,
      PORT: "0",
    });

    expect((await run(["migrate"])).status).toBe(0);
    const admin = (await run(["token", "create", "--name", "ci", "--role", "admin"])).stdout.trim();
    const viewer = (await run(["token", "create", "--name", "grafana", "--role", "viewer"])).stdout.trim();
    await run(["token", "list"]);
    fs.writeFileSync(path.join(tmp, "batch.ndjson"), `${JSON.stringify({ kind: "person", id: "erin", name: "Erin", timezone: "UTC" })}\n`);
    expect((await run(["import", "batch.ndjson"])).status).toBe(0);
    await run(["import", "-"], {}, '{"kind":"person"}\n');
    expect((await run(["demo", "--scale", "1"])).status).toBe(0);
    expect((await run(["collect", "github"])).status).toBe(0);
    expect((await run(["collect", "pagerduty"])).status).toBe(0);
    await run(["collect", "github", "--dry-run"]);
    // Errors: a source refusing the token (the message must not quote it), a database that is not there.
    await run(["collect", "github"], { GITHUB_TOKEN: `${CANARY.github}-wrong` });
    await run(["collect", "pagerduty"], { PAGERDUTY_TOKEN: `${CANARY.pagerduty}-wrong` });
    await run(["migrate"], { DATABASE_URL: `postgres://postgres:${CANARY.dbPassword}@127.0.0.1:9/nowhere` });
    await run(["migrate"], { DATABASE_URL: `mysql://root:${CANARY.dbPassword}@db/x` });
    expect((await run(["report", "--quarter", "2026-Q3", "--format", "md"])).status).toBe(0);
    const backup = path.join(tmp, "backup.ndjson.gz");
    expect((await run(["backup", backup])).status).toBe(0);
    expect((await run(["verify", backup])).status).toBe(0);
    expect((await run(["restore", backup], { DATABASE_URL: restored.url })).status).toBe(0);

    // The server, with every documented route called, good and bad.
    const server = await startServeProcess([], { cwd: tmp, env });
    const port = server.port;
    const base = `http://127.0.0.1:${port}`;
    const call = async (pathname: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${pathname}`, init);
      const text = await res.text();
      record(`${init.method ?? "GET"} ${pathname} → ${res.status}`, `${JSON.stringify([...res.headers])}\n${text}`);
      return text;
    };
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const doc = JSON.parse(await call("/api/openapi.json")) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { example?: unknown } }[] }>> };
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const pathname = p.replace(/\{(\w+)\}/g, (_, name: string) => String(op.parameters?.find((x) => x.name === name)?.schema?.example ?? "x"));
        const query = new URLSearchParams(Object.fromEntries((op.parameters ?? []).filter((x) => x.in === "query" && x.schema?.example !== undefined).map((x) => [x.name, String(x.schema?.example)])));
        const body = method === "get" ? undefined : "[]";
        for (const headers of [auth(admin), auth(viewer), auth(`${admin}x`), {}]) {
          await call(`/api${pathname}`, { method: method.toUpperCase(), headers: { ...headers, "content-type": "application/json" }, body });
          await call(`/api${pathname}?${query.toString()}`, { method: method.toUpperCase(), headers: { ...headers, "content-type": "application/json" }, body });
        }
      }
    }
    const payload = JSON.stringify({ zen: "hello", hook_id: 1 });
    await call("/api/webhooks/github", { method: "POST", body: payload, headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "canary-1", "x-hub-signature-256": signGithubPayload(CANARY.webhook, payload) } });
    await call("/api/webhooks/github", { method: "POST", body: payload, headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "canary-2", "x-hub-signature-256": "sha256=00" } });
    await call("/api/session", { method: "POST", body: JSON.stringify({ token: viewer }), headers: { "content-type": "application/json" } });
    await call("/api/teams/payments/dora?from=nonsense", { headers: auth(viewer) });
    await call("/api/nope", { headers: auth(viewer) });
    await call("/api/ready");
    await call("/metrics", { headers: auth(viewer) });
    await call("/metrics", { headers: auth(viewer) });
    server.child.kill("SIGTERM");
    await server.exited;
    record("serve output", server.output());

    await run(["token", "revoke", /opsl_([0-9a-f]{12})_/.exec(viewer)?.[1] ?? "none"]);
  }, 600_000);

  afterAll(async () => {
    await github?.close();
    await pagerduty?.close();
    await restored?.close();
    await db?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("the run exercised the commands and the server (it is not vacuous)", async () => {
    // The collector runs were recorded, whichever process ran them.
    const runs = await db.db.selectFrom("collector_runs").select(["source", "outcome"]).orderBy("source").orderBy("outcome").execute();
    expect(runs).toEqual(expect.arrayContaining([{ source: "github", outcome: "success" }, { source: "github", outcome: "failure" }, { source: "pagerduty", outcome: "success" }]));
    const where = seen.map((s) => s.where).join("\n");
    for (const command of ["migrate", "token create", "import", "demo", "collect github", "collect pagerduty", "report", "backup", "verify", "restore", "token revoke", "serve output"]) expect(where).toContain(command);
    expect(seen.some((s) => s.where.startsWith("GET /metrics") && s.text.includes("opsledger_http_request_duration_seconds"))).toBe(true);
    expect(seen.filter((s) => / → 200$/.test(s.where)).length).toBeGreaterThan(20);
    expect(seen.filter((s) => / → 4\d\d$/.test(s.where)).length).toBeGreaterThan(20);
  });

  test("no output, log line, response or error message carries a canary", () => {
    const found = seen.map((s) => ({ where: s.where, leaks: leaks(s.text) })).filter((s) => s.leaks.length > 0);
    expect(found).toEqual([]);
  });

  test("no row of any table carries a canary", async () => {
    for (const target of [db, restored]) {
      for (const table of await applicationTables(target.db)) {
        const rows = await (target.db as unknown as import("kysely").Kysely<Record<string, Record<string, unknown>>>).selectFrom(table.name).selectAll().execute();
        const found = leaks(JSON.stringify(rows));
        expect({ table: table.name, found }).toEqual({ table: table.name, found: [] });
      }
    }
  });
});
