import { describe, expect, test } from "vitest";
import type { JobNode, MergeRequestNode, PipelineNode, RestDeployment, RestIncident } from "./api-types.ts";
import { ciStatus, deploymentOrigin, firstReviewAt, isBotUser, mapIncidentIssue, mapMergeRequest, mapPipeline, mergeShaOf, pipelineAttempts, projectPathOf } from "./mapper.ts";

const REPO = "gitlab:acme/api";
const t = (m: number) => new Date(Date.UTC(2026, 9, 1, 9, m)).toISOString();

const mr = (extra: Partial<MergeRequestNode> = {}): MergeRequestNode => ({
  iid: "7",
  title: "Add retries",
  draft: false,
  createdAt: t(0),
  updatedAt: t(90),
  mergedAt: t(80),
  mergeCommitSha: "m".repeat(40),
  squashCommitSha: null,
  diffHeadSha: "h".repeat(40),
  webUrl: "https://gitlab.example.com/acme/api/-/merge_requests/7",
  targetBranch: "main",
  author: { username: "ana", bot: false },
  labels: { nodes: [{ title: "backend" }] },
  approvedBy: { nodes: [] },
  diffStatsSummary: { additions: 12, deletions: 3, fileCount: 2 },
  diffStats: [{ path: "src/a.ts" }, { path: "src/b.ts" }],
  commits: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ sha: "b".repeat(40), authoredDate: t(-30) }, { sha: "a".repeat(40), authoredDate: t(-60) }] },
  notes: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
  ...extra,
});

const job = (id: number, name: string, status: string, start: number, end: number, extra: Partial<JobNode> = {}): JobNode => ({
  id: `gid://gitlab/Ci::Build/${id}`,
  name,
  status,
  retried: false,
  allowFailure: false,
  createdAt: t(start - 1),
  queuedAt: null,
  startedAt: t(start),
  finishedAt: t(end),
  ...extra,
});

const pipeline = (status: string, extra: Partial<PipelineNode> = {}): PipelineNode => ({
  id: "gid://gitlab/Ci::Pipeline/31",
  iid: "3",
  sha: "c".repeat(40),
  ref: "main",
  status,
  source: "push",
  name: null,
  path: "/acme/api/-/pipelines/31",
  createdAt: t(0),
  updatedAt: t(60),
  startedAt: t(1),
  finishedAt: t(50),
  user: { username: "ana" },
  jobs: null,
  ...extra,
});

