import { describe, expect, test } from "vitest";
import { deploymentStatusEvent, pull, pullRequestClosedEvent, sha, workflowRun, workflowRunEvent, bot } from "./fixtures.ts";
import { mapGithubWebhook, signGithubPayload, verifyGithubSignature } from "./webhooks.ts";

const secret = "It's a Secret to Everybody";
const body = new TextEncoder().encode("Hello, World!");

describe("X-Hub-Signature-256", () => {
  test("GitHub's documented example verifies", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    expect(verifyGithubSignature(secret, body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).toBe(true);
    expect(signGithubPayload(secret, body)).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["sha1 only", "sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0"],
    ["wrong digest", `sha256=${"0".repeat(64)}`],
    ["truncated", "sha256=757107ea0eb2509fc211221cce984b8a"],
    ["signed with another secret", signGithubPayload("other", body)],
    ["not hex", `sha256=${"z".repeat(64)}`],
  ])("%s is refused", (_name, header) => {
    expect(verifyGithubSignature(secret, body, header)).toBe(false);
  });

  test("one changed byte in the body is refused", () => {
    const header = signGithubPayload(secret, body);
    expect(verifyGithubSignature(secret, new TextEncoder().encode("Hello, World?"), header)).toBe(false);
  });
});

describe("webhook payloads → rows", () => {
  const d = { id: 901, sha: sha("d901"), environment: "production", createdAt: "2026-10-02T12:00:00Z" };

  test("a successful deployment status is a success at the status time", () => {
    const outcome = mapGithubWebhook("deployment_status", deploymentStatusEvent("acme/api", d, "success", "2026-10-02T12:04:00Z"));
    expect(outcome).toEqual({
      kind: "records",
      description: "deployment 901 success",
      records: [
        {
          kind: "deployment",
          source: "github",
          id: "901",
          repo: "acme/api",
          environment: "production",
          status: "success",
          startedAt: Date.parse("2026-10-02T12:00:00Z"),
          finishedAt: Date.parse("2026-10-02T12:04:00Z"),
          sha: d.sha,
          commits: null,
          rollback: false,
          url: null,
          // Created by github-actions[bot]: a pipeline, not a person.
          creator: "github-actions[bot]",
          trigger: "automatic",
        },
      ],
      subject: { repo: "acme/api", deploymentId: 901 },
    });
  });

  test.each(["inactive", "in_progress", "queued", "pending"])("a %s deployment status is ignored (it must not overwrite a success)", (state) => {
    expect(mapGithubWebhook("deployment_status", deploymentStatusEvent("acme/api", d, state, "2026-10-03T00:00:00Z"))).toMatchObject({ kind: "ignored" });
  });

  test("a completed workflow run is a CI run per attempt", () => {
    const run = workflowRun(77, { run_attempt: 2, conclusion: "failure" });
    const outcome = mapGithubWebhook("workflow_run", workflowRunEvent("acme/api", run));
    expect(outcome).toMatchObject({ kind: "records", records: [{ kind: "ci_run", id: "77-2", attempt: 2, status: "failure", workflow: "CI" }] });
    expect(mapGithubWebhook("workflow_run", workflowRunEvent("acme/api", run, "requested"))).toEqual({ kind: "ignored", reason: "workflow_run requested" });
  });

  test("a merged PR by a bot is a change with the bot's login; a PR closed without merging is ignored", () => {
    const p = pull("acme/api", 12, { author: bot("dependabot[bot]") });
    expect(mapGithubWebhook("pull_request", pullRequestClosedEvent("acme/api", p))).toMatchObject({
      kind: "records",
      records: [{ kind: "change", id: "acme/api#12", author: "dependabot[bot]", bot: true, mergeSha: p.mergeCommit?.oid, labels: ["enhancement"] }],
    });
    expect(mapGithubWebhook("pull_request", pullRequestClosedEvent("acme/api", p, false))).toEqual({ kind: "ignored", reason: "pull_request closed without merge" });
  });

  test("with the merge fallback, a merge to the default branch is also a proxy deployment", () => {
    const outcome = mapGithubWebhook("pull_request", pullRequestClosedEvent("acme/api", pull("acme/api", 3)), { fallback: () => "merge" });
    expect(outcome.kind === "records" ? outcome.records.map((r) => `${r.kind}:${"id" in r ? r.id : ""}`) : outcome).toEqual(["change:acme/api#3", "deployment:merge:acme/api#3"]);
  });

  test("unknown events are ignored; a payload of the wrong shape is invalid, naming the field", () => {
    expect(mapGithubWebhook("star", { action: "created" })).toEqual({ kind: "ignored", reason: 'event "star" is not used' });
    expect(mapGithubWebhook("workflow_run", { action: "completed", workflow_run: { id: "x" } })).toMatchObject({ kind: "invalid", reason: expect.stringContaining("workflow_run.id") });
    expect(mapGithubWebhook("pull_request", [])).toMatchObject({ kind: "invalid" });
  });
});
