/**
 * Typed, realistic GitHub payloads: what GitHub stores for a pull request, deployment, release,
 * commit and workflow run (the fake GitHub serves these through real GraphQL and REST), plus
 * webhook bodies as GitHub sends them. Builders take overrides so each test states only what matters.
 *
 * Where each shape comes from (GitHub's published references, not our reading of them):
 * - GraphQL objects (FixturePull, FixtureDeployment, FixtureRelease, FixtureHistoryCommit): GitHub's
 *   public GraphQL schema (@octokit/graphql-schema); the fake executes every query against it, so a
 *   field the schema lacks or types differently fails the tests.
 * - REST workflow runs: the response example of "List workflow runs for a repository" in GitHub's
 *   REST reference (github/rest-api-description, `workflow-run-paginated`), type-checked below
 *   against its published OpenAPI types (@octokit/openapi-types `workflow-run`, `simple-user`).
 * - Webhook bodies: the `deployment_status` created, `workflow_run` completed and `pull_request`
 *   closed payload examples of GitHub's "Webhook events and payloads" reference.
 */
import type { components } from "@octokit/openapi-types";
import type { DeploymentNodeInput, PullRequestNodeInput, ReleaseNodeInput, WorkflowRunInput } from "./api-types.ts";

export type Actor = { __typename: "User" | "Bot" | "Mannequin" | "Organization"; login: string } | null;

export const user = (login: string): Actor => ({ __typename: "User", login });
export const bot = (login: string): Actor => ({ __typename: "Bot", login });

export interface FixtureReview {
  author: Actor;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  submittedAt: string | null;
}

export interface FixtureCommit {
  oid: string;
  authoredDate: string;
  committedDate: string;
}

/** A pull request as GitHub holds it; nested connections are plain lists the fake pages through. */
export interface FixturePull {
  id: string;
  number: number;
  title: string;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  isDraft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  baseRefName: string;
  additions: number;
  deletions: number;
  author: Actor;
  mergeCommit: { oid: string } | null;
  labels: { name: string }[];
  commits: { commit: FixtureCommit }[];
  reviews: FixtureReview[];
  /** GraphQL `changedFiles`: the count GitHub reports. */
  changedFiles: number;
  /** GraphQL `files` (PullRequestChangedFile), served as a paged connection. */
  files: { path: string; additions: number; deletions: number; changeType: "ADDED" | "MODIFIED" | "DELETED" | "RENAMED" }[];
}

export interface FixtureDeploymentStatus {
  state: "PENDING" | "QUEUED" | "IN_PROGRESS" | "WAITING" | "SUCCESS" | "FAILURE" | "ERROR" | "INACTIVE";
  createdAt: string;
}

export interface FixtureDeployment {
  id: string;
  databaseId: number;
  environment: string;
  task: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  commitOid: string;
  state: string;
  /** GraphQL `creator: Actor!`: a User who created it by hand, or a Bot (github-actions[bot]) for a pipeline. */
  creator: Actor;
  /** Oldest first; the fake serves them newest first, as GitHub does. */
  statuses: FixtureDeploymentStatus[];
}

export interface FixtureRelease {
  databaseId: number;
  tagName: string;
  url: string;
  isDraft: boolean;
  isPrerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  tagCommit: { oid: string } | null;
  author: { login: string } | null;
}

export interface FixtureHistoryCommit {
  oid: string;
  committedDate: string;
  author: { email: string | null; name: string | null; user: { login: string } | null };
}

const HOUR = 3_600_000;
export const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
/** A deterministic 40-hex sha from a label, so tests can name commits. */
export const sha = (label: string): string => {
  let h = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${label}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
};

/** A merged PR by `author`: one commit a day before opening, a review 3 h after, merged 6 h after. */
export function pull(repo: string, number: number, opts: Partial<FixturePull> & { at?: number } = {}): FixturePull {
  const created = opts.at ?? Date.parse("2026-10-01T09:00:00Z") + number * HOUR;
  const author = opts.author === undefined ? user("ana-o") : opts.author;
  const firstCommit = sha(`${repo}#${number}:c1`);
  return {
    id: `PR_kwDOLd${Buffer.from(`${repo}#${number}`).toString("base64url")}`,
    number,
    title: `Improve ${repo.split("/")[1] ?? repo} handling (#${number})`,
    url: `https://github.com/${repo}/pull/${number}`,
    state: "MERGED",
    isDraft: false,
    createdAt: iso(created),
    updatedAt: iso(created + 7 * HOUR),
    mergedAt: iso(created + 6 * HOUR),
    baseRefName: "main",
    additions: 40 + number,
    deletions: 7,
    author,
    mergeCommit: { oid: sha(`${repo}#${number}:merge`) },
    labels: [{ name: "enhancement" }],
    commits: [
      { commit: { oid: firstCommit, authoredDate: iso(created - 24 * HOUR), committedDate: iso(created - 23 * HOUR) } },
      { commit: { oid: sha(`${repo}#${number}:c2`), authoredDate: iso(created - 2 * HOUR), committedDate: iso(created - 2 * HOUR) } },
    ],
    reviews: [
      { author: user("bolind"), state: "APPROVED", submittedAt: iso(created + 3 * HOUR) },
    ],
    changedFiles: 2,
    files: [
      { path: `src/${repo.split("/")[1] ?? "app"}/handler.ts`, additions: 30 + number, deletions: 5, changeType: "MODIFIED" },
      { path: `src/${repo.split("/")[1] ?? "app"}/handler.test.ts`, additions: 10, deletions: 2, changeType: "MODIFIED" },
    ],
    ...opts,
  };
}

