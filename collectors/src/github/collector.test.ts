import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGithub, planGithub, type GithubCollectorOptions, type GithubRepoRule } from "./collector.ts";
import { checkGithubQuery } from "./fake/schemaCheck.ts";
import { collectorOptions, defaultRule, startFakeGithub, testClient, type FakeGithub } from "./fake/scenario.ts";
import type { FakeRepo } from "./fake/server.ts";
import { bot, changedFiles, deployment, historyCommit, iso, pull, pullCommits, release, sha, simpleUser, user, workflowRun, type FixtureDeployment } from "./fixtures.ts";

const REPO = "acme/api";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-10-01T00:00:00Z");
const NOW = Date.parse("2026-10-20T00:00:00Z");
const c = (i: number) => sha(`main-${i}`);

async function deploymentRows(db: TestDatabase) {
  const rows = await db.db.selectFrom("deployments").select(["id", "environment", "status", "finished_at", "sha", "rollback"]).orderBy("id").execute();
  const commits = await db.db.selectFrom("deployment_commits").select(["deployment_id", "sha"]).execute();
  const known = new Set(
    (await db.db.selectFrom("deployments").select(["id"]).execute()).map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    environment: r.environment,
    status: r.status,
    finishedAt: Number(r.finished_at),
    sha: r.sha,
    rollback: Boolean(r.rollback),
    commits: known.has(r.id) ? commits.filter((x) => x.deployment_id === r.id).map((x) => x.sha).sort() : [],
  }));
}

