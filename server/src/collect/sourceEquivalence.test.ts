/**
 * The same team, fed once from GitHub and once from GitLab with equivalent histories, gets the same
 * DORA, CI and ledger figures. One history (below) is written into both fakes in each vendor's own
 * shapes; each is collected into its own fresh database; then the rows the metrics read — and the
 * metrics themselves — are compared field by field, with only the repo name (and what is an id or a
 * link by construction) normalised.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getTeamCiRuns, getTeamDelivery, type Change, type CiRun, type Deployment, type Db } from "@opsledger/db";
import { createTestDatabase, DIALECTS, type TestDatabase } from "@opsledger/db/testing";
import { collectGithub, collectGitlab, createGithubClient } from "@opsledger/collectors";
import * as gh from "@opsledger/collectors/testing/github";
import * as gl from "@opsledger/collectors/testing/gitlab";
import { configSchema } from "../config/schema.ts";
import { computeCi, computeDora, settingsFromConfig } from "../metrics/index.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-09-07T08:00:00Z");
const NOW = Date.parse("2026-10-05T00:00:00Z");
const window = { from: T0 - 7 * DAY, to: NOW };
const read = { ...window, lookbackMs: 90 * DAY, lookaheadMs: DAY };
const GH_REPO = "acme/api";
const GL_REPO = "gitlab:acme/api";
const c = (i: number) => gh.sha(`equivalent-main-${i}`);
const isoMs = (ms: number) => new Date(ms).toISOString();

// ---- one history ---------------------------------------------------------------------------------

interface Person {
  login: string;
  bot: boolean;
}
const ana: Person = { login: "ana", bot: false };
const bo: Person = { login: "bo", bot: false };
const cho: Person = { login: "cho", bot: false };
const renovate: Person = { login: "renovate", bot: true };

interface HistoryChange {
  number: number;
  title: string;
  author: Person;
  reviewer: Person | null;
  createdAt: number;
  reviewedAt: number | null;
  mergedAt: number;
  mergeSha: string;
  commits: { sha: string; at: number }[];
  labels: string[];
  files: { path: string; additions: number; deletions: number }[];
}

interface HistoryDeployment {
  id: number;
  environment: string;
  sha: string;
  startedAt: number;
  finishedAt: number;
  status: "success" | "failure";
  /** A person deploying by hand, or null for a pipeline on push. */
  byHand: Person | null;
}

interface HistoryRun {
  id: number;
  sha: string;
  createdAt: number;
  /** Each attempt: who ran it, how it ended, when it ran. */
  attempts: { by: Person; status: "success" | "failure"; startedAt: number; finishedAt: number }[];
}

/** Four weeks of a small team: 12 commits, 5 merged changes (one by a bot, one hotfix), 7 deployments, 6 CI runs. */
function history() {
  const commits = Array.from({ length: 12 }, (_, i) => ({ sha: c(i + 1), at: T0 + i * 2 * DAY - HOUR }));
  const change = (number: number, author: Person, reviewer: Person | null, day: number, shas: number[], labels: string[] = [], files = [`src/feature_${number}.ts`]): HistoryChange => ({
    number,
    title: labels.includes("hotfix") ? `Hotfix ${number}` : `Change ${number}`,
    author,
    reviewer,
    createdAt: T0 + day * DAY,
    reviewedAt: reviewer === null ? null : T0 + day * DAY + 3 * HOUR,
    mergedAt: T0 + day * DAY + 6 * HOUR,
    mergeSha: c(shas.at(-1) ?? 1),
    // Each commit an hour apart, the last an hour before the change was opened.
    commits: shas.map((i, k) => ({ sha: c(i), at: T0 + day * DAY - (shas.length - k) * HOUR })),
    labels,
    files: files.map((path, k) => ({ path, additions: 10 + k, deletions: k })),
  });
  const changes = [
    change(1, ana, bo, 1, [2, 3], ["backend"], ["src/api.ts", ".gitlab-ci.yml"]),
    change(2, bo, ana, 4, [4, 5]),
    change(3, renovate, null, 7, [6], ["dependencies"], ["package.json"]),
    change(4, ana, cho, 11, [7, 8, 9], [], ["deploy/helm/values.yaml", "src/config.ts"]),
    change(5, cho, bo, 15, [10], ["hotfix"]),
  ];
  const dep = (id: number, day: number, sha: number, extra: Partial<HistoryDeployment> = {}): HistoryDeployment => ({
    id,
    environment: "production",
    sha: c(sha),
    startedAt: T0 + day * DAY + 9 * HOUR,
    finishedAt: T0 + day * DAY + 9 * HOUR + 5 * 60_000,
    status: "success",
    byHand: null,
    ...extra,
  });
  const deployments = [
    dep(1, 2, 3),
    dep(2, 5, 5, { environment: "staging" }),
    dep(3, 5, 5, { byHand: cho }),
    dep(4, 8, 6),
    dep(5, 12, 9, { status: "failure" }),
    dep(6, 12, 9, { byHand: ana, startedAt: T0 + 12 * DAY + 11 * HOUR, finishedAt: T0 + 12 * DAY + 11 * HOUR + 6 * 60_000 }),
    // Back to an older sha: a rollback.
    dep(7, 14, 8, { byHand: bo }),
    dep(8, 16, 10),
  ];
  const run = (id: number, sha: number, day: number, attempts: HistoryRun["attempts"]): HistoryRun => ({ id, sha: c(sha), createdAt: T0 + day * DAY + 7 * HOUR, attempts });
  const at = (day: number, hour: number, minutes: number) => ({ startedAt: T0 + day * DAY + hour * HOUR, finishedAt: T0 + day * DAY + hour * HOUR + minutes * 60_000 });
  const runs = [
    run(501, 3, 2, [{ by: ana, status: "success", ...at(2, 7.1, 12) }]),
    run(502, 5, 5, [
      { by: bo, status: "failure", ...at(5, 7.1, 9) },
      { by: ana, status: "success", ...at(5, 8, 11) },
    ]),
    run(503, 6, 8, [{ by: renovate, status: "failure", ...at(8, 7.1, 4) }]),
    run(504, 9, 12, [
      { by: ana, status: "failure", ...at(12, 7.1, 20) },
      { by: ana, status: "failure", ...at(12, 8, 21) },
      { by: cho, status: "success", ...at(12, 9, 19) },
    ]),
    run(505, 10, 16, [{ by: cho, status: "success", ...at(16, 7.1, 15) }]),
    run(506, 10, 17, [{ by: bo, status: "success", ...at(17, 7.1, 16) }]),
  ];
  return { commits, changes, deployments, runs };
}

