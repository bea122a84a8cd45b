import { describe, expect, test } from "vitest";
import { gitlabDeliveryKey, hookTime, mapGitlabWebhook, verifyGitlabToken } from "./webhooks.ts";
import { deployment, deploymentEvent, mergeRequest, mergeRequestMergedEvent, retriedPipeline, pipelineEvent, user } from "./fixtures.ts";

describe("GitLab webhooks", () => {
  test.each([
    ["2016-08-12 15:23:28 UTC", Date.parse("2016-08-12T15:23:28Z")],
    ["2021-04-28 21:50:00 +0200", Date.parse("2021-04-28T19:50:00Z")],
    ["2013-12-03T17:23:34Z", Date.parse("2013-12-03T17:23:34Z")],
    ["2013-12-03T17:23:34.123+01:00", Date.parse("2013-12-03T16:23:34.123Z")],
    ["yesterday", null],
  ])("the time %s is %s", (value, expected) => expect(hookTime(value)).toBe(expected));

  test.each([
    ["s3cret", "s3cret", true],
    ["s3cret", "s3cret ", false],
    ["s3cret", "", false],
    ["s3cret", undefined, false],
    ["", "", false],
  ])("secret %j, header %j → %s", (secret, header, ok) => expect(verifyGitlabToken(secret, header)).toBe(ok));

  test.each([
    [{ idempotencyKey: "k-1", eventUuid: "e-1" }, "k-1"],
    [{ idempotencyKey: null, eventUuid: "e-1" }, "e-1"],
    [{ idempotencyKey: " ", eventUuid: undefined }, null],
  ])("delivery key of %o is %s", (headers, key) => expect(gitlabDeliveryKey(headers)).toBe(key));

  test("a merge names its author only when the sender is the author; else a placeholder that charges nobody", () => {
    const mr = mergeRequest(3, Date.parse("2026-10-01T10:00:00Z"), { author: user("ana") });
    const byAuthor = mapGitlabWebhook("Merge Request Hook", mergeRequestMergedEvent("acme/api", mr, user("ana")));
    expect(byAuthor).toMatchObject({ kind: "records", records: [{ kind: "change", id: "gitlab:acme/api!3", author: "ana", mergeSha: mr.mergeCommitSha }] });
    const byBot = mapGitlabWebhook("Merge Request Hook", mergeRequestMergedEvent("acme/api", mr, user("merge-train-bot", true)));
    expect(byBot).toMatchObject({ kind: "records", records: [{ kind: "change", author: `gitlab-user:${user("ana").id}`, bot: false }] });
  });

  test("a retried pipeline's event gives one run per attempt; a running one is ignored", () => {
    const p = retriedPipeline(88, Date.parse("2026-10-01T10:00:00Z"), user("bo"));
    const out = mapGitlabWebhook("Pipeline Hook", pipelineEvent("acme/api", p));
    expect(out.kind === "records" ? out.records.map((r) => (r.kind === "ci_run" ? [r.id, r.status, r.triggeredBy] : r.kind)) : out).toEqual([
      ["88-1", "failure", "ana"],
      ["88-2", "success", "bo"],
    ]);
    expect(mapGitlabWebhook("Pipeline Hook", pipelineEvent("acme/api", { ...p, status: "running" }))).toMatchObject({ kind: "ignored" });
  });

  test("a deployment event's +0200 time and full sha from commit_url; a failed one is a failure", () => {
    const d = deployment(5, Date.parse("2026-10-01T10:00:00Z"), "f".repeat(40), { status: "failed" });
    const out = mapGitlabWebhook("Deployment Hook", deploymentEvent("acme/api", d));
    expect(out).toMatchObject({ kind: "records", records: [{ kind: "deployment", id: "5", repo: "gitlab:acme/api", sha: "f".repeat(40), status: "failure", finishedAt: Date.parse(d.updatedAt), commits: null }] });
  });
});
