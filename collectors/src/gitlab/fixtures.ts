/**
 * Typed, realistic GitLab records for the fake and the tests. The fake turns them into the
 * payloads GitLab sends (fake/server.ts cites the example each payload follows); these builders
 * only fill in what a test leaves out.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A deterministic 40-hex sha from a label. */
export function sha(label: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < label.length; i++) {
    h1 = Math.imul(h1 ^ label.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ label.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return (hex(h1) + hex(h2) + hex((h1 ^ h2) >>> 0) + hex(Math.imul(h1, 3) >>> 0) + hex(Math.imul(h2, 5) >>> 0)).slice(0, 40);
}

export interface FixtureUser {
  id: number;
  username: string;
  name: string;
  bot: boolean;
}

let nextUserId = 100;
const users = new Map<string, FixtureUser>();
/** A user by username (the same object for the same name); `bot` for project/group bots and service accounts. */
export function user(username: string, bot = false): FixtureUser {
  const known = users.get(username);
  if (known) return known;
  const u = { id: nextUserId++, username, name: username.replace(/[._-]/g, " "), bot };
  users.set(username, u);
  return u;
}

export interface FixtureNote {
  system: boolean;
  body: string;
  createdAt: string;
  author: FixtureUser | null;
}

export interface FixtureMergeRequest {
  iid: number;
  title: string;
  state: "merged" | "opened" | "closed";
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  squashCommitSha: string | null;
  diffHeadSha: string | null;
  sourceBranch: string;
  targetBranch: string;
  author: FixtureUser | null;
  mergeUser: FixtureUser | null;
  labels: string[];
  approvedBy: FixtureUser[];
  files: { path: string; additions: number; deletions: number }[];
  commits: { sha: string; authoredDate: string; committedDate: string }[];
  notes: FixtureNote[];
}

/** A merged merge request opened at `at`, merged 6 h later, with one commit an hour before it opened. */
export function mergeRequest(iid: number, at: number, init: Partial<FixtureMergeRequest> = {}): FixtureMergeRequest {
  const merged = at + 6 * HOUR;
  const author = init.author === undefined ? user("ana") : init.author;
  return {
    iid,
    title: `Change ${iid}`,
    state: "merged",
    draft: false,
    createdAt: iso(at),
    updatedAt: iso(merged + 60_000),
    mergedAt: iso(merged),
    mergeCommitSha: sha(`merge-${iid}`),
    squashCommitSha: null,
    diffHeadSha: sha(`head-${iid}`),
    sourceBranch: `feature-${iid}`,
    targetBranch: "main",
    author,
    mergeUser: user("bo"),
    labels: [],
    approvedBy: [],
    files: [{ path: `src/feature_${iid}.ts`, additions: 10, deletions: 2 }],
    commits: [{ sha: sha(`head-${iid}`), authoredDate: iso(at - HOUR), committedDate: iso(at - HOUR) }],
    notes: [],
    ...init,
  };
}

export const note = (at: number, author: FixtureUser | null, body: string, system = false): FixtureNote => ({ system, body, createdAt: iso(at), author });
export const approval = (at: number, by: FixtureUser): FixtureNote => note(at, by, "approved this merge request", true);

export type FixtureJobStatus = "success" | "failed" | "canceled" | "skipped" | "manual" | "running" | "pending" | "created";

export interface FixtureJob {
  id: number;
  name: string;
  stage: string;
  status: FixtureJobStatus;
  retried: boolean;
  allowFailure: boolean;
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  user: FixtureUser | null;
}

export interface FixturePipeline {
  id: number;
  iid: number;
  sha: string;
  ref: string;
  status: FixtureJobStatus | "canceling";
  source: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  user: FixtureUser | null;
  jobs: FixtureJob[];
}

let nextJobId = 5000;
export function job(name: string, startedAt: number, minutes: number, status: FixtureJobStatus = "success", init: Partial<FixtureJob> = {}): FixtureJob {
  return {
    id: nextJobId++,
    name,
    stage: name === "deploy" ? "deploy" : "test",
    status,
    retried: false,
    allowFailure: false,
    createdAt: iso(startedAt - 60_000),
    queuedAt: iso(startedAt - 30_000),
    startedAt: iso(startedAt),
    finishedAt: status === "running" || status === "pending" || status === "created" ? null : iso(startedAt + minutes * 60_000),
    user: null,
    ...init,
  };
}

/** A pipeline of one `test` job started 2 minutes after creation and lasting `minutes`. */
export function pipeline(id: number, at: number, init: Partial<FixturePipeline> & { minutes?: number } = {}): FixturePipeline {
  const { minutes = 10, ...rest } = init;
  const status = rest.status ?? "success";
  const who = rest.user === undefined ? user("ana") : rest.user;
  const jobs = rest.jobs ?? [job("test", at + 2 * 60_000, minutes, status === "canceling" ? "canceled" : status, { user: who })];
  const finished = jobs.reduce<number | null>((m, j) => (j.finishedAt === null ? m : Math.max(m ?? 0, Date.parse(j.finishedAt))), null);
  return {
    id,
    iid: id,
    sha: sha(`pipeline-${id}`),
    ref: "main",
    source: "push",
    name: null,
    createdAt: iso(at),
    updatedAt: iso((finished ?? at) + 1000),
    startedAt: iso(at + 2 * 60_000),
    finishedAt: finished === null || ["running", "pending", "created", "manual"].includes(status) ? null : iso(finished),
    ...rest,
    status,
    user: who,
    jobs,
  };
}

/**
 * A pipeline whose `test` job failed, then was retried by `by` and passed: GitLab marks the first
 * job `retried` and adds a new one with the same name in the same pipeline.
 */
export function retriedPipeline(id: number, at: number, by: FixtureUser, init: Partial<FixturePipeline> = {}): FixturePipeline {
  const who = init.user === undefined ? user("ana") : init.user;
  const failed = job("test", at + 2 * 60_000, 8, "failed", { retried: true, user: who });
  const lint = job("lint", at + 2 * 60_000, 1, "success", { user: who });
  const retry = job("test", at + 30 * 60_000, 9, "success", { user: by });
  return pipeline(id, at, { ...init, user: who, status: "success", jobs: [failed, lint, retry] });
}

export interface FixtureEnvironment {
  id: number;
  name: string;
  tier: "production" | "staging" | "testing" | "development" | "other" | null;
}

export interface FixtureDeployment {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  status: "created" | "running" | "success" | "failed" | "canceled" | "skipped" | "blocked";
  createdAt: string;
  updatedAt: string;
  user: FixtureUser | null;
  environment: string;
  /** The deploy job; null for a deployment recorded through the API without one. */
  deployable: { id: number; status: string; startedAt: string | null; finishedAt: string | null; user: FixtureUser | null; pipelineId: number; pipelineSource: string } | null;
}

let nextDeployableId = 9000;
/** A successful deployment of `sha` to production by a pipeline started by a push (an automatic deployment). */
export function deployment(id: number, at: number, deployedSha: string, init: Partial<FixtureDeployment> = {}): FixtureDeployment {
  const who = init.user === undefined ? user("ana") : init.user;
  return {
    id,
    iid: id,
    ref: "main",
    sha: deployedSha,
    status: "success",
    createdAt: iso(at),
    updatedAt: iso(at + 5 * 60_000),
    user: who,
    environment: "production",
    deployable: { id: nextDeployableId++, status: init.status ?? "success", startedAt: iso(at + 60_000), finishedAt: iso(at + 4 * 60_000), user: who, pipelineId: 700 + id, pipelineSource: "push" },
    ...init,
  };
}

export interface FixtureIssue {
  id: number;
  iid: number;
  title: string;
  state: "opened" | "closed";
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  labels: string[];
  severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "UNKNOWN";
  issueType: "incident" | "issue";
  author: FixtureUser;
}

export function incidentIssue(iid: number, at: number, init: Partial<FixtureIssue> = {}): FixtureIssue {
  return {
    id: 40_000 + iid,
    iid,
    title: `Incident ${iid}`,
    state: "closed",
    createdAt: iso(at),
    updatedAt: iso(at + 2 * HOUR),
    closedAt: iso(at + 2 * HOUR),
    labels: ["incident"],
    severity: "HIGH",
    issueType: "incident",
    author: user("oncall-bot", true),
    ...init,
  };
}

// ---- webhook bodies -----------------------------------------------------------------------------
// Shaped after the examples in GitLab's "Webhook events" page (doc/user/project/integrations/
// webhook_events.md): "Merge request events", "Pipeline events" and "Deployment events", with
// their timestamp forms (ISO-8601 for merge requests, `… UTC` for pipelines, `… +0200` for
// deployments) and the fields beside the ones opsledger reads.

const hookProject = (path: string) => ({
  id: 24,
  name: path.split("/").at(-1) ?? path,
  description: null,
  web_url: `https://gitlab.example.com/${path}`,
  avatar_url: null,
  git_ssh_url: `git@gitlab.example.com:${path}.git`,
  git_http_url: `https://gitlab.example.com/${path}.git`,
  namespace: path.split("/")[0] ?? path,
  visibility_level: 0,
  path_with_namespace: path,
  default_branch: "main",
  ci_config_path: null,
});

const hookUser = (u: FixtureUser) => ({ id: u.id, name: u.name, username: u.username, avatar_url: null, email: "[REDACTED]" });

/** "Merge request events": the `merge` action of merge request `mr` of `path`, sent as `user`. */
export function mergeRequestMergedEvent(path: string, mr: FixtureMergeRequest, by: FixtureUser) {
  return {
    object_kind: "merge_request",
    event_type: "merge_request",
    user: hookUser(by),
    project: hookProject(path),
    object_attributes: {
      id: 90_000 + mr.iid,
      iid: mr.iid,
      target_branch: mr.targetBranch,
      source_branch: mr.sourceBranch,
      source_project_id: 24,
      author_id: mr.author?.id ?? null,
      assignee_ids: [],
      title: mr.title,
      created_at: mr.createdAt,
      updated_at: mr.mergedAt ?? mr.updatedAt,
      state: "merged",
      merge_status: "can_be_merged",
      merge_commit_sha: mr.mergeCommitSha,
      draft: mr.draft,
      url: `https://gitlab.example.com/${path}/-/merge_requests/${mr.iid}`,
      last_commit: mr.commits.length === 0 ? null : { id: mr.commits.at(-1)?.sha, message: "commit", title: "commit", timestamp: mr.commits.at(-1)?.committedDate, url: `https://gitlab.example.com/${path}/-/commit/${mr.commits.at(-1)?.sha}`, author: { name: "Ana", email: "[REDACTED]" } },
      action: "merge",
    },
    labels: mr.labels.map((title, i) => ({ id: 200 + i, title, color: "#dc143c", project_id: 24, created_at: "2024-01-01 00:00:00 UTC", updated_at: "2024-01-01 00:00:00 UTC", template: false, description: null, type: "ProjectLabel", group_id: null })),
    changes: {},
    repository: { name: path.split("/").at(-1), url: `git@gitlab.example.com:${path}.git`, description: null, homepage: `https://gitlab.example.com/${path}` },
  };
}

const hookTime = (iso: string | null) => (iso === null ? null : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);

/** "Pipeline events": pipeline `p` of `path` with its builds (retried ones included). */
export function pipelineEvent(path: string, p: FixturePipeline) {
  return {
    object_kind: "pipeline",
    object_attributes: {
      id: p.id,
      iid: p.iid,
      name: p.name,
      ref: p.ref,
      tag: false,
      sha: p.sha,
      before_sha: "0000000000000000000000000000000000000000",
      source: p.source,
      status: p.status,
      detailed_status: p.status === "success" ? "passed" : p.status,
      stages: ["test"],
      created_at: hookTime(p.createdAt),
      finished_at: hookTime(p.finishedAt),
      duration: p.startedAt && p.finishedAt ? Math.round((Date.parse(p.finishedAt) - Date.parse(p.startedAt)) / 1000) : null,
      queued_duration: 12,
      variables: [],
      url: `https://gitlab.example.com/${path}/-/pipelines/${p.id}`,
    },
    merge_request: null,
    user: p.user === null ? null : hookUser(p.user),
    project: hookProject(path),
    commit: { id: p.sha, message: "commit", title: "commit", timestamp: p.createdAt, url: `https://gitlab.example.com/${path}/-/commit/${p.sha}`, author: { name: "Ana", email: "[REDACTED]" } },
    builds: p.jobs.map((j) => ({
      id: j.id,
      stage: j.stage,
      name: j.name,
      status: j.status,
      created_at: hookTime(j.createdAt),
      started_at: hookTime(j.startedAt),
      finished_at: hookTime(j.finishedAt),
      duration: null,
      queued_duration: null,
      failure_reason: j.status === "failed" ? "script_failure" : null,
      when: "on_success",
      manual: false,
      allow_failure: j.allowFailure,
      user: j.user === null ? null : hookUser(j.user),
      runner: null,
      artifacts_file: { filename: null, size: null },
      environment: null,
    })),
  };
}

/** "Deployment events": deployment `d` of `path` reaching `d.status`, its time in GitLab's `+0200` form. */
export function deploymentEvent(path: string, d: FixtureDeployment, tier: string | null = "production") {
  const at = new Date(Date.parse(d.updatedAt) + 2 * HOUR).toISOString();
  return {
    object_kind: "deployment",
    status: d.status,
    status_changed_at: `${at.slice(0, 10)} ${at.slice(11, 19)} +0200`,
    deployment_id: d.id,
    deployable_id: d.deployable?.id ?? null,
    deployable_url: d.deployable === null ? null : `https://gitlab.example.com/${path}/-/jobs/${d.deployable.id}`,
    environment: d.environment,
    environment_tier: tier,
    environment_slug: d.environment,
    environment_external_url: `https://${d.environment}.example.com`,
    project: hookProject(path),
    short_sha: d.sha.slice(0, 8),
    user: d.user === null ? null : hookUser(d.user),
    user_url: d.user === null ? null : `https://gitlab.example.com/${d.user.username}`,
    commit_url: `https://gitlab.example.com/${path}/-/commit/${d.sha}`,
    commit_title: "Merge branch into main",
    ref: d.ref,
  };
}
