/**
 * Request counts for a full sync of one GitLab project with 1,000 merged merge requests and
 * 10,000 pipelines (one in ten retried), plus 400 deployments, then an incremental sync with
 * nothing new, against the fake GitLab on loopback. Pacing is off (the counts are the point);
 * the time at GitLab.com's 2,000 authenticated requests a minute is printed beside them, and so is
 * what the same data would cost over REST alone.
 *
 *   node --import tsx collectors/src/gitlab/bench.ts [mergeRequests] [pipelines]
 */
import { createTestDatabase } from "@opsledger/db/testing";
import { collectGitlab, type GitlabSyncSummary } from "./collector.ts";
import { startFakeGitlab, type RecordedRequest } from "./fake/server.ts";
import { approval, deployment, DAY, HOUR, iso, job, mergeRequest, note, pipeline, retriedPipeline, sha, user } from "./fixtures.ts";
import { gitlabTestClient } from "./testing.ts";

const mrCount = Number(process.argv[2] ?? 1000);
const pipelineCount = Number(process.argv[3] ?? 10_000);
const deploymentCount = 400;
const to = Date.UTC(2026, 10, 1);
const from = to - 365 * DAY;
const REPO = "gitlab:acme/platform/api";

function byEndpoint(requests: readonly RecordedRequest[]): string {
  const groups = new Map<string, number>();
  for (const r of requests) {
    const name = r.operation ?? r.path.split("?")[0]?.replace(/^\/api\/v4\/projects\/[^/]+/, "").replace(/\/\d+\//g, "/{id}/") ?? r.path;
    groups.set(name, (groups.get(name) ?? 0) + 1);
  }
  return [...groups].map(([path, n]) => `${path} ${n}`).join(", ");
}

function line(label: string, s: GitlabSyncSummary, requests: readonly RecordedRequest[], wallMs: number): string {
  return [
    `${label}: ${s.requests} requests (GraphQL ${s.graphqlRequests}, REST ${s.restRequests}): ${byEndpoint(requests)}`,
    `  written: ${Object.entries(s.written).map(([k, n]) => `${k} ${n}`).join(", ")}; skipped: ${Object.values(s.skipped).reduce((a, b) => a + b, 0)}; errors: ${s.errors.length}`,
    `  wall time unpaced ${(wallMs / 1000).toFixed(1)} s; at GitLab.com's 2,000 req/min ≥ ${(s.requests / 2000).toFixed(1)} min, at the default 1,200 req/min ≥ ${(s.requests / 1200).toFixed(1)} min`,
  ].join("\n");
}

const fake = await startFakeGitlab();
const project = fake.addProject("acme/platform/api");
const ana = user("ana");
const bo = user("bo");
for (let i = 1; i <= 2 * deploymentCount + 1; i++) project.commits.push(sha(`bench-main-${i}`));
const span = to - from;
for (let i = 1; i <= mrCount; i++) {
  const at = from + Math.floor((i / (mrCount + 1)) * span);
  project.mergeRequests.push(
    mergeRequest(i, at, {
      mergeCommitSha: sha(`bench-merge-${i}`),
      commits: [1, 2, 3].map((k) => ({ sha: sha(`bench-${i}-${k}`), authoredDate: iso(at - (4 - k) * HOUR), committedDate: iso(at - (4 - k) * HOUR) })),
      notes: [note(at + 10 * 60_000, ana, "added 3 commits", true), note(at + HOUR, bo, "one question"), approval(at + 2 * HOUR, bo)],
      approvedBy: [bo],
      files: [
        { path: `src/module_${i % 40}/a.ts`, additions: 20, deletions: 4 },
        { path: `src/module_${i % 40}/a.test.ts`, additions: 12, deletions: 0 },
        { path: i % 10 === 0 ? ".gitlab-ci.yml" : `docs/${i}.md`, additions: 3, deletions: 1 },
      ],
    }),
  );
}
for (let i = 1; i <= pipelineCount; i++) {
  const at = from + Math.floor((i / (pipelineCount + 1)) * span);
  project.pipelines.push(
    i % 10 === 0
      ? retriedPipeline(i, at, bo)
      : pipeline(i, at, { jobs: [job("lint", at + 60_000, 1, "success", { user: ana }), job("test", at + 2 * 60_000, 9, i % 7 === 0 ? "failed" : "success", { user: ana })], status: i % 7 === 0 ? "failed" : "success" }),
  );
}
for (let i = 1; i <= deploymentCount; i++) {
  const at = from + Math.floor((i / (deploymentCount + 1)) * span);
  project.deployments.push(deployment(i, at, sha(`bench-main-${2 * i}`), { environment: i % 4 === 0 ? "staging" : "production" }));
}
// GitLab.com's budget, but never reached at these counts within a minute of the fake's clock.
fake.rateLimit.limit = fake.rateLimit.remaining = 1_000_000;

const database = await createTestDatabase("sqlite");
try {
  const options = { db: database.db, projects: [REPO], rule: () => ({ production: "^prod(uction)?$" }), since: from, now: () => to };
  let t = Date.now();
  const full = await collectGitlab({ ...options, client: gitlabTestClient(fake) });
  console.log(line(`full sync: ${mrCount} merged MRs, ${pipelineCount} pipelines (${pipelineCount / 10} retried), ${deploymentCount} deployments`, full, fake.requests, Date.now() - t));
  const seen = fake.requests.length;
  t = Date.now();
  const idle = await collectGitlab({ ...options, client: gitlabTestClient(fake) });
  console.log(line("incremental sync, nothing new", idle, fake.requests.slice(seen), Date.now() - t));
  // REST alone: MR list pages + per MR commits, notes, diffs (changed paths) and approvals;
  // pipeline list pages + per pipeline its detail (user, started/finished) and its jobs.
  const restOnly = Math.ceil(mrCount / 100) + 4 * mrCount + Math.ceil(pipelineCount / 100) + 2 * pipelineCount;
  console.log(`the same merge requests and pipelines over REST alone: ~${restOnly} requests (GraphQL here: ${full.graphqlRequests} + ${pipelineCount / 10} REST job lists for who retried)`);
} finally {
  await fake.close();
  await database.close();
}
