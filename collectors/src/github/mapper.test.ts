import { describe, expect, test } from "vitest";
import { deploymentNode, historyNode, pullRequestNode, releaseNode, workflowRun as workflowRunSchema } from "./api-types.ts";
import { asDeploymentNode, asPullRequestNode, bot, deployment, historyCommit, iso, pull, release, sha, user, workflowRun, type FixtureDeploymentStatus } from "./fixtures.ts";
import { ciStatus, deploymentState, firstReviewAt, mapDeployment, mapPullRequest, mapRelease, mapWorkflowRun, needsMoreReviews, tallyCommitters } from "./mapper.ts";

const T = Date.parse("2026-10-05T09:00:00Z");
const H = 3_600_000;

describe("pull request → change", () => {
  const node = (p: ReturnType<typeof pull>, more = false) => pullRequestNode.parse(asPullRequestNode(p, more));

  test("a merged PR keeps author, first commit, first review, merge sha, commits and labels", () => {
    const p = pull("acme/api", 5, { at: T });
    expect(mapPullRequest("acme/api", node(p))).toEqual({
      source: "github",
      id: "acme/api#5",
      repo: "acme/api",
      number: 5,
      author: "ana-o",
      bot: false,
      draft: false,
      createdAt: T,
      firstCommitAt: T - 24 * H,
      firstReviewAt: T + 3 * H,
      mergedAt: T + 6 * H,
      mergeSha: sha("acme/api#5:merge"),
      commits: [sha("acme/api#5:c1"), sha("acme/api#5:c2")],
      labels: ["enhancement"],
      title: p.title,
      additions: 45,
      deletions: 7,
      url: "https://github.com/acme/api/pull/5",
      files: ["src/api/handler.ts", "src/api/handler.test.ts"],
      changedFiles: 2,
    });
  });

  test.each([
    ["a bot", bot("renovate[bot]"), "renovate[bot]", true],
    ["a user", user("chen"), "chen", false],
    ["a deleted account", null, "ghost", false],
  ])("author that is %s", (_name, author, login, isBot) => {
    expect(mapPullRequest("acme/api", node(pull("acme/api", 1, { author })))).toMatchObject({ author: login, bot: isBot });
  });

  test("an unmerged PR is not a change", () => {
    expect(mapPullRequest("acme/api", node(pull("acme/api", 1, { mergedAt: null, mergeCommit: null })))).toBeNull();
  });

  test.each([
    ["the author's own review does not count", [{ author: user("ana-o"), state: "COMMENTED", submittedAt: iso(T) }, { author: user("bo"), state: "APPROVED", submittedAt: iso(T + H) }], T + H],
    ["a pending review does not count", [{ author: user("bo"), state: "PENDING", submittedAt: iso(T) }, { author: user("bo"), state: "COMMENTED", submittedAt: iso(T + 2 * H) }], T + 2 * H],
    ["the earliest wins whatever the order", [{ author: user("bo"), state: "APPROVED", submittedAt: iso(T + 5 * H) }, { author: user("chen"), state: "CHANGES_REQUESTED", submittedAt: iso(T + H) }], T + H],
    ["no other reviewer: null", [{ author: user("ana-o"), state: "COMMENTED", submittedAt: iso(T) }], null],
  ] as const)("first review: %s", (_name, reviews, expected) => {
    expect(firstReviewAt("ana-o", reviews)).toBe(expected);
  });

  test("when the fetched reviews are all the author's and more exist, a follow-up is needed", () => {
    const own = pull("acme/api", 1, { reviews: [{ author: user("ana-o"), state: "COMMENTED", submittedAt: iso(T) }] });
    expect(needsMoreReviews(node(own, true))).toBe(true);
    expect(needsMoreReviews(node(own, false))).toBe(false);
    expect(needsMoreReviews(node(pull("acme/api", 2), true))).toBe(false);
  });
});

