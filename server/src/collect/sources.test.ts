import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { deployment as ghDeployment, historyCommit, pull, sha as ghSha, startFakeGithub, type FakeGithub } from "@opsledger/collectors/testing/github";
import { mergeRequest, startFakeGitlab, type FakeGitlab } from "@opsledger/collectors/testing/gitlab";
import { manualClock, smallDataset, SMALL_WEEK_START, startFakePagerduty, type FakePagerduty } from "@opsledger/collectors/testing/pagerduty";
import { configSchema } from "../config/schema.ts";
import { readEnvironment } from "../env.ts";
import { smallDatasetConfig } from "../testing/pagerdutyConfig.ts";
import { buildCollector, CollectorSetupError, runCollector, SOURCES } from "./sources.ts";

const NOW = Date.parse("2026-10-20T00:00:00Z");

describe.each(DIALECTS)("running one collector per source through the contract on %s", (dialect) => {
  let db: TestDatabase;
  let github: FakeGithub;
  let gitlab: FakeGitlab;
  let pagerduty: FakePagerduty;
  const deps = (env: Record<string, string>, config = configSchema.parse({})) => ({ config, env: readEnvironment(env), db: db.db, log: () => {}, now: () => NOW });

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    [github, gitlab, pagerduty] = await Promise.all([startFakeGithub(), startFakeGitlab(), startFakePagerduty({ token: "pd-token", data: smallDataset() })]);
    const repo = github.addRepo("acme/api");
    repo.commits.push(historyCommit(ghSha("m1"), NOW - 86_400_000, "ana-o"));
    repo.pulls.push(pull("acme/api", 1));
    repo.deployments.push(ghDeployment(1, { commitOid: ghSha("m1") }));
    gitlab.addProject("acme/api").mergeRequests.push(mergeRequest(1, NOW - 3 * 86_400_000), mergeRequest(2, NOW - 2 * 86_400_000));
  });
  afterEach(async () => {
    await Promise.all([github.close(), gitlab.close(), pagerduty.close(), db.close()]);
  });

  test("every source gives the same summary shape, narrowed to one scope and some streams", async () => {
    const gh = await runCollector("github", deps({ GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url }, configSchema.parse({ sources: { github: { repos: ["acme/api", "acme/web"] } } })), { scopes: ["acme/api"], streams: ["pulls"] }, { github: { options: { retryAfterBaseMs: 1, graphqlIntervalMs: 0, sleep: async () => {} } } });
    expect(gh).toMatchObject({ source: "github", ok: true, scopes: ["acme/api"], written: { pulls: 1 }, requests: 1, retries: 0, rateLimitWaits: 0, skipped: {}, errors: [] });
    expect(gh.streams).toEqual([{ stream: "pulls", scope: "acme/api", status: "completed", written: 1, requests: 1, error: null }]);

    const gl = await runCollector("gitlab", deps({ GITLAB_TOKEN: gitlab.token, GITLAB_URL: gitlab.url }, configSchema.parse({ sources: { gitlab: { projects: ["gitlab:acme/api"] } } })), { streams: ["merge_requests"] }, { gitlab: { options: { requestsPerMinute: 0 } } });
    expect(gl).toMatchObject({ source: "gitlab", ok: true, scopes: ["gitlab:acme/api"], written: { merge_requests: 2 }, requests: 1, retries: 0, rateLimitWaits: 0, errors: [] });

    const clock = manualClock(SMALL_WEEK_START + 7 * 86_400_000);
    const pd = await runCollector(
      "pagerduty",
      { ...deps({ PAGERDUTY_TOKEN: "pd-token", PAGERDUTY_API_URL: pagerduty.url }, smallDatasetConfig()), now: clock.now },
      { streams: ["incidents"] },
      { pagerduty: { options: { now: clock.now, sleep: clock.sleep, backoffMs: 1 } } },
    );
    expect(pd).toMatchObject({ source: "pagerduty", ok: true, scopes: [new URL(pagerduty.url).host], errors: [] });
    expect(pd.streams.map((s) => s.stream)).toEqual(["users", "incidents"]);
    // The small week's 5 incidents with their 6 alerts, 3 acknowledgements and 6 pages.
    expect(pd.written.incidents).toBe(20);
  });

  test.each(SOURCES)("%s without its token: a setup error saying which variable to set", (source) => {
    expect(() => buildCollector(source, deps({}))).toThrow(CollectorSetupError);
    expect(() => buildCollector(source, deps({}))).toThrow(new RegExp(`${source.toUpperCase()}_TOKEN is not set`));
  });

  test("a run asking for a stream the source does not have is refused, naming its streams", async () => {
    const { collector } = buildCollector("gitlab", deps({ GITLAB_TOKEN: gitlab.token, GITLAB_URL: gitlab.url }));
    await expect(collector.run({ streams: ["pulls"] })).rejects.toThrow('gitlab has no stream "pulls"; its streams are merge_requests, pipelines, deployments, incidents');
  });
});
