import { expect, test } from "vitest";
import * as api from "./api-types.ts";
import * as f from "./fixtures.ts";

// The fixtures are what the fake GitHub serves and what webhook tests post: they must be payloads
// the collector's own schemas accept, or the tests would be testing something GitHub never sends.
test.each([
  ["pull request node", api.pullRequestNode, f.asPullRequestNode(f.pull("acme/api", 1))],
  ["deployment node", api.deploymentNode, f.asDeploymentNode(f.deployment(1))],
  ["release node", api.releaseNode, f.asReleaseNode(f.release(1, "v1.0.0", f.sha("x"), Date.parse("2026-10-01T00:00:00Z")))],
  ["history node", api.historyNode, f.historyCommit(f.sha("y"), Date.parse("2026-10-01T00:00:00Z"), "ana-o")],
  ["workflow run", api.workflowRun, f.workflowRun(1)],
  ["deployment_status event", api.deploymentStatusEvent, f.deploymentStatusEvent("acme/api", { id: 1, sha: f.sha("z"), environment: "production", createdAt: "2026-10-01T00:00:00Z" }, "success", "2026-10-01T00:04:00Z")],
  ["workflow_run event", api.workflowRunEvent, f.workflowRunEvent("acme/api", f.workflowRun(2))],
  ["pull_request event", api.pullRequestEvent, f.pullRequestClosedEvent("acme/api", f.pull("acme/api", 2))],
] as const)("the %s fixture is accepted by its schema", (_name, schema, payload) => {
  expect(schema.safeParse(payload).error).toBeUndefined();
});

test("shas are 40 hex digits and stable per label", () => {
  expect(f.sha("main-1")).toMatch(/^[0-9a-f]{40}$/);
  expect(f.sha("main-1")).toBe(f.sha("main-1"));
  expect(f.sha("main-1")).not.toBe(f.sha("main-2"));
});
