import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { derivationSettings, inlineDeriver } from "../../derive/deriver.ts";
import { connect, type Connection } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { startFakeGithub, type FakeGithub, deployment, historyCommit, pull, sha, workflowRun } from "@opsledger/collectors/testing/github";
import { configSchema, type Config } from "../../config/schema.ts";
import { readEnvironment } from "../../env.ts";
import type { CliContext } from "../context.ts";
import { createProgress } from "../progress.ts";
import { collectGithubCommand, type CollectGithubOptions } from "./collectGithub.ts";

const NOW = Date.parse("2026-10-20T00:00:00Z");

describe.each(DIALECTS)("opsledger collect github on %s", (dialect) => {
  let database: TestDatabase;
  let connection: Connection;
  let fake: FakeGithub;
  let logs: string[];
  let printed: string[];
  let config: Config;

  const run = (env: Record<string, string>, options: CollectGithubOptions = {}) => {
    const ctx: CliContext = { env: readEnvironment(env), config, connection, log: (line) => logs.push(line), deriver: inlineDeriver(connection.db, derivationSettings(config)) };
    return collectGithubCommand(ctx, options, {
      now: () => NOW,
      clientOptions: { retryAfterBaseMs: 1, graphqlIntervalMs: 0, sleep: async () => {} },
      progress: createProgress({ tty: false, log: (line) => logs.push(line) }),
      print: (line) => printed.push(line),
    });
  };
  const env = () => ({ GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url });

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    connection = connect(database.url);
    fake = await startFakeGithub();
    const repo = fake.addRepo("acme/api");
    for (let i = 1; i <= 3; i++) repo.pulls.push(pull("acme/api", i));
    for (let i = 1; i <= 4; i++) repo.commits.push(historyCommit(sha(`m${i}`), NOW - (10 - i) * 86_400_000, i % 2 ? "ana-o" : "bolind"));
    repo.deployments.push(deployment(1, { commitOid: sha("m2") }), deployment(2, { commitOid: sha("m4") }));
    repo.runs.push(workflowRun(1), workflowRun(2));
    fake.addRepo("acme/web");
    fake.orgs.set("acme", ["acme/api", "acme/web"]);
    config = configSchema.parse({ sources: { github: { org: "acme", repoPattern: "^api$" } } });
    logs = [];
    printed = [];
  });
  afterEach(async () => {
    await fake.close();
    await connection.close();
    await database.close();
  });

  test("collects the configured scope, with a progress line per repo and stream and a summary", async () => {
    expect(await run(env())).toBe(0);
    expect(logs.filter((l) => / (pulls|deployments|workflow_runs|committers|practices): /.test(l))).toEqual([
      "acme/api pulls: started",
      "acme/api pulls: 3 written",
      "acme/api deployments: started",
      "acme/api deployments: 2 written",
      "acme/api workflow_runs: started",
      "acme/api workflow_runs: 2 written",
      "acme/api committers: started",
      "acme/api committers: 2 written",
      "acme/api practices: started",
      "acme/api practices: 1 written",
    ]);
    expect(printed).toEqual([
      expect.stringMatching(/^github: 1 repository in \d+\.\d s$/),
      "  records written: pulls 3, deployments 2, workflow_runs 2, committers 2, practices 1",
      "  requests: 7 (GraphQL 5, REST 2); GraphQL points spent: 6; retried: 0; rate-limit pauses: 0",
      "  acme/api: pulls 3, deployments 2, workflow_runs 2, committers 2, practices 1 (deployments from GitHub Deployments)",
    ]);
    expect([...logs, ...printed].join("\n")).not.toContain(fake.token);
  });

  test("--repo narrows to one repository; --dry-run prints the plan and estimated points and writes nothing", async () => {
    expect(await run(env(), { repo: ["acme/api"], dryRun: true })).toBe(0);
    expect(printed).toEqual([
      "github dry run: 1 repository, nothing written",
      "  acme/api: 3 merged PRs, 2 deployments (from GitHub Deployments); pulls full, deployments full, workflow_runs full, committers full, practices full; ~4 GraphQL requests, ~5 points",
      "  estimated: ~4 GraphQL requests, ~5 GraphQL points (of 5,000 an hour), plus REST for Actions runs and commit compares",
      "  the plan itself made 1 request(s)",
    ]);
    expect(await connection.db.selectFrom("changes").select("id").execute()).toEqual([]);
  });

  test("a second run is incremental: one request per stream", async () => {
    await run(env());
    printed = [];
    expect(await run(env(), { repo: ["acme/api"] })).toBe(0);
    // practices observe the repo again on every run (one row per day, replaced).
    expect(printed[1]).toBe("  records written: pulls 0, deployments 0, workflow_runs 0, committers 0, practices 1");
    expect(printed[2]).toBe("  requests: 5 (GraphQL 4, REST 1); GraphQL points spent: 5; retried: 0; rate-limit pauses: 0");
  });

  test.each<[Record<string, string>, CollectGithubOptions, string]>([
    [{}, {}, "GITHUB_TOKEN is not set"],
    [{ GITHUB_TOKEN: "ghp_x" }, { repo: ["not-a-repo"] }, '--repo must be owner/name (got "not-a-repo")'],
    [{ GITHUB_TOKEN: "ghp_x" }, { since: "last tuesday" }, "--since must be a date"],
  ])("refuses bad input with a message and exit 1 (%#)", async (e, options, message) => {
    expect(await run({ ...e, GITHUB_API_URL: fake.url }, options)).toBe(1);
    expect(logs).toContainEqual(expect.stringContaining(message));
    expect(fake.requests).toEqual([]);
  });

  test("a token GitHub rejects: exit 1, a message naming GITHUB_TOKEN, and the token is never printed", async () => {
    expect(await run({ GITHUB_TOKEN: "ghp_revoked_0123456789", GITHUB_API_URL: fake.url })).toBe(1);
    expect(logs).toContainEqual("github: stopped: GitHub rejected the token (401 Bad credentials); check GITHUB_TOKEN");
    expect([...logs, ...printed].join("\n")).not.toContain("ghp_revoked_0123456789");
  });

  test("GitHub going down mid-run: exit 1, what was written is kept, and a rerun continues", async () => {
    fake.faults.push({ match: (r) => r.path.endsWith("/actions/runs"), kind: "unavailable", times: Infinity });
    expect(await run(env())).toBe(1);
    expect(logs).toContainEqual(expect.stringContaining("run the command again to continue"));
    expect((await connection.db.selectFrom("changes").select("id").execute()).length).toBe(3);
    fake.faults.length = 0;
    printed = [];
    expect(await run(env())).toBe(0);
    expect(printed[1]).toBe("  records written: pulls 0, deployments 0, workflow_runs 2, committers 2, practices 1");
  });

  test("no scope at all is explained", async () => {
    config = configSchema.parse({});
    expect(await run(env())).toBe(1);
    expect(logs).toContainEqual(expect.stringContaining("set sources.github.org or sources.github.repos"));
  });
});