/** `count` changed files, so a test can page past 100 (GitHub's `changedFiles` says the same). */
export function changedFiles(count: number, dir = "src"): Pick<FixturePull, "files" | "changedFiles"> {
  const files = Array.from({ length: count }, (_, i) => ({ path: `${dir}/file-${String(i + 1).padStart(4, "0")}.ts`, additions: 1, deletions: 0, changeType: "MODIFIED" as const }));
  return { files, changedFiles: count };
}

/** `count` commits, oldest first, an hour apart before `before`, so a test can page past 100. */
export function pullCommits(label: string, count: number, before: number): FixturePull["commits"] {
  return Array.from({ length: count }, (_, i) => {
    const at = iso(before - (count - i) * HOUR);
    return { commit: { oid: sha(`${label}:c${i + 1}`), authoredDate: at, committedDate: at } };
  });
}

/** A production deployment that went QUEUED → IN_PROGRESS → SUCCESS over 4 minutes. */
export function deployment(databaseId: number, opts: Partial<FixtureDeployment> & { at?: number } = {}): FixtureDeployment {
  const created = opts.at ?? Date.parse("2026-10-02T12:00:00Z") + databaseId * HOUR;
  return {
    id: `DE_kwDOLd${databaseId}`,
    databaseId,
    environment: "production",
    task: "deploy",
    description: null,
    createdAt: iso(created),
    updatedAt: iso(created + 4 * 60_000),
    commitOid: sha(`deploy-${databaseId}`),
    state: "ACTIVE",
    creator: bot("github-actions[bot]"),
    statuses: [
      { state: "QUEUED", createdAt: iso(created + 10_000) },
      { state: "IN_PROGRESS", createdAt: iso(created + 30_000) },
      { state: "SUCCESS", createdAt: iso(created + 4 * 60_000) },
    ],
    ...opts,
  };
}

export function release(databaseId: number, tagName: string, commitOid: string, at: number, opts: Partial<FixtureRelease> = {}): FixtureRelease {
  return {
    databaseId,
    tagName,
    url: `https://github.com/acme/api/releases/tag/${tagName}`,
    isDraft: false,
    isPrerelease: false,
    createdAt: iso(at),
    publishedAt: iso(at + 60_000),
    tagCommit: { oid: commitOid },
    author: { login: "release-manager" },
    ...opts,
  };
}

export function historyCommit(oid: string, at: number, login: string | null, email = `${login ?? "someone"}@users.noreply.github.com`): FixtureHistoryCommit {
  return { oid, committedDate: iso(at), author: { email, name: login ?? email, user: login === null ? null : { login } } };
}

type RestSimpleUser = components["schemas"]["simple-user"];
/** A REST `simple-user` as GitHub's reference example shows it (octocat), for a login and account type. */
export function simpleUser(login: string, type: "User" | "Bot" | "Organization" = "User"): RestSimpleUser {
  const api = `https://api.github.com/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: 583231 + login.length,
    node_id: "MDQ6VXNlcjE=",
    avatar_url: "https://github.com/images/error/octocat_happy.gif",
    gravatar_id: "",
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

/** The workflow-run fields the fake serves, as GitHub's published OpenAPI types declare them. */
type RestWorkflowRun = Pick<
  components["schemas"]["workflow-run"],
  "id" | "name" | "node_id" | "head_branch" | "head_sha" | "path" | "display_title" | "run_number" | "event" | "status" | "conclusion" | "workflow_id" | "check_suite_id" | "url" | "html_url" | "created_at" | "updated_at" | "run_attempt" | "run_started_at" | "actor" | "triggering_actor"
>;

/**
 * A REST workflow run as `GET /repos/{o}/{r}/actions/runs` returns it (GitHub's
 * `workflow-run-paginated` example, trimmed of the URLs and nested repository the collector
 * ignores). `actor` started the run; `triggering_actor` started this attempt — on a re-run, the
 * person who re-ran it. Pass `triggering_actor: undefined` to serve a run without the field, as
 * older GitHub Enterprise Server versions do.
 */
export function workflowRun(id: number, opts: Partial<WorkflowRunInput> & { repo?: string; at?: number } = {}): WorkflowRunInput & Record<string, unknown> {
  const { repo = "acme/api", at, ...rest } = opts;
  const created = at ?? Date.parse("2026-10-03T08:00:00Z") + id * 60_000;
  const actor = simpleUser("ana-o");
  // Both the published OpenAPI shape and what the collector parses: a field either side disagrees on fails to compile.
  const run: RestWorkflowRun & WorkflowRunInput = {
    id,
    name: "CI",
    node_id: `WFR_kwLOLd${id}`,
    head_branch: "main",
    head_sha: sha(`run-${id}`),
    path: ".github/workflows/ci.yml",
    display_title: `Build #${id}`,
    run_number: id,
    event: "push",
    status: "completed",
    conclusion: "success",
    workflow_id: 161335,
    check_suite_id: 9_000_000 + id,
    url: `https://api.github.com/repos/${repo}/actions/runs/${id}`,
    html_url: `https://github.com/${repo}/actions/runs/${id}`,
    created_at: iso(created),
    updated_at: iso(created + 7 * 60_000),
    run_attempt: 1,
    run_started_at: iso(created + 20_000),
    actor,
    triggering_actor: actor,
  };
  return { ...run, ...rest };
}