// ---- the history in GitHub's shapes ---------------------------------------------------------------

function toGithub(fake: gh.FakeGithub, h: ReturnType<typeof history>): void {
  const repo = fake.addRepo(GH_REPO);
  repo.commits.push(...h.commits.map((x) => gh.historyCommit(x.sha, x.at, "ana")));
  const actor = (p: Person) => (p.bot ? gh.bot(p.login) : gh.user(p.login));
  for (const ch of h.changes) {
    repo.pulls.push(
      gh.pull(GH_REPO, ch.number, {
        at: ch.createdAt,
        title: ch.title,
        author: actor(ch.author),
        createdAt: gh.iso(ch.createdAt),
        mergedAt: gh.iso(ch.mergedAt),
        updatedAt: gh.iso(ch.mergedAt + 60_000),
        mergeCommit: { oid: ch.mergeSha },
        labels: ch.labels.map((name) => ({ name })),
        commits: ch.commits.map((x) => ({ commit: { oid: x.sha, authoredDate: gh.iso(x.at), committedDate: gh.iso(x.at) } })),
        reviews: ch.reviewer === null || ch.reviewedAt === null ? [] : [{ author: actor(ch.reviewer), state: "APPROVED", submittedAt: gh.iso(ch.reviewedAt) }],
        files: ch.files.map((f) => ({ ...f, changeType: "MODIFIED" as const })),
        changedFiles: ch.files.length,
        additions: ch.files.reduce((n, f) => n + f.additions, 0),
        deletions: ch.files.reduce((n, f) => n + f.deletions, 0),
      }),
    );
  }
  for (const d of h.deployments) {
    repo.deployments.push(
      gh.deployment(d.id, {
        at: d.startedAt,
        environment: d.environment,
        commitOid: d.sha,
        // A person creating a Deployment by hand is manual; github-actions[bot] on push is automatic.
        creator: d.byHand === null ? gh.bot("github-actions[bot]") : gh.user(d.byHand.login),
        statuses: [
          { state: "IN_PROGRESS", createdAt: gh.iso(d.startedAt + 10_000) },
          { state: d.status === "success" ? "SUCCESS" : "FAILURE", createdAt: gh.iso(d.finishedAt) },
        ],
      }),
    );
  }
  for (const r of h.runs) {
    const attempts = r.attempts.map((a, i) =>
      gh.workflowRun(r.id, {
        repo: GH_REPO,
        at: r.createdAt,
        head_sha: r.sha,
        run_attempt: i + 1,
        conclusion: a.status,
        run_started_at: gh.iso(a.startedAt),
        updated_at: gh.iso(a.finishedAt),
        triggering_actor: gh.simpleUser(a.by.login, a.by.bot ? "Bot" : "User"),
        actor: gh.simpleUser(r.attempts[0]?.by.login ?? "ana"),
      }),
    );
    const latest = attempts.at(-1);
    if (latest !== undefined) repo.runs.push(latest);
    if (attempts.length > 1) repo.attempts[r.id] = attempts.slice(0, -1);
  }
}

