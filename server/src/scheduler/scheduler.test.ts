/**
 * The scheduler across real processes (issue 15, "Done when"): two `opsledger serve` processes on
 * one Postgres database evaluate a rule once and collect each repository once; a worker killed in
 * the middle of a job has the job retried by another worker; with SQLite, `serve` runs the jobs
 * itself. The collectors talk to the loopback fake of GitHub, notifications to a real webhook
 * receiver. The schedule is a one-shot cron pattern a few seconds ahead (croner takes a year
 * field), so exactly one slot fires while the processes run.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createTestDatabase, POSTGRES_AVAILABLE, type TestDatabase } from "@opsledger/db/testing";
import { pull, startFakeGithub, type FakeGithub } from "@opsledger/collectors/testing/github";
import { writeRecords } from "@opsledger/db";
import { TEST_NOW, TEST_NOW_ISO } from "../testing/clock.ts";
import { startOpsledger, until, type RunningProcess } from "../testing/processes.ts";
import { startWebhookReceiver } from "../testing/receivers.ts";
import { createInProcessQueue, createPgBossQueue, jobId } from "./queue.ts";

const SECRET = "whsec_scheduler";
const REPOS = ["acme/alpha", "acme/beta", "acme/gamma"];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-scheduler-"));

/** A cron pattern (seconds first, year last) that fires once, `seconds` from now, in UTC. */
function oneShot(seconds: number): { pattern: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000);
  return { pattern: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} * ${at.getUTCFullYear()}`, at };
}

function writeConfig(name: string, yaml: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, yaml);
  return file;
}

/**
 * A committer active in the 90 days before now: the team has a record, so its declared SOC 2
 * target may fire whether the slot's evaluation runs before or after its collection (a team
 * without any record has no verdict).
 */
const seedActivity = (database: TestDatabase) =>
  writeRecords(database.db, [{ kind: "committer", source: "github", repo: "acme/alpha", login: "ana-o", firstCommitAt: TEST_NOW - 30 * 86_400_000, lastCommitAt: TEST_NOW - 86_400_000, commits: 3 }]);

/** The config the processes share: one team declaring SOC 2 (so the compliance rule fires), GitHub as its source. */
function configYaml(schedule: { collect: string; evaluate: string }, jobs = "{ pollSeconds: 0.5, maintenanceSeconds: 1 }"): string {
  return `
teams:
  - { id: core, name: Core, repos: [${REPOS.join(", ")}], compliance: [SOC 2] }
sources:
  github: { org: acme }
notifications:
  channels: [{ name: hook, type: webhook }]
  rules: [{ id: compliance, signal: compliance, channels: [hook] }]
  delivery: { retries: 1, minBackoffMs: 10, maxBackoffMs: 20, timeoutMs: 5000 }
schedule:
  collect: { github: "${schedule.collect}" }
  evaluate: "${schedule.evaluate}"
  jobs: ${jobs}