describe("deployment status history", () => {
  const at = (m: number) => iso(T + m * 60_000);
  const dep = (states: [FixtureDeploymentStatus["state"], number][], state = "ACTIVE") =>
    deploymentNode.parse(asDeploymentNode(deployment(1, { at: T, state, statuses: states.map(([s, m]) => ({ state: s, createdAt: at(m) })) })));

  test.each([
    ["success", [["IN_PROGRESS", 1], ["SUCCESS", 4]], "success", 4, true],
    ["inactive after success is still a success, at the success time", [["SUCCESS", 4], ["INACTIVE", 900]], "success", 4, true],
    ["failure", [["IN_PROGRESS", 1], ["FAILURE", 3]], "failure", 3, true],
    ["error", [["ERROR", 2]], "failure", 2, true],
    ["inactive without success was never live", [["QUEUED", 1], ["INACTIVE", 5]], "cancelled", 5, true],
    ["still going", [["QUEUED", 1], ["IN_PROGRESS", 2]], "in_progress", 2, false],
    ["no status yet", [], "in_progress", 0, false],
  ] as const)("%s", (_name, states, status, minute, final) => {
    expect(deploymentState(dep(states.map(([s, m]) => [s, m])))).toEqual({ status, finishedAt: T + minute * 60_000, final });
  });

  test("the environment is kept as GitHub names it; a rollback task is a rollback", () => {
    const node = deploymentNode.parse(asDeploymentNode(deployment(9, { environment: "Production-EU", task: "deploy:rollback" })));
    expect(mapDeployment("acme/api", node)).toMatchObject({ id: "9", environment: "Production-EU", rollback: true, commits: null });
  });
});

describe("releases and workflow runs", () => {
  test.each([
    ["published", {}, true],
    ["draft", { isDraft: true, publishedAt: null }, false],
    ["prerelease", { isPrerelease: true }, false],
  ] as const)("a %s release", (_name, opts, kept) => {
    expect(mapRelease("acme/api", releaseNode.parse(release(1, "v1", sha("x"), T, opts))) !== null).toBe(kept);
  });

  test.each([
    ["success", "success"],
    ["failure", "failure"],
    ["timed_out", "failure"],
    ["startup_failure", "failure"],
    ["cancelled", "cancelled"],
    ["stale", "cancelled"],
    ["skipped", "skipped"],
    ["neutral", "skipped"],
    ["action_required", "skipped"],
    [null, null],
  ] as const)("conclusion %s → %s", (conclusion, status) => {
    expect(ciStatus(conclusion)).toBe(status);
  });

  test("a re-run attempt has its own id and start, and no queue time", () => {
    const run = workflowRunSchema.parse(workflowRun(42, { at: T, run_attempt: 3, run_started_at: iso(T + 2 * H), updated_at: iso(T + 2 * H + 600_000) }));
    expect(mapWorkflowRun("acme/api", run)).toMatchObject({ id: "42-3", attempt: 3, queuedAt: null, startedAt: T + 2 * H, finishedAt: T + 2 * H + 600_000, branch: "main", sha: sha("run-42") });
    expect(mapWorkflowRun("acme/api", workflowRunSchema.parse(workflowRun(43, { status: "in_progress", conclusion: null })))).toBeNull();
  });
});

test("committers are tallied by login, or by lower-cased email when the commit has no account", () => {
  const nodes = [historyCommit("a", T, "ana-o"), historyCommit("b", T + H, "ana-o"), historyCommit("c", T + 2 * H, null, "CI@acme.example")].map((n) => historyNode.parse(n));
  expect(tallyCommitters({ "ana-o": { firstCommitAt: T - H, lastCommitAt: T - H, commits: 4 } }, nodes)).toEqual({
    "ana-o": { firstCommitAt: T - H, lastCommitAt: T + H, commits: 6 },
    "ci@acme.example": { firstCommitAt: T + 2 * H, lastCommitAt: T + 2 * H, commits: 1 },
  });
});