// ---- the same history in GitLab's shapes ----------------------------------------------------------

function toGitlab(fake: gl.FakeGitlab, h: ReturnType<typeof history>): void {
  const project = fake.addProject("acme/api");
  project.commits.push(...h.commits.map((x) => x.sha));
  const who = (p: Person) => gl.user(p.login, p.bot);
  for (const ch of h.changes) {
    project.mergeRequests.push(
      gl.mergeRequest(ch.number, ch.createdAt, {
        title: ch.title,
        author: who(ch.author),
        mergedAt: isoMs(ch.mergedAt),
        updatedAt: isoMs(ch.mergedAt + 60_000),
        mergeCommitSha: ch.mergeSha,
        labels: ch.labels,
        commits: ch.commits.map((x) => ({ sha: x.sha, authoredDate: isoMs(x.at), committedDate: isoMs(x.at) })),
        // GitLab records an approval as a system note; the author's own notes are not reviews.
        notes: [gl.note(ch.createdAt + 30 * 60_000, who(ch.author), "added 1 commit", true), ...(ch.reviewer === null || ch.reviewedAt === null ? [] : [gl.approval(ch.reviewedAt, who(ch.reviewer))])],
        approvedBy: ch.reviewer === null ? [] : [who(ch.reviewer)],
        files: ch.files,
      }),
    );
  }
  for (const d of h.deployments) {
    // A deploy job played by hand from the web is manual; a pipeline on push is automatic.
    const runner = d.byHand === null ? gl.user("ana") : who(d.byHand);
    project.deployments.push({
      ...gl.deployment(d.id, d.startedAt, d.sha, { environment: d.environment, status: d.status === "success" ? "success" : "failed", user: runner }),
      updatedAt: isoMs(d.finishedAt + 1000),
      deployable: { id: 9000 + d.id, status: d.status === "success" ? "success" : "failed", startedAt: isoMs(d.startedAt), finishedAt: isoMs(d.finishedAt), user: runner, pipelineId: 800 + d.id, pipelineSource: d.byHand === null ? "push" : "web" },
    });
  }
  for (const r of h.runs) {
    // One job, retried in the same pipeline: each retry is a new job of the same name, the old one marked retried.
    const jobs = r.attempts.map((a, i) => gl.job("test", a.startedAt, (a.finishedAt - a.startedAt) / 60_000, a.status === "success" ? "success" : "failed", { retried: i < r.attempts.length - 1, user: who(a.by), createdAt: isoMs(r.createdAt) }));
    const first = r.attempts[0];
    const last = r.attempts.at(-1);
    if (first === undefined || last === undefined) continue;
    project.pipelines.push({
      id: r.id,
      iid: r.id,
      sha: r.sha,
      ref: "main",
      status: last.status === "success" ? "success" : "failed",
      source: "push",
      name: "CI",
      createdAt: isoMs(r.createdAt),
      updatedAt: isoMs(last.finishedAt + 1000),
      startedAt: isoMs(first.startedAt),
      finishedAt: isoMs(last.finishedAt),
      user: who(first.by),
      jobs,
    });
  }
}

// ---- compare --------------------------------------------------------------------------------------

const sorted = (xs: readonly string[] | null) => (xs === null ? null : [...xs].sort());

/** What the metrics and the ledger read of a deployment, the repo name normalised. */
const deploymentView = (d: Deployment) => ({
  id: d.id,
  environment: d.environment,
  status: d.status,
  startedAt: d.startedAt,
  finishedAt: d.finishedAt,
  sha: d.sha,
  commits: sorted(d.commits),
  rollback: d.rollback,
  trigger: d.trigger,
  // Who ran an automatic deployment is the pipeline's account — github-actions[bot] on GitHub,
  // the pushing user on GitLab; the ledger charges only manual ones, so only theirs is compared.
  creator: d.trigger === "manual" ? d.creator : "(pipeline)",
});

const changeView = (ch: Change) => ({
  number: ch.number,
  author: ch.author,
  bot: ch.bot,
  draft: ch.draft,
  createdAt: ch.createdAt,
  firstCommitAt: ch.firstCommitAt,
  firstReviewAt: ch.firstReviewAt,
  mergedAt: ch.mergedAt,
  mergeSha: ch.mergeSha,
  commits: sorted(ch.commits),
  labels: sorted(ch.labels),
  title: ch.title,
  additions: ch.additions,
  deletions: ch.deletions,
  changedFiles: ch.changedFiles,
});

const runView = (r: CiRun) => ({
  run: r.id,
  workflow: r.workflow,
  branch: r.branch,
  sha: r.sha,
  event: r.event,
  attempt: r.attempt,
  status: r.status,
  queuedAt: r.queuedAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  triggeredBy: r.triggeredBy,
});