`;
}

describe("the job queue keeps each slot's job once", () => {
  test("in process: the same key queued twice runs once, and jobs run one after another", async () => {
    const queue = createInProcessQueue(() => {});
    const ran: string[] = [];
    await queue.work(async (name, data) => {
      ran.push(`${name} ${data.slot} start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      ran.push(`${name} ${data.slot} end`);
    });
    await queue.enqueue("evaluate", { slot: "s1" }, "evaluate|s1");
    await queue.enqueue("evaluate", { slot: "s1" }, "evaluate|s1");
    await queue.enqueue("evaluate", { slot: "s2" }, "evaluate|s2");
    await until(() => ran.length === 4, "both jobs");
    await queue.stop();
    expect(ran).toEqual(["evaluate s1 start", "evaluate s1 end", "evaluate s2 start", "evaluate s2 end"]);
  });

  test("job ids are the same in every process for the same key, and differ between keys", () => {
    expect(jobId("evaluate|2026-11-18T10:10:00.000Z")).toBe(jobId("evaluate|2026-11-18T10:10:00.000Z"));
    expect(jobId("evaluate|2026-11-18T10:10:00.000Z")).not.toBe(jobId("evaluate|2026-11-18T10:40:00.000Z"));
    expect(jobId("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("scheduled jobs across processes", { timeout: 120_000 }, () => {
  let github: FakeGithub;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let running: RunningProcess[];

  beforeAll(async () => {
    [github, hook] = await Promise.all([startFakeGithub(), startWebhookReceiver(SECRET)]);
    for (const repo of REPOS) {
      const r = github.addRepo(repo);
      for (let i = 1; i <= 3; i++) r.pulls.push(pull(repo, i));
    }
    github.orgs.set("acme", REPOS);
  });
  afterAll(async () => {
    await Promise.all([github.close(), hook.close()]);
  });
  beforeEach(() => {
    running = [];
    github.requests.length = 0;
    hook.requests.length = 0;
    hook.accepted.length = 0;
  });
  afterEach(async () => {
    await Promise.all(running.map((p) => p.kill()));
  });

  const env = (database: TestDatabase, config: string, apiUrl = github.url) => ({
    DATABASE_URL: database.url,
    OPSLEDGER_CONFIG: config,
    OPSLEDGER_NOW: TEST_NOW_ISO,
    PORT: "0",
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: apiUrl,
    OPSLEDGER_CHANNEL_HOOK_URL: hook.url,
    OPSLEDGER_CHANNEL_HOOK_SECRET: SECRET,
  });
  const start = (args: string[], e: Record<string, string>) => {
    const p = startOpsledger(args, e, tmp);
    running.push(p);
    return p;
  };
  /** Requests the fake GitHub saw for a repository's workflow runs: one per collection of it. */
  const runListings = (repo: string) => github.requests.filter((r) => r.path.startsWith(`/repos/${repo}/actions/runs`)).length;

  test("with SQLite, serve runs the scheduled collection and evaluation in its own process", async () => {
    const database = await createTestDatabase("sqlite");
    try {
      await seedActivity(database);
      const slot = oneShot(12);
      const config = writeConfig("sqlite.yaml", configYaml({ collect: slot.pattern, evaluate: slot.pattern }));
      const server = start(["serve"], env(database, config));
      await server.waitFor(/jobs run in this process/);
      await until(() => hook.accepted.length > 0 && REPOS.every((r) => runListings(r) > 0), "the slot's collection and notification", 60_000);
      expect(hook.accepted.map((r) => JSON.parse(r.body) as { kind: string; data: { team: string } }).map((m) => `${m.kind} ${m.data.team}`)).toEqual(["firing core"]);
      expect(REPOS.map(runListings)).toEqual([1, 1, 1]);
      const changes = await database.db.selectFrom("changes").select("repo").execute();
      expect(new Set(changes.map((c) => c.repo))).toEqual(new Set(REPOS));
      // The jobs ran on serve's jobs thread, not on the thread that answers requests and probes:
      // an evaluation computes every team's figures, which held /api/health for over a second.
      const evaluated = server
        .output()
        .split("\n")
        .filter((line) => /evaluated \d+ rule scopes/.test(line));
      expect(evaluated.length).toBeGreaterThan(0);
      expect(evaluated.map((line) => (JSON.parse(line) as { thread?: string }).thread)).toEqual(evaluated.map(() => "jobs"));
    } finally {
      await Promise.all(running.map((p) => p.stop()));
      await database.close();
    }
  });

  test.skipIf(!POSTGRES_AVAILABLE)("two serve processes on one Postgres evaluate the rule once and collect each repository once", async () => {
    const database = await createTestDatabase("postgres");
    try {
      await seedActivity(database);
      const slot = oneShot(25);
      const config = writeConfig("two.yaml", configYaml({ collect: slot.pattern, evaluate: slot.pattern }));
      const [a, b] = [start(["serve"], env(database, config)), start(["serve"], env(database, config))];
      await Promise.all([a.waitFor(/listening on/, 60_000), b.waitFor(/listening on/, 60_000)]);
      expect(Date.now(), "both processes must be up before the slot").toBeLessThan(slot.at.getTime());
      await until(
        async () => hook.accepted.length > 0 && REPOS.every((r) => runListings(r) > 0),
        "the slot's collection and notification",
        60_000,
      );
      // Give a second copy of any job time to run, were there one.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(hook.accepted.map((r) => JSON.parse(r.body) as { kind: string; data: { team: string } }).map((m) => `${m.kind} ${m.data.team}`)).toEqual(["firing core"]);
      const runs = await database.db.selectFrom("notification_runs").select("trigger").execute();
      expect(runs.map((r) => r.trigger)).toEqual([`schedule ${slot.at.toISOString()}`]);
      expect(REPOS.map(runListings)).toEqual([1, 1, 1]);
      // The organisation's repositories were listed once, by whichever process planned the collection.
      expect(github.requests.filter((r) => r.operation !== null && /org/i.test(r.operation)).length).toBe(1);
      // The work was shared: each process logged the jobs it ran, and together they ran each once.
      const done = [a, b].map((p) => (p.output().match(/job collect-github acme\/\w+ \([^)]+\) done/g) ?? []).length);
      expect(done.reduce((x, y) => x + y, 0)).toBe(3);
    } finally {
      await Promise.all(running.map((p) => p.stop()));
      await database.close();
    }
  });

  test.skipIf(!POSTGRES_AVAILABLE)("a worker killed in the middle of a job has the job retried by another worker", async () => {
    const database = await createTestDatabase("postgres");
    // GitHub behind a proxy that holds the first request, so the first worker is mid-job when it dies.
    let held: http.ServerResponse | null = null;
    let holding = true;
    const proxy = http.createServer((req, res) => {
      if (holding && held === null) {
        held = res;
        return;
      }
      const upstream = http.request(`${github.url}${req.url ?? "/"}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const jobs = { expireSeconds: 3, retryLimit: 2, retryDelaySeconds: 0, pollSeconds: 0.5, maintenanceSeconds: 1 };
    const queue = await createPgBossQueue({ connectionString: database.url, jobs, log: () => {}, supervise: false });
    try {
      const config = writeConfig("worker.yaml", configYaml({ collect: "0 0 1 1 *", evaluate: "0 0 1 1 *" }, JSON.stringify(jobs)));
      await queue.enqueue("collect-github", { slot: "manual", repo: "acme/beta" }, "collect-github|manual|acme/beta");

      const first = start(["worker"], env(database, config, proxyUrl));
      await first.waitFor(/job collect-github acme\/beta \([^)]+\) started/);
      await until(() => held !== null, "the first worker's request to GitHub");
      await first.kill();
      holding = false;
      (held as http.ServerResponse | null)?.destroy();

      const second = start(["worker"], env(database, config, proxyUrl));
      await second.waitFor(/job collect-github acme\/beta \([^)]+\) done/, 60_000);
      expect(first.output()).not.toMatch(/acme\/beta \([^)]+\) done/);
      const changes = await database.db.selectFrom("changes").select("id").where("repo", "=", "acme/beta").execute();
      expect(changes).toHaveLength(3);
    } finally {
      await queue.stop();
      await Promise.all(running.map((p) => p.stop()));
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await database.close();
    }
  });
});
