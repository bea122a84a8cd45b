import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getTeamCiRuns, getTeamDelivery } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGitlab, gitlabCollector, type GitlabCollectorOptions } from "./collector.ts";
import { startFakeGitlab, type FakeGitlab, type FakeProject } from "./fake/server.ts";
import { approval, DAY, deployment, HOUR, incidentIssue, iso, mergeRequest, note, pipeline, retriedPipeline, sha, user } from "./fixtures.ts";
import { gitlabTestClient } from "./testing.ts";

const REPO = "gitlab:acme/platform/api";
const PATH = "acme/platform/api";
const T0 = Date.parse("2026-10-01T00:00:00Z");
const NOW = Date.parse("2026-10-20T00:00:00Z");
const c = (i: number) => sha(`main-${i}`);
const window = { from: T0 - 30 * DAY, to: NOW + DAY, lookbackMs: 0, lookaheadMs: 0 };

describe.each(DIALECTS)("GitLab collector on %s", (dialect) => {
  let fake: FakeGitlab;
  let project: FakeProject;
  let db: TestDatabase;
  const options = (extra: Partial<GitlabCollectorOptions> = {}): GitlabCollectorOptions => ({
    db: db.db,
    client: gitlabTestClient(fake),
    projects: [REPO],
    rule: () => ({ production: "^prod(uction)?$" }),
    incidents: { [REPO]: "payments-api" },
    now: () => NOW,
    mrPageSize: 2,
    restPageSize: 2,
    ...extra,
  });
  const run = (extra: Partial<GitlabCollectorOptions> = {}) => collectGitlab(options(extra));
  const delivery = () => getTeamDelivery(db.db, { repos: [REPO], services: ["payments-api"] }, window);
  const requestsSince = (n: number) => fake.requests.slice(n).map((r) => `${r.status} ${r.operation ?? r.path.split("?")[0]?.replace("/api/v4/projects/acme%2Fplatform%2Fapi", "")}`);

  beforeEach(async () => {
    fake = await startFakeGitlab();
    project = fake.addProject(PATH);
    for (let i = 1; i <= 12; i++) project.commits.push(c(i));
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await fake.close();
    await db.close();
  });

  describe("a full sync, then an incremental one", () => {
    beforeEach(() => {
      const ana = user("ana");
      const bo = user("bo");
      project.mergeRequests.push(
        // Reviewed: a comment by bo, then his approval (a system note); ana's own note is not a review.
        mergeRequest(1, T0, {
          labels: ["backend"],
          files: [
            { path: "src/api.ts", additions: 30, deletions: 4 },
            { path: ".gitlab-ci.yml", additions: 2, deletions: 0 },
          ],
          commits: [
            { sha: c(2), authoredDate: iso(T0 - 3 * HOUR), committedDate: iso(T0 - 3 * HOUR) },
            { sha: c(3), authoredDate: iso(T0 - HOUR), committedDate: iso(T0 - HOUR) },
          ],
          notes: [note(T0 + 10 * 60_000, ana, "added 1 commit", true), note(T0 + 20 * 60_000, ana, "ready for review"), note(T0 + HOUR, bo, "looks good, one nit"), approval(T0 + 2 * HOUR, bo)],
          approvedBy: [bo],
          mergeCommitSha: c(4),
        }),
        // Squash-merged: the squash commit is what landed.
        mergeRequest(2, T0 + DAY, { mergeCommitSha: null, squashCommitSha: c(6), notes: [approval(T0 + DAY + HOUR, bo)] }),
        // Opened by Renovate's project bot and merged by it when the pipeline passed.
        mergeRequest(3, T0 + 2 * DAY, { author: user("project_42_bot_3f9a", true), mergeUser: user("project_42_bot_3f9a", true), mergeCommitSha: c(8), title: "chore(deps): update node" }),
        // Still open: not a change.
        { ...mergeRequest(4, T0 + 3 * DAY), state: "opened", mergedAt: null, mergeCommitSha: null },
      );
      project.pipelines.push(
        pipeline(101, T0 + 2 * HOUR, { sha: c(4), minutes: 12 }),
        retriedPipeline(102, T0 + DAY + 2 * HOUR, bo, { sha: c(6) }),
        pipeline(103, T0 + 2 * DAY + 2 * HOUR, { sha: c(8), status: "failed", user: user("project_42_bot_3f9a", true) }),
        // Still running: read again once GitLab updates it.
        pipeline(104, NOW - HOUR, { sha: c(9), status: "running" }),
      );
      project.deployments.push(
        deployment(1, T0 + 8 * HOUR, c(4)),
        deployment(2, T0 + DAY + 8 * HOUR, c(6), { environment: "staging" }),
        deployment(3, T0 + DAY + 9 * HOUR, c(6)),
        deployment(4, T0 + 2 * DAY + 8 * HOUR, c(8)),
      );
      project.issues.push(incidentIssue(7, T0 + 2 * DAY + 10 * HOUR, { severity: "CRITICAL" }), { ...incidentIssue(8, T0 + 3 * DAY), issueType: "issue", title: "not an incident" });
    });

    test("merge requests, pipelines, deployments and incidents are stored as the metrics read them, within the request budget", async () => {
      const summary = await run();
      expect(summary.errors).toEqual([]);
      expect(summary.written).toEqual({ merge_requests: 3, pipelines: 4, deployments: 4, incidents: 1 });
      const { deployments, changes, incidents } = await delivery();
      expect(changes.map((ch) => [ch.id, ch.author, ch.bot, ch.mergeSha, ch.firstCommitAt, ch.firstReviewAt, [...ch.commits].sort(), ch.labels])).toEqual([
        [`${REPO}!1`, "ana", false, c(4), T0 - 3 * HOUR, T0 + HOUR, [c(2), c(3)].sort(), ["backend"]],
        [`${REPO}!2`, "ana", false, c(6), T0 + DAY - HOUR, T0 + DAY + HOUR, [sha("head-2")], []],
        [`${REPO}!3`, "project_42_bot_3f9a", true, c(8), T0 + 2 * DAY - HOUR, null, [sha("head-3")], []],
      ]);
      const files = await db.db.selectFrom("change_files").select(["change_id", "path"]).where("change_id", "=", `${REPO}!1`).orderBy("path").execute();
      expect(files.map((f) => f.path)).toEqual([".gitlab-ci.yml", "src/api.ts"]);
      expect(deployments.map((d) => [d.id, d.environment, d.status, d.sha, d.commits === null ? null : [...d.commits].sort(), d.creator, d.trigger])).toEqual([
        // The first production deployment has nothing to compare with: its commits are unknown.
        ["1", "production", "success", c(4), null, "ana", "automatic"],
        ["2", "staging", "success", c(6), null, "ana", "automatic"],
        ["3", "production", "success", c(6), [c(5), c(6)].sort(), "ana", "automatic"],
        ["4", "production", "success", c(8), [c(7), c(8)].sort(), "ana", "automatic"],
      ]);
      expect(incidents.map((i) => [i.id, i.service, i.urgency, i.priority, i.resolvedAt])).toEqual([[`${REPO}#7`, "payments-api", "high", "critical", T0 + 2 * DAY + 12 * HOUR]]);
      const runs = await getTeamCiRuns(db.db, { repos: [REPO] }, window);
      expect(runs.map((r) => [r.id, r.attempt, r.status, r.triggeredBy, r.workflow, r.event])).toEqual([
        ["101-1", 1, "success", "ana", ".gitlab-ci.yml", "push"],
        ["102-1", 1, "failure", "ana", ".gitlab-ci.yml", "push"],
        ["102-2", 2, "success", "bo", ".gitlab-ci.yml", "push"],
        ["103-1", 1, "failure", "project_42_bot_3f9a", ".gitlab-ci.yml", "push"],
      ]);
      // The budget: merge requests 2 GraphQL pages of 2; pipelines 1 GraphQL page + the retried
      // one's 3 jobs over REST (2 pages of 2: who retried); deployments 2 REST pages of 2 + 2
      // compares (the payloads carry no tier, so the environments list is read once); incidents
      // 1 keyset page. 11 requests.
      expect(requestsSince(0)).toEqual([
        "200 MergedMergeRequests",
        "200 MergedMergeRequests",
        "200 Pipelines",
        "200 /pipelines/102/jobs",
        "200 /pipelines/102/jobs",
        "200 /deployments",
        "200 /environments",
        "200 /deployments",
        "200 /repository/compare",
        "200 /repository/compare",
        "200 /issues",
      ]);
      expect(summary.requests).toBe(11);
      expect(summary.graphqlRequests).toBe(3);

      // Nothing new: one request per stream.
      const before = fake.requests.length;
      const idle = await run();
      expect(idle.written).toEqual({ merge_requests: 0, pipelines: 0, deployments: 0, incidents: 0 });
      expect(requestsSince(before)).toEqual(["200 MergedMergeRequests", "200 Pipelines", "200 /deployments", "200 /issues"]);

      // The running pipeline finishes; a new merge request and deployment arrive.
      const running = project.pipelines.find((p) => p.id === 104);
      if (running === undefined) throw new Error("fixture");
      Object.assign(running, pipeline(104, NOW - HOUR, { sha: c(9), minutes: 20 }));
      running.updatedAt = iso(NOW - 10 * 60_000);
      project.mergeRequests.push({ ...mergeRequest(5, NOW - 2 * DAY, { mergeCommitSha: c(10) }), updatedAt: iso(NOW - DAY) });
      project.deployments.push({ ...deployment(5, NOW - DAY + HOUR, c(10)), updatedAt: iso(NOW - DAY + 2 * HOUR) });
      const again = await run();
      expect(again.written).toEqual({ merge_requests: 1, pipelines: 1, deployments: 1, incidents: 0 });
      const latest = (await delivery()).deployments.find((d) => d.id === "5");
      expect(latest?.commits === null ? null : [...(latest?.commits ?? [])].sort()).toEqual([c(9), c(10)].sort());
      expect((await getTeamCiRuns(db.db, { repos: [REPO] }, window)).find((r) => r.id === "104-1")).toMatchObject({ status: "success", attempt: 1 });
    });
  });

  test("a 429 is waited out for as long as Retry-After says, and counted", async () => {
    project.mergeRequests.push(mergeRequest(1, T0, { mergeCommitSha: c(2) }));
    fake.faults.push({ match: (r) => r.operation === "MergedMergeRequests", kind: 429, times: 1, retryAfterSeconds: 3 });
    const summary = await run({ streams: ["merge_requests"] });
    expect(summary.errors).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.requests[0]?.operation).toBe("MergedMergeRequests");
    expect(summary).toMatchObject({ requests: 2, rateLimitWaits: 1, rateLimitWaitMs: 3000, retries: 0, written: { merge_requests: 1 } });
  });

  test("a 5xx once is retried and nothing is lost; a GitLab that stays down fails the stream, not the run", async () => {
    project.deployments.push(deployment(1, T0, c(2)), deployment(2, T0 + DAY, c(4)));
    fake.faults.push({ match: (r) => r.path.endsWith("/deployments"), kind: 502, times: 1 });
    const summary = await run({ streams: ["deployments"] });
    expect(summary).toMatchObject({ ok: true, retries: 1, written: { deployments: 2 } });
    expect(fake.requests.map((r) => r.status)).toEqual([502, 200, 200, 200]);

    project.mergeRequests.push(mergeRequest(1, T0, { mergeCommitSha: c(2) }));
    fake.faults.push({ match: (r) => r.operation === "MergedMergeRequests", kind: 503, times: Infinity });
    const down = await run({ streams: ["merge_requests", "deployments"] });
    expect(down.ok).toBe(false);
    expect(down.errors).toEqual([{ stream: "merge_requests", scope: REPO, message: expect.stringContaining("GitLab answered 503") }]);
    expect(down.streams.map((s) => [s.stream, s.status])).toEqual([
      ["merge_requests", "failed"],
      ["deployments", "completed"],
    ]);
    expect(down.retries).toBe(3);
  });

  test("a failure between pages, then a rerun, gives the same rows as a clean run and reads no page twice", async () => {
    for (let i = 1; i <= 5; i++) project.mergeRequests.push(mergeRequest(i, T0 + i * HOUR, { mergeCommitSha: c(i) }));
    fake.faults.push({ match: (r) => r.operation === "MergedMergeRequests" && fake.requests.filter((x) => x.operation === "MergedMergeRequests").length > 1, kind: 503, times: 4 });
    const broken = await run({ streams: ["merge_requests"] });
    expect(broken).toMatchObject({ ok: false, written: { merge_requests: 2 } });
    const before = fake.requests.length;
    const resumed = await run({ streams: ["merge_requests"] });
    expect(resumed).toMatchObject({ ok: true, written: { merge_requests: 3 } });
    // The rerun starts from the stored page cursor: pages 2 and 3 only.
    expect(fake.requests.slice(before).map((r) => r.status)).toEqual([200, 200]);
    expect((await delivery()).changes.map((ch) => ch.number)).toEqual([1, 2, 3, 4, 5]);
  });

  test("a deployment without commits: recorded through the API without a job, of a commit GitLab cannot compare", async () => {
    project.deployments.push(
      deployment(1, T0, c(2)),
      // Recorded by a person through the API (deployable null): manual, and its commits are compared as any other.
      deployment(2, T0 + DAY, c(5), { deployable: null, user: user("cho") }),
      // A force-pushed sha the history no longer has: compare 404, no commit list, lead time by time.
      deployment(3, T0 + 2 * DAY, sha("force-pushed-away")),
      // The same sha again: nothing shipped.
      deployment(4, T0 + 3 * DAY, sha("force-pushed-away")),
    );
    const summary = await run({ streams: ["deployments"] });
    expect(summary.commitsUnknown).toBe(1);
    expect(summary.warnings).toContainEqual(expect.stringContaining("has no commit list, so lead time falls back to time"));
    const { deployments } = await delivery();
    expect(deployments.map((d) => [d.id, d.commits === null ? null : [...d.commits].sort(), d.creator, d.trigger])).toEqual([
      ["1", null, "ana", "automatic"],
      ["2", [c(3), c(4), c(5)].sort(), "cho", "manual"],
      ["3", null, "ana", "automatic"],
      ["4", [], "ana", "automatic"],
    ]);
  });

  test("a deployment back to an older sha is a rollback; an environment GitLab tiers as production counts as production", async () => {
    project.environments.push({ id: 3, name: "live-eu", tier: "production" });
    project.deployments.push(deployment(1, T0, c(3), { environment: "live-eu" }), deployment(2, T0 + DAY, c(6), { environment: "live-eu" }), deployment(3, T0 + 2 * DAY, c(4), { environment: "live-eu" }));
    const summary = await run({ streams: ["deployments"] });
    expect(summary.warnings).toContainEqual(expect.stringContaining('environment "live-eu" has tier production but does not match the production pattern'));
    const { deployments } = await delivery();
    expect(deployments.map((d) => [d.id, d.rollback, d.commits === null ? null : [...d.commits].sort()])).toEqual([
      ["1", false, null],
      ["2", false, [c(4), c(5), c(6)].sort()],
      ["3", true, []],
    ]);
  });

  test("a merge request merged by a bot keeps its human author; review notes past the first page are read when the first page has none", async () => {
    const notes = Array.from({ length: 105 }, (_, i) => note(T0 + i * 60_000, user("ana"), `push ${i}`, true));
    notes.push(note(T0 + 200 * 60_000, user("bo"), "LGTM"));
    project.mergeRequests.push(mergeRequest(1, T0, { mergeUser: user("gitlab-merge-train-bot", true), mergeCommitSha: c(2), notes }));
    const summary = await run({ streams: ["merge_requests"] });
    expect(summary.requests).toBe(2);
    expect(fake.requests.map((r) => r.operation)).toEqual(["MergedMergeRequests", "MergeRequestNotes"]);
    const [change] = (await delivery()).changes;
    expect(change).toMatchObject({ author: "ana", bot: false, firstReviewAt: T0 + 200 * 60_000 });
  });

  test("projects come from a group and its subgroups, archived ones left out; a job can collect one project through the contract", async () => {
    fake.addProject("acme/platform/web");
    fake.addProject("acme/old", { archived: true });
    fake.groups.set("acme", ["acme/platform/api", "acme/platform/web", "acme/old"]);
    const collector = gitlabCollector(options({ projects: [], groups: ["acme"] }));
    expect(await collector.scopes()).toEqual(["gitlab:acme/platform/api", "gitlab:acme/platform/web"]);
    project.mergeRequests.push(mergeRequest(1, T0, { mergeCommitSha: c(2) }));
    const one = await collector.run({ scopes: [REPO], streams: ["merge_requests"] });
    expect(one).toMatchObject({ source: "gitlab", ok: true, scopes: [REPO], written: { merge_requests: 1 } });
    expect(one.streams).toEqual([{ stream: "merge_requests", scope: REPO, status: "completed", written: 1, requests: 1, error: null }]);
    expect(() => gitlabCollector(options({ projects: ["acme/api"] }))).toThrow(/projects\.0: must be "gitlab:group\/project"/);
  });
});