describe.each(DIALECTS)("GitHub collector on %s", (dialect) => {
  let fake: FakeGithub;
  let repo: FakeRepo;
  let db: TestDatabase;
  let rule: GithubRepoRule;
  const options = (extra: Partial<GithubCollectorOptions> = {}) =>
    collectorOptions(db.db, testClient(fake), [REPO], { now: () => NOW, rule: () => rule, ...extra });
  const run = (extra: Partial<GithubCollectorOptions> = {}) => collectGithub(options(extra));

  beforeEach(async () => {
    fake = await startFakeGithub();
    repo = fake.addRepo(REPO);
    for (let i = 1; i <= 12; i++) repo.commits.push(historyCommit(c(i), T0 + i * HOUR, i % 3 === 0 ? "bolind" : "ana-o"));
    rule = defaultRule;
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    // Every query any test made the collector send, with its variables, against GitHub's schema.
    for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    await fake.close();
    await db.close();
  });

  describe("deployments", () => {
    const statuses = (at: number, ...states: FixtureDeployment["statuses"][number]["state"][]) =>
      states.map((state, i) => ({ state, createdAt: iso(at + (i + 1) * 60_000) }));

    beforeEach(() => {
      repo.deployments.push(
        deployment(1, { at: T0 + 2 * HOUR, commitOid: c(2) }),
        deployment(2, { at: T0 + 3 * HOUR, commitOid: c(3), environment: "staging" }),
        // Replaced by deployment 4, so GitHub marked it INACTIVE after its SUCCESS.
        deployment(3, { at: T0 + 5 * HOUR, commitOid: c(5), statuses: statuses(T0 + 5 * HOUR, "IN_PROGRESS", "SUCCESS", "INACTIVE"), updatedAt: iso(T0 + 9 * DAY) }),
        deployment(4, { at: T0 + 8 * HOUR, commitOid: c(8), statuses: statuses(T0 + 8 * HOUR, "IN_PROGRESS", "SUCCESS") }),
        deployment(5, { at: T0 + 9 * HOUR, commitOid: c(9), statuses: statuses(T0 + 9 * HOUR, "IN_PROGRESS", "FAILURE") }),
      );
    });

    test("status history decides the outcome; production deployments get the commits shipped since the previous one", async () => {
      const summary = await run({ streams: ["deployments"], restPageSize: 2 });
      expect(summary.written.deployments).toBe(5);
      expect(await deploymentRows(db)).toEqual([
        { id: "1", environment: "production", status: "success", finishedAt: T0 + 2 * HOUR + 4 * 60_000, sha: c(2), rollback: false, commits: [] },
        { id: "2", environment: "staging", status: "success", finishedAt: T0 + 3 * HOUR + 4 * 60_000, sha: c(3), rollback: false, commits: [] },
        // INACTIVE after SUCCESS: still a success, at the SUCCESS time (not updatedAt).
        { id: "3", environment: "production", status: "success", finishedAt: T0 + 5 * HOUR + 2 * 60_000, sha: c(5), rollback: false, commits: [c(3), c(4), c(5)].sort() },
        { id: "4", environment: "production", status: "success", finishedAt: T0 + 8 * HOUR + 2 * 60_000, sha: c(8), rollback: false, commits: [c(6), c(7), c(8)].sort() },
        // A failed production deployment lists what it tried to ship (since the last success).
        { id: "5", environment: "production", status: "failure", finishedAt: T0 + 9 * HOUR + 2 * 60_000, sha: c(9), rollback: false, commits: [c(9)] },
      ]);
      // Three commits over pages of two: those compares took two REST requests; the failure's one.
      expect(fake.requests.filter((r) => r.path.includes("/compare/")).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    });

    test("a deployment of a deleted commit has no commit list (compare 404), and the summary says lead time falls back to time", async () => {
      repo.deployments.push(deployment(6, { at: T0 + 10 * HOUR, commitOid: sha("force-pushed-away") }));
      const summary = await run({ streams: ["deployments"] });
      expect(summary.commitsUnknown).toBe(1);
      expect(summary.warnings).toContainEqual(expect.stringContaining("has no commit list, so lead time falls back to time"));
      const six = (await deploymentRows(db)).find((d) => d.id === "6");
      expect(six).toMatchObject({ status: "success", commits: [] });
    });

    test("a deployment still in progress is written, read again next time, and completed then; nothing new is one request", async () => {
      const live = deployment(7, { at: NOW - HOUR, commitOid: c(11), statuses: statuses(NOW - HOUR, "QUEUED", "IN_PROGRESS") });
      repo.deployments.push(live);
      await run({ streams: ["deployments"] });
      expect((await deploymentRows(db)).find((d) => d.id === "7")).toMatchObject({ status: "in_progress" });
      live.statuses.push({ state: "SUCCESS", createdAt: iso(NOW - HOUR + 10 * 60_000) });
      const before = fake.requests.length;
      const second = await run({ streams: ["deployments"] });
      expect(second.written.deployments).toBe(1);
      expect((await deploymentRows(db)).find((d) => d.id === "7")).toMatchObject({ status: "success", finishedAt: NOW - HOUR + 10 * 60_000, commits: [c(9), c(10), c(11)].sort() });
      expect(fake.requests.slice(before).map((r) => r.operation ?? "compare")).toEqual(["Deployments", "compare"]);
      const third = await run({ streams: ["deployments"] });
      expect(third.written.deployments).toBe(0);
      expect(third.requests).toBe(1);
    });

    test("a deployment of an older sha than production's is a rollback", async () => {
      repo.deployments.push(deployment(8, { at: T0 + 11 * HOUR, commitOid: c(5), task: "deploy" }));
      await run({ streams: ["deployments"] });
      expect((await deploymentRows(db)).find((d) => d.id === "8")).toMatchObject({ rollback: true, commits: [] });
    });

    test("a crash between pages, then a rerun, gives the same rows as a clean run", async () => {
      for (let i = 10; i < 16; i++) repo.deployments.push(deployment(i, { at: T0 + i * HOUR + 30 * 60_000, commitOid: c(Math.min(12, i - 3)) }));
      let calls = 0;
      fake.faults.push({ match: (r) => r.operation === "Deployments" && ++calls >= 2, kind: "unavailable", times: Infinity });
      await expect(run({ streams: ["deployments"], deploymentsPageSize: 4 })).rejects.toThrow("503");
      expect(await deploymentRows(db)).toHaveLength(4);
      fake.faults.length = 0;
      await run({ streams: ["deployments"], deploymentsPageSize: 4 });
      const clean = await createTestDatabase(dialect);
      try {
        await collectGithub({ ...options({ streams: ["deployments"], deploymentsPageSize: 4 }), db: clean.db });
        expect(await deploymentRows(db)).toEqual(await deploymentRows(clean));
      } finally {
        await clean.close();
      }
    });
  });

  describe("deployment lines compared as the production pattern compares them", () => {
    test("a repo deploying to production and Production gives every production deployment the commits it shipped; a failure gets what it tried to ship", async () => {
      repo.deployments.push(
        deployment(1, { at: T0 + 2 * HOUR, commitOid: c(2), environment: "production" }),
        deployment(2, { at: T0 + 4 * HOUR, commitOid: c(4), environment: "Production" }),
        deployment(3, { at: T0 + 6 * HOUR, commitOid: c(6), environment: "production", statuses: [{ state: "FAILURE", createdAt: iso(T0 + 6 * HOUR + 60_000) }] }),
        deployment(4, { at: T0 + 8 * HOUR, commitOid: c(8), environment: "PRODUCTION", creator: user("ana-o") }),
        deployment(5, { at: T0 + 10 * HOUR, commitOid: c(10), environment: "prod" }),
      );
      await run({ streams: ["deployments"] });
      expect((await deploymentRows(db)).map((d) => [d.id, d.environment, d.status, d.commits])).toEqual([
        // The line's first deployment: nothing before it to compare with.
        ["1", "production", "success", []],
        ["2", "Production", "success", [c(3), c(4)].sort()],
        // Failed: the commits it tried to ship; the line stays at deployment 2.
        ["3", "production", "failure", [c(5), c(6)].sort()],
        ["4", "PRODUCTION", "success", [c(5), c(6), c(7), c(8)].sort()],
        ["5", "prod", "success", [c(9), c(10)].sort()],
      ]);
      const origin = await db.db.selectFrom("deployments").select(["id", "creator", "trigger"]).orderBy("id").execute();
      expect(origin.map((r) => [r.id, r.creator, r.trigger])).toEqual([
        ["1", "github-actions[bot]", "automatic"],
        ["2", "github-actions[bot]", "automatic"],
        ["3", "github-actions[bot]", "automatic"],
        // Created by a person: a deployment by hand.
        ["4", "ana-o", "manual"],
        ["5", "github-actions[bot]", "automatic"],
      ]);
      expect(await db.db.selectFrom("deployments").select("has_commit_list").where("id", "=", "1").executeTakeFirstOrThrow()).toEqual({ has_commit_list: 0 });
    });
  });

  describe("pull requests: every commit, the changed files, budgets", () => {
    test("a 130-commit PR keeps all 130 shas, and its 250 changed files page to the end", async () => {
      const at = T0 + 5 * DAY;
      repo.pulls.push(pull(REPO, 7, { at, commits: pullCommits("big", 130, at), ...changedFiles(250, "infra/terraform") }));
      const summary = await run({ streams: ["pulls"] });
      const shas = (await db.db.selectFrom("change_commits").select("sha").where("change_id", "=", `${REPO}#7`).execute()).map((r) => r.sha).sort();
      expect(shas).toEqual(Array.from({ length: 130 }, (_, i) => sha(`big:c${i + 1}`)).sort());
      const files = await db.db.selectFrom("change_files").select("path").where("change_id", "=", `${REPO}#7`).execute();
      expect(files).toHaveLength(250);
      expect(await db.db.selectFrom("changes").select(["changed_files", "first_commit_at"]).executeTakeFirstOrThrow()).toEqual({ changed_files: 250, first_commit_at: at - 130 * HOUR });
      expect(summary.warnings).toEqual([]);
      // One page of PRs, one follow-up for commits 101–130, two for files 101–250.
      expect(fake.requests.map((r) => r.operation)).toEqual(["MergedPullRequests", "PullRequestCommits", "PullRequestFiles", "PullRequestFiles"]);
    });

    test("past the follow-up budget the PR keeps what was read, says how many it has, and warns", async () => {
      const at = T0 + 5 * DAY;
      repo.pulls.push(pull(REPO, 8, { at, commits: pullCommits("huge", 250, at), ...changedFiles(320) }));
      const summary = await run({ streams: ["pulls"], maxCommitPagesPerPull: 1, maxFilePagesPerPull: 1 });
      expect(await db.db.selectFrom("change_commits").select("sha").execute()).toHaveLength(200);
      expect(await db.db.selectFrom("change_files").select("path").execute()).toHaveLength(200);
      expect(await db.db.selectFrom("changes").select("changed_files").executeTakeFirstOrThrow()).toEqual({ changed_files: 320 });
      expect(summary.warnings).toEqual([
        expect.stringContaining(`${REPO}#8 has 250 commits; only the first 200 were read`),
        expect.stringContaining(`${REPO}#8 changed 320 files; only the first 200 paths were read`),
      ]);
    });
  });

  describe("fallbacks for repos without GitHub Deployments", () => {
    test("workflow: successful runs of the deploy workflow on the default branch, with shipped commits", async () => {
      rule = { fallback: "workflow", workflows: ["deploy.yml"], production: "^prod(uction)?$" };
      const deploy = (id: number, at: number, head: string, extra: Parameters<typeof workflowRun>[1] = {}) =>
        workflowRun(id, { name: "Deploy", path: ".github/workflows/deploy.yml", event: "push", at, head_sha: head, ...extra });
      repo.runs.push(
        deploy(100, T0 + 2 * HOUR, c(2)),
        deploy(101, T0 + 4 * HOUR, c(4), { head_branch: "feature/x" }),
        deploy(102, T0 + 5 * HOUR, c(5), { conclusion: "failure" }),
        deploy(103, T0 + 6 * HOUR, c(6)),
        workflowRun(104, { at: T0 + 7 * HOUR, head_sha: c(7) }),
      );
      const summary = await run({ streams: ["deployments"] });
      expect((await deploymentRows(db)).map((d) => [d.id, d.environment, d.sha, d.commits])).toEqual([
        ["run:100-1", "production", c(2), []],
        ["run:103-1", "production", c(6), [c(3), c(4), c(5), c(6)].sort()],
      ]);
      expect(summary.written.deployments).toBe(2);
      const again = await run({ streams: ["deployments"] });
      expect([again.written.deployments, again.requests]).toEqual([0, 1]);
    });

    test("release: published releases that are neither drafts nor prereleases", async () => {
      rule = { fallback: "release", workflows: [], production: "^prod(uction)?$" };
      repo.releases.push(
        release(1, "v1.0.0", c(2), T0 + 2 * HOUR),
        release(2, "v1.1.0-rc.1", c(4), T0 + 4 * HOUR, { isPrerelease: true }),
        release(3, "v1.1.0", c(6), T0 + 6 * HOUR),
        release(4, "v1.2.0", c(8), T0 + 8 * HOUR, { isDraft: true, publishedAt: null }),
      );
      await run({ streams: ["deployments"] });
      expect((await deploymentRows(db)).map((d) => [d.id, d.sha, d.finishedAt, d.commits.length])).toEqual([
        [`release:${REPO}:1`, c(2), T0 + 2 * HOUR + 60_000, 0],
        [`release:${REPO}:3`, c(6), T0 + 6 * HOUR + 60_000, 4],
      ]);
      for (const q of fake.queries) expect(checkGithubQuery(q.query, q.variables)).toEqual([]);
    });

    test("merge: merges to the default branch stand in for production deployments, marked merge:", async () => {
      rule = { fallback: "merge", workflows: [], production: "^prod(uction)?$" };
      repo.pulls.push(pull(REPO, 1), pull(REPO, 2, { baseRefName: "release/1.x" }));
      const summary = await run({ streams: ["pulls", "deployments"] });
      const rows = await deploymentRows(db);
      expect(rows.map((d) => [d.id, d.environment, d.status])).toEqual([[`merge:${REPO}#1`, "production", "success"]]);
      expect(rows[0]?.commits).toContain(sha(`${REPO}#1:merge`));
      expect(summary.requests).toBe(1);
    });
  });

  describe("workflow runs", () => {
    test("every attempt is a row (<run>-<attempt>), earlier attempts from /attempts/{n}; runs still going are read again later", async () => {
      const flaky = workflowRun(2, { at: T0 + HOUR, conclusion: "success", run_attempt: 2, run_started_at: iso(T0 + 2 * HOUR), updated_at: iso(T0 + 2 * HOUR + 300_000) });
      repo.attempts[2] = [workflowRun(2, { at: T0 + HOUR, conclusion: "failure", run_attempt: 1 })];
      const going = workflowRun(3, { at: T0 + 3 * HOUR, status: "in_progress", conclusion: null });
      repo.runs.push(
        workflowRun(1, { at: T0, event: "pull_request", head_branch: "feature/a" }),
        flaky,
        going,
        workflowRun(4, { at: T0 + 4 * HOUR, conclusion: "cancelled" }),
        workflowRun(5, { at: T0 + 5 * HOUR, conclusion: "timed_out" }),
        workflowRun(6, { at: T0 + 6 * HOUR, conclusion: "skipped" }),
      );
      const first = await run({ streams: ["workflow_runs"], restPageSize: 4 });
      const rows = () => db.db.selectFrom("ci_runs").select(["id", "status", "attempt", "event", "branch", "started_at"]).orderBy("id").execute();
      expect((await rows()).map((r) => [r.id, r.status, r.attempt, r.event])).toEqual([
        ["1-1", "success", 1, "pull_request"],
        ["2-1", "failure", 1, "push"],
        ["2-2", "success", 2, "push"],
        ["4-1", "cancelled", 1, "push"],
        ["5-1", "failure", 1, "push"],
        ["6-1", "skipped", 1, "push"],
      ]);
      expect(first.written.workflow_runs).toBe(6);
      expect(first.restRequests).toBe(3);

      Object.assign(going, { status: "completed", conclusion: "success", updated_at: iso(T0 + 3 * HOUR + 600_000) });
      const second = await run({ streams: ["workflow_runs"] });
      expect(second.written.workflow_runs).toBe(1);
      expect((await rows()).map((r) => r.id)).toContain("3-1");
      const third = await run({ streams: ["workflow_runs"] });
      expect([third.written.workflow_runs, third.requests]).toEqual([0, 1]);

      // A re-run of a run from earlier the same day: the syncs in between only read new runs; the next sweep picks it up.
      repo.attempts[4] = [workflowRun(4, { at: T0 + 4 * HOUR, conclusion: "cancelled" })];
      const rerun = repo.runs.find((r) => r.id === 4);
      Object.assign(rerun ?? {}, { run_attempt: 2, conclusion: "success", updated_at: iso(T0 + 8 * HOUR) });
      expect((await run({ streams: ["workflow_runs"] })).written.workflow_runs).toBe(0);
      const fourth = await run({ streams: ["workflow_runs"], now: () => NOW + 6 * HOUR });
      expect(fourth.written.workflow_runs).toBe(1);
      expect((await rows()).filter((r) => r.id.startsWith("4-")).map((r) => [r.id, r.status])).toEqual([["4-1", "cancelled"], ["4-2", "success"]]);
    });
  });

  describe("committers", () => {
    test("active committers of the last 90 days on the default branch, by login or else email; incremental adds to them", async () => {
      const now = T0 + 100 * DAY;
      repo.commits.length = 0;
      repo.commits.push(
        historyCommit(sha("old"), now - 95 * DAY, "gone-dev"),
        historyCommit(sha("a1"), now - 30 * DAY, "ana-o"),
        historyCommit(sha("b1"), now - 20 * DAY, "bolind"),
        historyCommit(sha("a2"), now - 10 * DAY, "ana-o"),
        historyCommit(sha("x1"), now - 5 * DAY, null, "Build.Bot@Acme.example"),
      );
      await run({ streams: ["committers"], now: () => now });
      const rows = () => db.db.selectFrom("committers").select(["login", "commits", "first_commit_at", "last_commit_at"]).orderBy("login").execute();
      expect((await rows()).map((r) => [r.login, r.commits, Number(r.first_commit_at), Number(r.last_commit_at)])).toEqual([
        ["ana-o", 2, now - 30 * DAY, now - 10 * DAY],
        ["bolind", 1, now - 20 * DAY, now - 20 * DAY],
        ["build.bot@acme.example", 1, now - 5 * DAY, now - 5 * DAY],
      ]);
      repo.commits.push(historyCommit(sha("c1"), now - HOUR, "chen"), historyCommit(sha("a3"), now - HOUR / 2, "ana-o"));
      const second = await run({ streams: ["committers"], now: () => now });
      expect([second.written.committers, second.requests]).toEqual([2, 1]);
      expect((await rows()).map((r) => [r.login, r.commits])).toEqual([["ana-o", 3], ["bolind", 1], ["build.bot@acme.example", 1], ["chen", 1]]);
      const third = await run({ streams: ["committers"], now: () => now });
      expect([third.written.committers, third.requests]).toEqual([0, 1]);
    });
  });

  describe("who started a CI attempt", () => {
    test("each attempt keeps its triggering actor: a re-run names who re-ran it", async () => {
      repo.attempts[9] = [workflowRun(9, { at: T0, conclusion: "failure", run_attempt: 1, triggering_actor: simpleUser("ana-o") })];
      repo.runs.push(workflowRun(9, { at: T0, run_attempt: 2, triggering_actor: simpleUser("bolind") }), workflowRun(10, { at: T0 + HOUR, actor: simpleUser("renovate[bot]", "Bot"), triggering_actor: undefined }));
      await run({ streams: ["workflow_runs"] });
      const rows = await db.db.selectFrom("ci_runs").select(["id", "triggered_by"]).orderBy("id").execute();
      expect(rows.map((r) => [r.id, r.triggered_by])).toEqual([["10-1", "renovate[bot]"], ["9-1", "ana-o"], ["9-2", "bolind"]]);
    });
  });

  describe("committers over older data", () => {
    test("a sync whose range lies more than 90 days back writes that range's committers", async () => {
      const start = T0 - 200 * DAY;
      repo.commits.length = 0;
      repo.commits.push(historyCommit(sha("o1"), start + DAY, "ana-o"), historyCommit(sha("o2"), start + 20 * DAY, "bolind"), historyCommit(sha("o3"), start + 40 * DAY, "ana-o"));
      const summary = await run({ streams: ["committers"], since: start, now: () => NOW });
      expect(summary.written.committers).toBe(2);
      const rows = await db.db.selectFrom("committers").select(["login", "commits"]).orderBy("login").execute();
      expect(rows).toEqual([{ login: "ana-o", commits: 2 }, { login: "bolind", commits: 1 }]);
      const cursor = JSON.parse((await db.db.selectFrom("sync_state").select("cursor").where("stream", "=", "committers").executeTakeFirstOrThrow()).cursor) as { tallies: Record<string, unknown> };
      // Their tallies stay in the cursor: quiet is measured from the newest commit read, not the wall clock.
      expect(Object.keys(cursor.tallies).sort()).toEqual(["ana-o", "bolind"]);
    });
  });

  describe("scope and plan", () => {
    test("an org means its non-archived repos matching the pattern", async () => {
      fake.addRepo("acme/payments-api");
      fake.addRepo("acme/ledger", { isArchived: true });
      fake.addRepo("acme/website");
      fake.orgs.set("acme", ["acme/api", "acme/payments-api", "acme/ledger", "acme/website"]);
      const summary = await run({ repos: [], org: "acme", repoPattern: "api$", streams: ["pulls"] });
      expect(summary.repos.map((r) => r.repo)).toEqual(["acme/api", "acme/payments-api"]);
    });

    test("the dry-run plan estimates requests and points from one cheap query per repo, and writes nothing", async () => {
      for (let i = 1; i <= 120; i++) repo.pulls.push(pull(REPO, i));
      repo.deployments.push(deployment(1));
      const plan = await planGithub(options());
      expect(plan.repos).toEqual([
        {
          repo: REPO,
          deploymentSource: "deployments",
          incremental: { pulls: false, deployments: false, workflow_runs: false, committers: false, practices: false },
          mergedPulls: 120,
          deployments: 1,
          estimatedGraphqlRequests: 6,
          estimatedPoints: 9,
        },
      ]);
      expect(plan.requestsMade).toBe(1);
      expect(await db.db.selectFrom("sync_state").selectAll().execute()).toEqual([]);
      const summary = await run();
      expect(summary.graphqlRequests).toBe(plan.estimatedGraphqlRequests);
    });
  });
});
