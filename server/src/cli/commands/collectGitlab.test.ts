import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { connect, type Connection } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { deployment, mergeRequest, pipeline, sha, startFakeGitlab, type FakeGitlab } from "@opsledger/collectors/testing/gitlab";
import { configSchema, type Config } from "../../config/schema.ts";
import { readEnvironment } from "../../env.ts";
import type { CliContext } from "../context.ts";
import { derivationSettings, inlineDeriver } from "../../derive/deriver.ts";
import { createProgress } from "../progress.ts";
import { collectGitlabCommand, type CollectGitlabOptions } from "./collectGitlab.ts";

const NOW = Date.parse("2026-10-20T00:00:00Z");
const DAY = 86_400_000;

describe.each(DIALECTS)("opsledger collect gitlab on %s", (dialect) => {
  let database: TestDatabase;
  let connection: Connection;
  let fake: FakeGitlab;
  let logs: string[];
  let printed: string[];
  let config: Config;

  const run = (env: Record<string, string>, options: CollectGitlabOptions = {}) => {
    const ctx: CliContext = { env: readEnvironment(env), config, connection, log: (line) => logs.push(line), deriver: inlineDeriver(connection.db, derivationSettings(config)) };
    return collectGitlabCommand(ctx, options, {
      now: () => NOW,
      clientOptions: { requestsPerMinute: 0, waitScale: 0.001, backoffMs: 1 },
      progress: createProgress({ tty: false, log: (line) => logs.push(line) }),
      print: (line) => printed.push(line),
    });
  };
  const env = () => ({ GITLAB_TOKEN: fake.token, GITLAB_URL: fake.url });
  const stored = async () => {
    const n = async (table: "changes" | "ci_runs" | "deployments") => (await connection.db.selectFrom(table).select("id").execute()).length;
    return { changes: await n("changes"), ciRuns: await n("ci_runs"), deployments: await n("deployments") };
  };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    connection = connect(database.url);
    fake = await startFakeGitlab();
    const api = fake.addProject("acme/platform/api", { commits: [sha("m1"), sha("m2"), sha("m3")] });
    for (let i = 1; i <= 3; i++) api.mergeRequests.push(mergeRequest(i, NOW - (10 - i) * DAY));
    api.pipelines.push(pipeline(11, NOW - 5 * DAY), pipeline(12, NOW - 4 * DAY));
    api.deployments.push(deployment(1, NOW - 3 * DAY, sha("m1")), deployment(2, NOW - 2 * DAY, sha("m3")));
    fake.addProject("acme/platform/docs");
    fake.groups.set("acme", ["acme/platform/api", "acme/platform/docs"]);
    config = configSchema.parse({ sources: { gitlab: { groups: ["acme"], projectPattern: "/api$" } } });
    logs = [];
    printed = [];
  });
  afterEach(async () => {
    await fake.close();
    await connection.close();
    await database.close();
  });

  test("collects the configured group's matching projects, with a progress line per project and stream and the contract's summary", async () => {
    expect(await run(env())).toBe(0);
    expect(logs.filter((l) => l.startsWith("gitlab:"))).toEqual([
      "gitlab:acme/platform/api merge_requests: started",
      "gitlab:acme/platform/api merge_requests: 3 written",
      "gitlab:acme/platform/api pipelines: started",
      "gitlab:acme/platform/api pipelines: 2 written",
      "gitlab:acme/platform/api deployments: started",
      "gitlab:acme/platform/api deployments: 2 written",
    ]);
    expect(printed[0]).toMatch(/^gitlab: done: 1 project in \d+\.\d s$/);
    expect(printed).toContain("  records written: merge_requests 3, pipelines 2, deployments 2, incidents 0");
    expect(printed).toContain("  requests: 6 (GraphQL 2, REST 4); retried: 0; rate-limit waits: 0");
    expect(printed).toContain("  gitlab:acme/platform/api: merge_requests 3, pipelines 2, deployments 2, incidents 0");
    expect(await stored()).toEqual({ changes: 3, ciRuns: 2, deployments: 2 });
    expect([...logs, ...printed].join("\n")).not.toContain(fake.token);
  });

  test("--project collects one project in or out of the configured scope; --dry-run writes nothing and says what it would cost", async () => {
    expect(await run(env(), { project: ["gitlab:acme/platform/api"], dryRun: true })).toBe(0);
    expect(printed[0]).toBe("gitlab dry run: 1 scope(s), nothing written");
    expect(printed[1]).toBe("  gitlab:acme/platform/api: merge_requests full (~1 requests), pipelines full (~1 requests), deployments full");
    expect(await stored()).toEqual({ changes: 0, ciRuns: 0, deployments: 0 });
  });

  test.each([
    [{}, {}, /GITLAB_TOKEN is not set/],
    [{ GITLAB_TOKEN: "glpat-x" }, { project: ["acme/api"] }, /--project must be gitlab:group\/project \(got "acme\/api"\)/],
    [{ GITLAB_TOKEN: "glpat-x" }, { since: "last tuesday" }, /--since must be a date/],
  ])("refuses %o %o with a message saying what to fix (exit 1)", async (extraEnv, options, message) => {
    expect(await run(extraEnv as Record<string, string>, options as CollectGitlabOptions)).toBe(1);
    expect(logs.join("\n")).toMatch(message);
  });

  test("nothing configured and no --project: exit 1 naming the keys", async () => {
    config = configSchema.parse({});
    expect(await run(env())).toBe(1);
    expect(logs).toContainEqual(expect.stringContaining("sources.gitlab.groups or sources.gitlab.projects"));
  });

  test("a token GitLab rejects: exit 1, the failed streams named, and the token never printed", async () => {
    expect(await run({ GITLAB_TOKEN: "glpat-wrong-token-value", GITLAB_URL: fake.url }, { project: ["gitlab:acme/platform/api"] })).toBe(1);
    expect(printed[0]).toMatch(/^gitlab: finished with errors/);
    expect(printed).toContainEqual(expect.stringContaining("error in merge_requests of gitlab:acme/platform/api: GitLab rejected the token (401"));
    expect([...logs, ...printed].join("\n")).not.toContain("glpat-wrong-token-value");
  });
});