describe("GitLab mapping", () => {
  test.each([
    ["gitlab:acme/api", "acme/api"],
    ["gitlab:acme/platform/api", "acme/platform/api"],
    ["acme/api", null],
    ["gitlab:api", null],
    ["gitlab:acme//api", null],
  ])("project path of %s is %s", (repo, path) => expect(projectPathOf(repo)).toBe(path));

  test.each([
    [{ username: "ana", bot: false }, false],
    [{ username: "project_42_bot_3f9a", bot: true }, true],
    [{ username: "project_42_bot_3f9a" }, true],
    [{ username: "group_7_bot_1c2d" }, true],
    [{ username: "service_account_group_9_a1" }, true],
    [{ username: "renovate-bot" }, true],
    [{ username: "abbot" }, false],
  ])("bot %o → %s", (user, bot) => expect(isBotUser(user)).toBe(bot));

  test.each([
    ["approval by another person", [{ system: true, body: "approved this merge request", createdAt: t(20), author: { username: "bo" } }], t(20)],
    ["a review comment counts too, earliest wins", [{ system: true, body: "approved this merge request", createdAt: t(20), author: { username: "bo" } }, { system: false, body: "nit", createdAt: t(10), author: { username: "cho" } }], t(10)],
    ["the author's own notes are not reviews", [{ system: false, body: "ready", createdAt: t(5), author: { username: "ana" } }], null],
    ["other system notes are not reviews", [{ system: true, body: "requested review from @bo", createdAt: t(5), author: { username: "bo" } }, { system: true, body: "added 1 commit", createdAt: t(6), author: { username: "bo" } }], null],
    ["a note by a deleted account is skipped", [{ system: false, body: "?", createdAt: t(5), author: null }], null],
  ])("first review: %s", (_name, notes, expected) => {
    expect(firstReviewAt("ana", notes)).toBe(expected === null ? null : Date.parse(expected));
  });

  test.each([
    [{ mergeCommitSha: "m", squashCommitSha: "s", diffHeadSha: "h" }, "m"],
    [{ mergeCommitSha: null, squashCommitSha: "s", diffHeadSha: "h" }, "s"],
    [{ mergeCommitSha: null, squashCommitSha: null, diffHeadSha: "h" }, "h"],
    [{ mergeCommitSha: null, squashCommitSha: null, diffHeadSha: null }, null],
  ])("merge sha of %o is %s (merge commit, squash, fast-forward head)", (shas, expected) => expect(mergeShaOf(shas)).toBe(expected));

  test("a merged merge request → change with first commit, paths, counts and labels", () => {
    expect(mapMergeRequest(REPO, mr())).toEqual({
      source: "gitlab",
      id: "gitlab:acme/api!7",
      repo: REPO,
      number: 7,
      author: "ana",
      bot: false,
      draft: false,
      createdAt: Date.parse(t(0)),
      firstCommitAt: Date.parse(t(-60)),
      firstReviewAt: null,
      mergedAt: Date.parse(t(80)),
      mergeSha: "m".repeat(40),
      commits: ["b".repeat(40), "a".repeat(40)],
      labels: ["backend"],
      title: "Add retries",
      additions: 12,
      deletions: 3,
      url: "https://gitlab.example.com/acme/api/-/merge_requests/7",
      files: ["src/a.ts", "src/b.ts"],
      changedFiles: 2,
    });
    expect(mapMergeRequest(REPO, mr({ mergedAt: null }))).toBeNull();
    expect(mapMergeRequest(REPO, mr({ author: null }))).toMatchObject({ author: "ghost", bot: false });
  });

  test.each([
    ["SUCCESS", "success"],
    ["failed", "failure"],
    ["CANCELED", "cancelled"],
    ["canceling", "cancelled"],
    ["SKIPPED", "skipped"],
    ["RUNNING", null],
    ["MANUAL", null],
  ])("pipeline status %s → %s", (status, expected) => expect(ciStatus(status)).toBe(expected));

  test("attempts: the k-th run of each job name; a job retried twice beside one retried once", () => {
    const jobs = [job(1, "test", "FAILED", 2, 10, { retried: true }), job(2, "lint", "FAILED", 2, 3, { retried: true }), job(3, "test", "FAILED", 20, 30, { retried: true }), job(4, "lint", "SUCCESS", 20, 21), job(5, "test", "SUCCESS", 40, 50)];
    expect(pipelineAttempts(jobs).map((a) => a.map((j) => j.id))).toEqual([
      ["gid://gitlab/Ci::Build/1", "gid://gitlab/Ci::Build/2"],
      ["gid://gitlab/Ci::Build/3", "gid://gitlab/Ci::Build/4"],
      ["gid://gitlab/Ci::Build/5"],
    ]);
    const runs = mapPipeline(REPO, pipeline("SUCCESS"), jobs, new Map([[3, "bo"], [5, "cho"]]), "https://gitlab.example.com");
    expect(runs.map((r) => [r.id, r.attempt, r.status, r.startedAt, r.finishedAt, r.queuedAt, r.triggeredBy])).toEqual([
      ["31-1", 1, "failure", Date.parse(t(1)), Date.parse(t(10)), Date.parse(t(0)), "ana"],
      ["31-2", 2, "failure", Date.parse(t(20)), Date.parse(t(30)), null, "bo"],
      ["31-3", 3, "success", Date.parse(t(40)), Date.parse(t(50)), null, "cho"],
    ]);
    expect(runs[0]).toMatchObject({ workflow: ".gitlab-ci.yml", branch: "main", event: "push", url: "https://gitlab.example.com/acme/api/-/pipelines/31" });
  });

  test("an allowed failure does not fail an attempt; a running pipeline has no runs yet", () => {
    const jobs = [job(1, "audit", "FAILED", 2, 3, { allowFailure: true }), job(2, "test", "FAILED", 2, 9, { retried: true }), job(3, "test", "SUCCESS", 20, 30)];
    expect(mapPipeline(REPO, pipeline("SUCCESS", { name: "Nightly" }), jobs).map((r) => [r.attempt, r.status, r.workflow])).toEqual([
      [1, "failure", "Nightly"],
      [2, "success", "Nightly"],
    ]);
    expect(mapPipeline(REPO, pipeline("SUCCESS"), [job(1, "audit", "FAILED", 2, 3, { allowFailure: true, retried: true }), job(2, "audit", "SUCCESS", 4, 5)])[0]?.status).toBe("success");
    expect(mapPipeline(REPO, pipeline("RUNNING"), [job(1, "test", "RUNNING", 2, 3)])).toEqual([]);
  });

  const deployment = (extra: Partial<RestDeployment> = {}): RestDeployment => ({
    id: 41,
    iid: 1,
    ref: "main",
    sha: "d".repeat(40),
    created_at: t(0),
    updated_at: t(10),
    status: "success",
    user: { id: 1, username: "ana" },
    environment: { id: 9, name: "production" },
    deployable: { id: 657, status: "success", started_at: t(1), finished_at: t(9), user: { id: 1, username: "ana" }, pipeline: { id: 36, sha: "d".repeat(40), source: "push" } },
    ...extra,
  });

  test.each([
    ["a pipeline on push", deployment(), { creator: "ana", trigger: "automatic" }],
    ["a deploy job played from the web", deployment({ deployable: { ...deployment().deployable, id: 1, status: "success", started_at: null, finished_at: null, user: { id: 2, username: "cho" }, pipeline: { id: 1, sha: "x", source: "web" } } }), { creator: "cho", trigger: "manual" }],
    ["recorded through the API without a job", deployment({ deployable: null, user: { id: 3, username: "bo" } }), { creator: "bo", trigger: "manual" }],
    ["run by a project bot", deployment({ deployable: null, user: { id: 4, username: "project_7_bot_ab" } }), { creator: "project_7_bot_ab", trigger: "automatic" }],
    ["an older GitLab naming no pipeline source", deployment({ deployable: { id: 1, status: "success", started_at: null, finished_at: null, user: { id: 1, username: "ana" }, pipeline: { id: 1, sha: "x" } } }), { creator: "ana", trigger: null }],
    ["nobody named", deployment({ deployable: null, user: null }), { creator: null, trigger: null }],
  ])("deployment origin: %s", (_name, d, expected) => expect(deploymentOrigin(d)).toEqual(expected));

  const issue = (extra: Partial<RestIncident> = {}): RestIncident => ({
    id: 1,
    iid: 8,
    title: "Checkout down",
    state: "closed",
    created_at: t(0),
    updated_at: t(70),
    closed_at: t(60),
    labels: [],
    severity: "MEDIUM",
    issue_type: "incident",
    web_url: "https://gitlab.example.com/acme/api/-/issues/8",
    ...extra,
  });

  test.each([
    [issue({ severity: "CRITICAL" }), "high", "critical"],
    [issue({ severity: "HIGH" }), "high", "high"],
    [issue({ severity: "MEDIUM" }), "low", "medium"],
    [issue({ severity: "UNKNOWN", labels: ["severity::1"] }), "high", null],
    [issue({ severity: undefined, labels: ["S2"] }), "high", null],
    [issue({ severity: undefined }), "low", null],
  ])("incident %# → urgency %s, priority %s", (i, urgency, priority) => {
    expect(mapIncidentIssue(REPO, i, "checkout")).toMatchObject({ id: "gitlab:acme/api#8", service: "checkout", urgency, priority, resolvedAt: Date.parse(t(60)) });
  });

  test("an open incident is unresolved", () => {
    expect(mapIncidentIssue(REPO, issue({ state: "opened", closed_at: null }), "checkout").resolvedAt).toBeNull();
  });
});
