import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { collectGitlab } from "@opsledger/collectors";
import { deployment, deploymentEvent, gitlabTestClient, mergeRequest, mergeRequestMergedEvent, pipelineEvent, retriedPipeline, startFakeGitlab, user } from "@opsledger/collectors/testing/gitlab";
import { configSchema } from "../config/schema.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const SECRET = "glwh-test-secret-51c0";
const PATH = "acme/api";
const REPO = `gitlab:${PATH}`;
const T0 = Date.parse("2026-10-01T00:00:00Z");
const merged = mergeRequest(12, T0, { labels: ["hotfix"] });
const mergedBody = JSON.stringify(mergeRequestMergedEvent(PATH, merged, user("ana")));

describe.each(DIALECTS)("POST /api/webhooks/gitlab on %s", (dialect) => {
  let t: TestApp;
  let n = 0;
  const key = () => `5f1c0b0e-2f0a-4f4e-9c1d-${String(++n).padStart(12, "0")}`;
  const post = (body: string, headers: Record<string, string | undefined>) =>
    t.app.request("/api/webhooks/gitlab", {
      method: "POST",
      body,
      headers: Object.fromEntries(Object.entries({ "content-type": "application/json", "x-gitlab-instance": "https://gitlab.example.com", ...headers }).filter((e): e is [string, string] => e[1] !== undefined)),
    });
  const send = (event: string, body: string, idempotencyKey = key()) => post(body, { "x-gitlab-event": event, "x-gitlab-token": SECRET, "idempotency-key": idempotencyKey, "x-gitlab-event-uuid": `evt-${idempotencyKey}` });
  const rows = async () => ({
    changes: (await t.database.db.selectFrom("changes").select(["id", "author", "merge_sha"]).execute()).map((r) => [r.id, r.author, r.merge_sha]),
    deployments: (await t.database.db.selectFrom("deployments").select(["id", "environment", "status", "sha"]).execute()).map((r) => [r.id, r.environment, r.status, r.sha]),
    ciRuns: (await t.database.db.selectFrom("ci_runs").select(["id", "status", "triggered_by"]).orderBy("id").execute()).map((r) => [r.id, r.status, r.triggered_by]),
    deliveries: (await t.database.db.selectFrom("webhook_deliveries").select("delivery_id").execute()).length,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: configSchema.parse({ sources: { gitlab: { projects: [REPO] } } }), env: { gitlabWebhookSecret: SECRET } });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    for (const table of ["deployments", "deployment_commits", "changes", "change_commits", "ci_runs", "webhook_deliveries", "sync_state"] as const) await t.database.db.deleteFrom(table).execute();
  });

  test("a merge, a retried pipeline and a deployment are written; a retry of the same delivery writes nothing", async () => {
    const first = key();
    const res = await send("Merge Request Hook", mergedBody, first);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "processed", written: { change: 1 } });
    const again = await send("Merge Request Hook", mergedBody, first);
    expect(await again.json()).toEqual({ status: "duplicate", delivery: first });

    const pipeline = retriedPipeline(301, T0 + 2 * 3_600_000, user("bo"));
    expect((await send("Pipeline Hook", JSON.stringify(pipelineEvent(PATH, pipeline)))).status).toBe(200);
    const dep = deployment(41, T0 + 5 * 3_600_000, merged.mergeCommitSha ?? "");
    expect((await send("Deployment Hook", JSON.stringify(deploymentEvent(PATH, dep)))).status).toBe(200);
    expect(await rows()).toEqual({
      changes: [[`${REPO}!12`, "ana", merged.mergeCommitSha]],
      deployments: [["41", "production", "success", dep.sha]],
      ciRuns: [
        ["301-1", "failure", "ana"],
        ["301-2", "success", "bo"],
      ],
      deliveries: 3,
    });
  });

  test("older GitLab without Idempotency-Key: deduplicated by X-Gitlab-Event-UUID", async () => {
    const headers = { "x-gitlab-event": "Merge Request Hook", "x-gitlab-token": SECRET, "x-gitlab-event-uuid": "evt-only-uuid" };
    expect((await post(mergedBody, headers)).status).toBe(200);
    expect(await (await post(mergedBody, headers)).json()).toEqual({ status: "duplicate", delivery: "evt-only-uuid" });
  });

  test.each([
    ["wrong", "not-the-secret"],
    ["missing", undefined],
    ["empty", ""],
  ])("a %s X-Gitlab-Token is 401 and nothing is written", async (_name, token) => {
    const res = await post(mergedBody, { "x-gitlab-event": "Merge Request Hook", "x-gitlab-token": token, "idempotency-key": key() });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, detail: expect.stringContaining("X-Gitlab-Token") });
    expect(await rows()).toMatchObject({ changes: [], deliveries: 0 });
  });

  test.each([
    ["not JSON", "Merge Request Hook", "{not json", /not JSON/],
    ["a merge without a project", "Merge Request Hook", JSON.stringify({ ...JSON.parse(mergedBody), project: undefined }), /project: /],
    ["a deployment time that is not a time", "Deployment Hook", JSON.stringify({ ...deploymentEvent(PATH, deployment(1, T0, "a".repeat(40))), status_changed_at: "yesterday" }), /status_changed_at/],
    ["a NUL in a title", "Merge Request Hook", JSON.stringify(mergeRequestMergedEvent(PATH, { ...merged, title: "fix\u0000" }, user("ana"))), /NUL/],
  ])("%s is a 400 naming what is wrong, and nothing is written", async (_name, event, body, reason) => {
    const res = await send(event, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(reason);
    expect(await rows()).toMatchObject({ changes: [], deployments: [], deliveries: 0 });
  });

  test("events opsledger does not read, and a merge request only opened, are acknowledged and ignored", async () => {
    expect((await send("Push Hook", JSON.stringify({ object_kind: "push" }))).status).toBe(202);
    const opened = JSON.parse(mergedBody) as { object_attributes: Record<string, unknown> };
    opened.object_attributes.action = "open";
    opened.object_attributes.state = "opened";
    expect(await (await send("Merge Request Hook", JSON.stringify(opened))).json()).toMatchObject({ status: "ignored", reason: expect.stringContaining("only merges") });
  });

  test("a merge the pull already stored in full is not replaced by the thinner event", async () => {
    const fake = await startFakeGitlab();
    try {
      fake.addProject(PATH).mergeRequests.push({ ...merged, commits: [...merged.commits], notes: [] });
      await collectGitlab({ db: t.database.db, client: gitlabTestClient(fake), projects: [REPO], streams: ["merge_requests"], rule: () => ({ production: "^prod(uction)?$" }) });
      const res = await send("Merge Request Hook", mergedBody);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: "ignored", reason: "already collected in full by the pull; the stored record is kept" });
      const files = await t.database.db.selectFrom("change_files").select("path").execute();
      expect(files.map((f) => f.path)).toEqual([`src/feature_12.ts`]);
    } finally {
      await fake.close();
    }
  });

  test("without GITLAB_WEBHOOK_SECRET the endpoint says how to enable it", async () => {
    const off = await createTestApp("sqlite", { env: { gitlabWebhookSecret: null } });
    try {
      const res = await off.app.request("/api/webhooks/gitlab", { method: "POST", body: mergedBody, headers: { "content-type": "application/json", "x-gitlab-token": SECRET } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 503, detail: expect.stringContaining("GITLAB_WEBHOOK_SECRET") });
    } finally {
      await off.close();
    }
  });
});