// ---- response-shaped nodes (what a GraphQL query returns), for mapper tests ----

export function asPullRequestNode(p: FixturePull, reviewsHaveMore = false): PullRequestNodeInput {
  return {
    id: p.id,
    number: p.number,
    title: p.title,
    url: p.url,
    isDraft: p.isDraft,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    mergedAt: p.mergedAt,
    baseRefName: p.baseRefName,
    additions: p.additions,
    deletions: p.deletions,
    author: p.author,
    mergeCommit: p.mergeCommit,
    labels: { nodes: p.labels },
    commits: { totalCount: p.commits.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: p.commits },
    reviews: { totalCount: p.reviews.length, pageInfo: { hasNextPage: reviewsHaveMore, endCursor: null }, nodes: p.reviews.filter((r) => r.state !== "PENDING") },
    changedFiles: p.changedFiles,
    files: { totalCount: p.files.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: p.files.map((f) => ({ path: f.path })) },
  };
}

export function asDeploymentNode(d: FixtureDeployment): DeploymentNodeInput {
  const newestFirst = [...d.statuses].reverse();
  return {
    id: d.id,
    databaseId: d.databaseId,
    environment: d.environment,
    task: d.task,
    description: d.description,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    commitOid: d.commitOid,
    creator: d.creator,
    state: d.state,
    statuses: { totalCount: d.statuses.length, nodes: newestFirst },
    latestStatus: newestFirst[0] ?? null,
  };
}

export const asReleaseNode = (r: FixtureRelease): ReleaseNodeInput => ({ ...r });

// ---- webhook bodies, as GitHub delivers them (trimmed to the fields anyone reads, plus a few) ----

const webhookRepo = (repo: string) => ({
  id: 707070,
  node_id: "R_kgDOLd",
  name: repo.split("/")[1] ?? repo,
  full_name: repo,
  private: true,
  default_branch: "main",
  owner: { login: repo.split("/")[0] ?? repo, type: "Organization" },
});

export function deploymentStatusEvent(repo: string, d: { id: number; sha: string; environment: string; createdAt: string; creator?: { login: string; type: string } }, state: string, at: string) {
  return {
    action: "created",
    deployment_status: { id: d.id * 10 + 1, state, description: "", environment: d.environment, created_at: at, updated_at: at, target_url: "" },
    deployment: {
      url: `https://api.github.com/repos/${repo}/deployments/${d.id}`,
      id: d.id,
      node_id: `DE_kwDOLd${d.id}`,
      sha: d.sha,
      ref: "main",
      task: "deploy",
      payload: {},
      original_environment: d.environment,
      environment: d.environment,
      description: null,
      creator: d.creator ?? { login: "github-actions[bot]", type: "Bot" },
      created_at: d.createdAt,
      updated_at: at,
    },
    repository: webhookRepo(repo),
    sender: { login: "github-actions[bot]", type: "Bot" },
  };
}

export function workflowRunEvent(repo: string, run: WorkflowRunInput & Record<string, unknown>, action = "completed") {
  return { action, workflow_run: run, workflow: { id: run.workflow_id, name: run.name, path: run.path }, repository: webhookRepo(repo), sender: { login: "ana-o", type: "User" } };
}

export function pullRequestClosedEvent(repo: string, p: FixturePull, merged = true) {
  return {
    action: "closed",
    number: p.number,
    pull_request: {
      url: `https://api.github.com/repos/${repo}/pulls/${p.number}`,
      id: 1_000_000 + p.number,
      node_id: p.id,
      html_url: p.url,
      number: p.number,
      state: "closed",
      locked: false,
      title: p.title,
      user: p.author === null ? null : { login: p.author.login, type: p.author.__typename },
      body: null,
      labels: p.labels.map((l, i) => ({ id: i + 1, name: l.name, color: "a2eeef" })),
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.mergedAt,
      merged_at: merged ? p.mergedAt : null,
      merge_commit_sha: p.mergeCommit?.oid ?? null,
      draft: p.isDraft,
      head: { ref: "feature", sha: p.commits.at(-1)?.commit.oid ?? sha("head") },
      base: { ref: p.baseRefName, sha: sha("base") },
      merged,
      additions: p.additions,
      deletions: p.deletions,
      commits: p.commits.length,
      changed_files: p.changedFiles,
    },
    repository: webhookRepo(repo),
    sender: { login: "bolind", type: "User" },
  };
}
