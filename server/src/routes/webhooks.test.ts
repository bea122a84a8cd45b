import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { deployment as fixtureDeployment, deploymentStatusEvent, historyCommit, pull, pullRequestClosedEvent, sha, simpleUser, workflowRun, workflowRunEvent, startFakeGithub } from "@opsledger/collectors/testing/github";
import { collectGithub, createGithubClient, signGithubPayload } from "@opsledger/collectors";
import { configSchema } from "../config/schema.ts";
import { expectProblem } from "../testing/problems.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const SECRET = "whsec-test-3f9a1c";
const deployment = { id: 4242, sha: sha("d4242"), environment: "production", createdAt: "2026-10-02T12:00:00Z" };
const successBody = JSON.stringify(deploymentStatusEvent("acme/api", deployment, "success", "2026-10-02T12:04:00Z"));

describe.each(DIALECTS)("POST /api/webhooks/github on %s", (dialect) => {
  let t: TestApp;
  let n = 0;
  const delivery = () => `7f1c2e00-9a4b-11ef-8000-${String(++n).padStart(12, "0")}`;
  const post = (body: string, headers: Record<string, string | undefined>) =>
    t.app.request("/api/webhooks/github", {
      method: "POST",
      body,
      headers: Object.fromEntries(Object.entries({ "content-type": "application/json", "x-github-hook-id": "500", ...headers }).filter((e): e is [string, string] => e[1] !== undefined)),
    });
  const signed = (event: string, body: string, id = delivery()) => post(body, { "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signGithubPayload(SECRET, body) });
  const counts = async () => ({
    deployments: (await t.database.db.selectFrom("deployments").select("id").execute()).map((r) => r.id),
    changes: (await t.database.db.selectFrom("changes").select("id").execute()).map((r) => r.id),
    ciRuns: (await t.database.db.selectFrom("ci_runs").select("id").execute()).map((r) => r.id),
    deliveries: (await t.database.db.selectFrom("webhook_deliveries").select("delivery_id").execute()).length,
  });

  beforeAll(async () => {
    const config = configSchema.parse({ sources: { github: { repos: ["acme/api"], deployments: { "acme/web": { fallback: "merge" } } } } });
    t = await createTestApp(dialect, { config, env: { githubWebhookSecret: SECRET } });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    for (const table of ["deployments", "deployment_commits", "changes", "change_commits", "ci_runs", "webhook_deliveries", "sync_state"] as const) await t.database.db.deleteFrom(table).execute();
  });

  test("a correctly signed deployment_status is written", async () => {
    const res = await signed("deployment_status", successBody);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "processed", written: { deployment: 1 } });
    const row = await t.database.db.selectFrom("deployments").select(["id", "status", "finished_at", "environment"]).executeTakeFirstOrThrow();
    expect({ ...row, finished_at: Number(row.finished_at) }).toEqual({ id: "4242", status: "success", finished_at: Date.parse("2026-10-02T12:04:00Z"), environment: "production" });
  });

  test("a completed workflow_run and a merged pull_request are written too", async () => {
    expect((await signed("workflow_run", JSON.stringify(workflowRunEvent("acme/api", workflowRun(88, { run_attempt: 2 }))))).status).toBe(200);
    expect((await signed("pull_request", JSON.stringify(pullRequestClosedEvent("acme/web", pull("acme/web", 5))))).status).toBe(200);
    expect(await counts()).toEqual({ deployments: ["merge:acme/web#5"], changes: ["acme/web#5"], ciRuns: ["88-2"], deliveries: 2 });
  });

  test.each([
    ["wrong", signGithubPayload("not-the-secret", successBody)],
    ["missing", undefined],
    ["malformed", "sha256=xyz"],
  ])("a %s signature is 401 and nothing is written", async (_name, signature) => {
    const res = await post(successBody, { "x-github-event": "deployment_status", "x-github-delivery": delivery(), "x-hub-signature-256": signature });
    expect(res.status).toBe(401);
    await expectProblem(res, 401, "X-Hub-Signature-256", "unauthorized");
    expect(await counts()).toEqual({ deployments: [], changes: [], ciRuns: [], deliveries: 0 });
  });

  test("a signature over a different body (tampered in transit) is 401", async () => {
    const res = await post(successBody.replace("success", "failure"), { "x-github-event": "deployment_status", "x-github-delivery": delivery(), "x-hub-signature-256": signGithubPayload(SECRET, successBody) });
    expect(res.status).toBe(401);
  });

  test("a replayed delivery is acknowledged and writes nothing more", async () => {
    const id = delivery();
    expect((await signed("deployment_status", successBody, id)).status).toBe(200);
    await t.database.db.deleteFrom("deployments").execute();
    const replay = await signed("deployment_status", successBody, id);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: "duplicate", delivery: id });
    expect(await counts()).toEqual({ deployments: [], changes: [], ciRuns: [], deliveries: 1 });
  });

  test.each([
    ["an unknown event", "star", JSON.stringify({ action: "created", repository: { full_name: "acme/api" } })],
    ["a ping", "ping", JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 500 })],
    ["a workflow run that only started", "workflow_run", JSON.stringify(workflowRunEvent("acme/api", workflowRun(3, { status: "in_progress", conclusion: null }), "in_progress"))],
    ["an inactive deployment status", "deployment_status", JSON.stringify(deploymentStatusEvent("acme/api", deployment, "inactive", "2026-10-09T00:00:00Z"))],
  ])("%s is a 2xx and writes no rows", async (_name, event, body) => {
    const res = await signed(event, body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "ignored", reason: expect.any(String) });
    expect(await counts()).toEqual({ deployments: [], changes: [], ciRuns: [], deliveries: 1 });
  });

  test.each([
    ["not JSON", "deployment_status", "payload=%7B%22action%22%3A%22created%22%7D", "body is not JSON"],
    ["JSON of the wrong shape", "deployment_status", JSON.stringify({ action: "created", deployment: { id: "x" } }), "not a deployment_status payload"],
    ["a NUL byte", "workflow_run", "\u0000", "body is not JSON"],
  ])("a body that is %s is a 400, never a 500, and writes nothing", async (_name, event, body, message) => {
    const res = await signed(event, body);
    expect(res.status).toBe(400);
    await expectProblem(res, 400, message, "invalid-request");
    expect(await counts()).toEqual({ deployments: [], changes: [], ciRuns: [], deliveries: 0 });
  });

  test.each([
    ["a NUL in the workflow name", JSON.stringify(workflowRunEvent("acme/api", workflowRun(61, { name: "CI\u0000" }))), "ci_run 61-1: workflow contains a NUL character"],
    ["run_attempt 3000000000", JSON.stringify(workflowRunEvent("acme/api", workflowRun(62, { run_attempt: 3_000_000_000 }))), "attempt must be an integer from -2147483648 to 2147483647"],
  ])("a signed workflow_run with %s is a 400 with the reason, never a 500, and writes nothing", async (_name, body, reason) => {
    const res = await signed("workflow_run", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, detail: expect.stringContaining(reason) });
    expect(await counts()).toEqual({ deployments: [], changes: [], ciRuns: [], deliveries: 0 });
  });

  test("a deployment created by a person is manual; a re-run names who re-ran it; a merged PR's changed_files is kept", async () => {
    const byHand = { ...deployment, id: 4300, creator: { login: "ana-o", type: "User" } };
    expect((await signed("deployment_status", JSON.stringify(deploymentStatusEvent("acme/api", byHand, "success", "2026-10-02T12:04:00Z")))).status).toBe(200);
    expect((await signed("workflow_run", JSON.stringify(workflowRunEvent("acme/api", workflowRun(63, { run_attempt: 2, triggering_actor: simpleUser("bolind") }))))).status).toBe(200);
    expect((await signed("pull_request", JSON.stringify(pullRequestClosedEvent("acme/web", pull("acme/web", 6))))).status).toBe(200);
    const db = t.database.db;
    expect(await db.selectFrom("deployments").select(["creator", "trigger"]).where("id", "=", "4300").executeTakeFirstOrThrow()).toEqual({ creator: "ana-o", trigger: "manual" });
    expect(await db.selectFrom("ci_runs").select("triggered_by").where("id", "=", "63-2").executeTakeFirstOrThrow()).toEqual({ triggered_by: "bolind" });
    expect(await db.selectFrom("changes").select(["changed_files", "has_file_list"]).where("id", "=", "acme/web#6").executeTakeFirstOrThrow()).toEqual({ changed_files: 2, has_file_list: 0 });
  });

  test("a delivery about something the pull already stored in full keeps the fuller record; newer ones are written", async () => {
    const fake = await startFakeGithub();
    try {
      const repo = fake.addRepo("acme/api");
      for (let i = 1; i <= 6; i++) repo.commits.push(historyCommit(sha(`w${i}`), Date.parse("2026-10-01T00:00:00Z") + i * 3_600_000, "ana-o"));
      repo.pulls.push(pull("acme/api", 5));
      repo.deployments.push(fixtureDeployment(1, { commitOid: sha("w2") }), fixtureDeployment(2, { commitOid: sha("w5") }));
      await collectGithub({
        db: t.database.db,
        client: createGithubClient({ token: fake.token, apiUrl: fake.url, retryAfterBaseMs: 1, graphqlIntervalMs: 0 }),
        repos: ["acme/api"],
        streams: ["pulls", "deployments"],
        rule: () => ({ fallback: "deployments", workflows: [], production: "^production$" }),
      });
      const shipped = async () => (await t.database.db.selectFrom("deployment_commits").select("sha").where("deployment_id", "=", "2").execute()).map((r) => r.sha).sort();
      const review = async (id: string) => (await t.database.db.selectFrom("changes").select("first_review_at").where("id", "=", id).executeTakeFirst())?.first_review_at ?? null;
      expect(await shipped()).toEqual([sha("w3"), sha("w4"), sha("w5")].sort());
      expect(await review("acme/api#5")).not.toBeNull();

      const d2 = { id: 2, sha: sha("w5"), environment: "production", createdAt: repo.deployments[1]?.createdAt ?? "" };
      const late = await signed("deployment_status", JSON.stringify(deploymentStatusEvent("acme/api", d2, "success", "2026-10-02T14:04:00Z")));
      expect(await late.json()).toEqual({ status: "ignored", reason: expect.stringContaining("already collected") });
      expect((await signed("pull_request", JSON.stringify(pullRequestClosedEvent("acme/api", pull("acme/api", 5))))).status).toBe(202);
      expect(await shipped()).toEqual([sha("w3"), sha("w4"), sha("w5")].sort());
      expect(await review("acme/api#5")).not.toBeNull();

      const fresh = pull("acme/api", 6, { at: Date.parse("2026-12-01T00:00:00Z") });
      const res = await signed("pull_request", JSON.stringify(pullRequestClosedEvent("acme/api", fresh)));
      expect(await res.json()).toEqual({ status: "processed", written: { change: 1 } });
    } finally {
      await fake.close();
    }
  });

  test("without the delivery header it is a 400", async () => {
    const res = await post(successBody, { "x-github-event": "deployment_status", "x-hub-signature-256": signGithubPayload(SECRET, successBody) });
    expect(res.status).toBe(400);
  });
});

describe("POST /api/webhooks/github without GITHUB_WEBHOOK_SECRET", () => {
  test("is a 503 that says what to set, and never accepts an unsigned body", async () => {
    const t = await createTestApp("sqlite", { env: { githubWebhookSecret: null } });
    try {
      const res = await t.app.request("/api/webhooks/github", {
        method: "POST",
        body: successBody,
        headers: { "content-type": "application/json", "x-github-event": "deployment_status", "x-github-delivery": "d-1" },
      });
      await expectProblem(res, 503, "set GITHUB_WEBHOOK_SECRET", "service-unavailable");
      expect(await t.database.db.selectFrom("deployments").select("id").execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