async function changeFiles(db: Db): Promise<Record<number, string[]>> {
  const rows = await db.selectFrom("change_files").innerJoin("changes", (j) => j.onRef("changes.id", "=", "change_files.change_id").onRef("changes.source", "=", "change_files.source")).select(["changes.number", "change_files.path"]).execute();
  const out: Record<number, string[]> = {};
  for (const r of rows) (out[r.number] ??= []).push(r.path);
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe.each(DIALECTS)("one team from GitHub and from GitLab on %s", (dialect) => {
  let github: gh.FakeGithub;
  let gitlab: gl.FakeGitlab;
  let ghDb: TestDatabase;
  let glDb: TestDatabase;

  beforeEach(async () => {
    [github, gitlab, ghDb, glDb] = await Promise.all([gh.startFakeGithub(), gl.startFakeGitlab(), createTestDatabase(dialect), createTestDatabase(dialect)]);
    const h = history();
    toGithub(github, h);
    toGitlab(gitlab, h);
  });
  afterEach(async () => {
    await Promise.all([github.close(), gitlab.close(), ghDb.close(), glDb.close()]);
  });

  test("the rows the metrics read and the DORA and CI figures are the same", async () => {
    const ghSummary = await collectGithub({
      db: ghDb.db,
      client: createGithubClient({ token: github.token, apiUrl: github.url, retryAfterBaseMs: 1, graphqlIntervalMs: 0, sleep: async () => {} }),
      repos: [GH_REPO],
      rule: () => ({ fallback: "deployments", workflows: [], production: "^prod(uction)?$" }),
      streams: ["pulls", "deployments", "workflow_runs"],
      now: () => NOW,
    });
    const glSummary = await collectGitlab({ db: glDb.db, client: gl.gitlabTestClient(gitlab), projects: [GL_REPO], rule: () => ({ production: "^prod(uction)?$" }), now: () => NOW });
    expect(glSummary.errors).toEqual([]);
    expect({ changes: glSummary.written.merge_requests, deployments: glSummary.written.deployments, runs: glSummary.written.pipelines }).toEqual({
      changes: ghSummary.written.pulls,
      deployments: ghSummary.written.deployments,
      runs: ghSummary.written.workflow_runs,
    });

    const ghDelivery = await getTeamDelivery(ghDb.db, { repos: [GH_REPO], services: [] }, read);
    const glDelivery = await getTeamDelivery(glDb.db, { repos: [GL_REPO], services: [] }, read);
    expect(glDelivery.deployments.map(deploymentView)).toEqual(ghDelivery.deployments.map(deploymentView));
    expect(glDelivery.changes.map(changeView)).toEqual(ghDelivery.changes.map(changeView));
    expect(await changeFiles(glDb.db)).toEqual(await changeFiles(ghDb.db));
    const ghRuns = await getTeamCiRuns(ghDb.db, { repos: [GH_REPO] }, read);
    const glRuns = await getTeamCiRuns(glDb.db, { repos: [GL_REPO] }, read);
    // GitHub ids runs `<run id>-<attempt>`, GitLab `<pipeline id>-<attempt>`: the same ids here by construction.
    expect(glRuns.map(runView)).toEqual(ghRuns.map(runView));
    expect(ghRuns.length).toBe(9);

    // The metrics over those rows, with the repo name normalised.
    const settings = settingsFromConfig(configSchema.parse({}));
    const asGithub = <T extends { repo: string }>(rows: T[]): T[] => rows.map((r) => ({ ...r, repo: GH_REPO }));
    const team = { id: "core", repos: [GH_REPO], services: [] };
    const ghDora = computeDora({ team, deployments: ghDelivery.deployments, changes: ghDelivery.changes, incidents: [] }, window, settings);
    const glDora = computeDora({ team, deployments: asGithub(glDelivery.deployments), changes: asGithub(glDelivery.changes).map((ch) => ({ ...ch, id: ch.id.replace(`${GL_REPO}!`, `${GH_REPO}#`) })), incidents: [] }, window, settings);
    expect(glDora).toEqual(ghDora);
    // Figures with something in them: lead time by commits, a deployment rolled back, a hotfix, flaky runs.
    expect(ghDora.leadTime.count).toBe(4);
    expect(ghDora.changeFailureRate).toMatchObject({ failed: 1, total: 6 });
    expect(ghDora.reworkRate.reworked).toBeGreaterThan(0);
    const ghCi = computeCi(ghRuns, window);
    expect(computeCi(asGithub(glRuns), window)).toEqual(ghCi);
    expect(ghCi.overall).toMatchObject({ runs: 9, flaky: 2 });
  });
});
