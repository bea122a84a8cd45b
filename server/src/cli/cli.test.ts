/** The real `opsledger` binary, run as a user would, against a fresh database on each dialect. */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { childEnv, DIALECTS, createTestDatabase, type TestDatabase } from "@opsledger/db/testing";
import { TEST_NOW_ISO } from "../testing/clock.ts";

const BIN = path.resolve(import.meta.dirname, "../../../bin/opsledger.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-cli-"));

function run(args: string[], databaseUrl: string, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: "utf8",
    cwd: tmp,
    env: childEnv({ DATABASE_URL: databaseUrl, OPSLEDGER_NOW: TEST_NOW_ISO }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const good = [
  { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
  { kind: "incident", id: "I1", service: "api", title: "down", urgency: "high", created_at: "2026-03-01T10:00:00Z", resolved_at: "2026-03-01T11:00:00Z" },
]
  .map((l) => JSON.stringify(l))
  .join("\n");

describe("opsledger --help", () => {
  test("lists every command", () => {
    const { code, stdout } = run(["--help"], "sqlite::memory:");
    expect(code).toBe(0);
    for (const command of ["start", "serve", "migrate", "import", "rederive", "demo"]) expect(stdout).toContain(command);
  });

  test("a DATABASE_URL of an unknown kind is refused with a message, not a stack trace", () => {
    const { code, stderr } = run(["migrate"], "mysql://localhost/x");
    expect(code).toBe(1);
    expect(stderr).toContain("DATABASE_URL must start with postgres:// or sqlite:");
    expect(stderr).not.toContain("    at ");
  });
});

describe.each(DIALECTS)("opsledger import on %s", (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => t.close());

  test("migrate applies every migration", () => {
    const { code, stderr } = run(["migrate"], t.url);
    expect(code).toBe(0);
    expect(stderr).toContain("migrations are current");
  });

  test("an invalid line exits non-zero, names the line and field, and writes nothing", async () => {
    const file = path.join(tmp, "bad.ndjson");
    fs.writeFileSync(file, `${good}\n${JSON.stringify({ kind: "page", id: "p1", person: "ana", incident_id: "I1", at: "yesterday", channel: "sms" })}\n`);
    const { code, stderr } = run(["import", file], t.url);
    expect(code).toBe(1);
    expect(stderr).toContain("line 3, at:");
    expect(stderr).toContain("nothing written");
    expect(await t.db.selectFrom("people").selectAll().execute()).toEqual([]);
  });

  test("a file from stdin imports, and importing it again changes nothing", async () => {
    for (let i = 0; i < 2; i++) {
      const { code, stdout } = run(["import", "-"], t.url, good);
      expect(code).toBe(0);
      expect(stdout).toContain("imported 2 records");
    }
    expect(await t.db.selectFrom("incidents").select(["id", "resolved_at"]).execute()).toEqual([{ id: "I1", resolved_at: Date.UTC(2026, 2, 1, 11) }]);
  });

  test("rederive rebuilds facts that were lost from the records, and says so", async () => {
    const facts = () => t.db.selectFrom("fact_incidents").selectAll().execute();
    const before = await facts();
    expect(before.map((f) => f.id)).toEqual(["I1"]);
    await t.db.deleteFrom("fact_incidents").execute();
    const { code, stderr } = run(["rederive"], t.url);
    expect(code).toBe(0);
    expect(stderr).toContain("read model derived again from the records");
    expect(await facts()).toEqual(before);
  });

  test("rederive on a database derived with other settings derives everything once, not once to catch up and once more", async () => {
    await t.db.updateTable("derive_state").set({ value: "derived by an older release" }).where("name", "=", "fingerprint").execute();
    const { code, stderr } = run(["rederive"], t.url);
    expect(code).toBe(0);
    expect(stderr.match(/rederive: weekly rollups/g)).toHaveLength(1);
  });

  test("a missing file is reported by name", () => {
    const { code, stderr } = run(["import", "no-such-file.ndjson"], t.url);
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read no-such-file.ndjson: ENOENT");
  });
});

/** Start a long-running command, wait until it says where it listens, and return that URL. */
async function startServer(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: tmp,
    env: childEnv({ DATABASE_URL: databaseUrl, PORT: "0", OPSLEDGER_NOW: TEST_NOW_ISO, ...extraEnv }),
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { url, output: () => output, stop: () => new Promise<void>((resolve) => { child.once("exit", () => resolve()); child.kill("SIGTERM"); }) };
}

describe("opsledger start", () => {
  test("on an empty database with no source configured, it migrates, loads the demo org and serves it", async () => {
    const server = await startServer(["start"], `sqlite:${path.join(tmp, "start.db")}`);
    try {
      expect(server.output()).toContain("loading the demo org");
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      const { teams } = (await (await fetch(`${server.url}/api/teams`)).json()) as { teams: { team: string }[] };
      expect(teams.map((t) => t.team).sort()).toEqual(["growth", "infra", "payments", "platform", "search", "storefront"]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  test("a configuration mistake stops start-up with the file, line and key", () => {
    const config = path.join(tmp, "broken.yaml");
    fs.writeFileSync(config, "thresholds:\n  teamSize: five\n");
    const result = spawnSync(process.execPath, [BIN, "start"], {
      encoding: "utf8",
      cwd: tmp,
      env: childEnv({ DATABASE_URL: "sqlite::memory:", OPSLEDGER_CONFIG: config }),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`invalid configuration in ${config}`);
    expect(result.stderr).toContain("line 2: thresholds.teamSize");
  });

  test("a port already in use is reported, not thrown", async () => {
    const server = await startServer(["serve"], `sqlite:${path.join(tmp, "serve.db")}`);
    try {
      const port = new URL(server.url).port;
      const clash = spawnSync(process.execPath, [BIN, "serve", "--port", port], {
        encoding: "utf8",
        cwd: tmp,
        env: childEnv({ DATABASE_URL: `sqlite:${path.join(tmp, "serve2.db")}` }),
      });
      expect(clash.status).toBe(1);
      expect(clash.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await server.stop();
    }
  });
});
