/**
 * Pure mapping from validated GitLab payloads to normalized rows. No I/O, no clock.
 *
 * A GitLab project is stored as the repo `gitlab:<full path>` (e.g. `gitlab:acme/platform/api`):
 * the same string in team ownership, on every record and in the sync cursors, and never taken for
 * a GitHub `owner/name`.
 */
import type { Change, CiRun, CiRunStatus, Deployment, DeploymentStatus, DeploymentTrigger, Incident } from "@opsledger/db";
import type { JobNode, MergeRequestNode, MrCommit, MrNote, PipelineNode, RestDeployment, RestIncident } from "./api-types.ts";

export const SOURCE = "gitlab";
export const REPO_PREFIX = "gitlab:";

/** `acme/platform/api` → `gitlab:acme/platform/api`. */
export const repoOf = (projectPath: string): string => `${REPO_PREFIX}${projectPath}`;

/** `gitlab:acme/platform/api` → `acme/platform/api`; null for anything that is not a GitLab repo. */
export function projectPathOf(repo: string): string | null {
  if (!repo.startsWith(REPO_PREFIX)) return null;
  const path = repo.slice(REPO_PREFIX.length);
  return /^[^/\s]+(\/[^/\s]+)+$/.test(path) ? path : null;
}

const ms = (iso: string): number => Date.parse(iso);

/**
 * GitLab's bots: accounts flagged `bot` (project and group access tokens, service accounts,
 * GitLab's own bots), and, where a payload has no flag, their usernames (`project_42_bot_…`,
 * `group_7_bot_…`, `service_account_…`) or a `-bot`/`[bot]` suffix.
 */
export function isBotUser(user: { username: string; bot?: boolean } | null | undefined): boolean {
  if (user == null) return false;
  if (user.bot === true) return true;
  return /^(project|group)_\d+_bot/i.test(user.username) || /^service_account_/i.test(user.username) || /(\[bot\]|[-_]bot)$/i.test(user.username);
}

/** GitLab's name for a deleted account (its records move to the Ghost User). */
export const GHOST = "ghost";

const APPROVAL = /^approved this merge request/i;

/**
 * The first review: the earliest approval (GitLab records it as a system note, "approved this
 * merge request") or review comment (a non-system note) by someone other than the author.
 * Other system notes ("added 1 commit", "requested review from …") are not reviews.
 */
export function firstReviewAt(author: string | null, notes: readonly (MrNote | null)[]): number | null {
  let first: number | null = null;
  for (const n of notes) {
    if (n === null || n.author === null) continue;
    if (author !== null && n.author.username === author) continue;
    if (n.system && !APPROVAL.test(n.body.trim())) continue;
    const at = ms(n.createdAt);
    if (first === null || at < first) first = at;
  }
  return first;
}

/** True when the first page of notes had no review and there are more notes to read. */
export function needsMoreNotes(mr: MergeRequestNode): boolean {
  return mr.notes.pageInfo.hasNextPage && firstReviewAt(mr.author?.username ?? null, mr.notes.nodes) === null;
}

export const changeId = (repo: string, iid: string | number): string => `${repo}!${iid}`;

/**
 * The sha a merge put on the target branch: the merge commit, else the squash commit, else (a
 * fast-forward merge) the merge request's head.
 */
export const mergeShaOf = (mr: Pick<MergeRequestNode, "mergeCommitSha" | "squashCommitSha" | "diffHeadSha">): string | null => mr.mergeCommitSha ?? mr.squashCommitSha ?? mr.diffHeadSha;

/** A merged merge request → Change; null when it is not merged or GitLab names no merge sha. */
export function mapMergeRequest(repo: string, mr: MergeRequestNode, extra: { commits?: readonly MrCommit[]; notes?: readonly MrNote[] } = {}): Change | null {
  const mergeSha = mergeShaOf(mr);
  if (mr.mergedAt === null || mergeSha === null) return null;
  const commits = [...(mr.commits?.nodes ?? []), ...(extra.commits ?? [])].flatMap((c) => (c === null ? [] : [c]));
  const authored = commits.flatMap((c) => (c.authoredDate === null ? [] : [ms(c.authoredDate)]));
  const author = mr.author?.username ?? null;
  return {
    source: SOURCE,
    id: changeId(repo, mr.iid),
    repo,
    number: Number(mr.iid),
    author: author ?? GHOST,
    bot: isBotUser(mr.author),
    draft: mr.draft,
    createdAt: ms(mr.createdAt),
    firstCommitAt: authored.length === 0 ? null : authored.reduce((a, b) => Math.min(a, b)),
    firstReviewAt: firstReviewAt(author, [...mr.notes.nodes, ...(extra.notes ?? [])]),
    mergedAt: ms(mr.mergedAt),
    mergeSha,
    commits: [...new Set(commits.map((c) => c.sha))],
    labels: (mr.labels?.nodes ?? []).flatMap((l) => (l === null ? [] : [l.title])),
    title: mr.title,
    additions: mr.diffStatsSummary?.additions ?? null,
    deletions: mr.diffStatsSummary?.deletions ?? null,
    url: mr.webUrl,
    files: mr.diffStats === null ? null : [...new Set(mr.diffStats.map((f) => f.path))],
    changedFiles: mr.diffStatsSummary?.fileCount ?? (mr.diffStats === null ? null : mr.diffStats.length),
  };
}

/** Pipeline or job status (GraphQL upper case, REST lower case) → CI status; null while not finished. */
export function ciStatus(status: string | null): CiRunStatus | null {
  switch ((status ?? "").toLowerCase()) {
    case "success":
      return "success";
    case "failed":
      return "failure";
    case "canceled":
    case "canceling":
      return "cancelled";
    case "skipped":
      return "skipped";
    default:
      return null;
  }
}

/** The numeric part of a job's global id (`gid://gitlab/Ci::Build/123` → 123): jobs are retried into higher ids. */
export function jobNumber(job: Pick<JobNode, "id">): number {
  const m = /(\d+)$/.exec(job.id ?? "");
  return m ? Number(m[1]) : 0;
}

const min = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => Math.min(a, b)));
const max = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => Math.max(a, b)));
const times = (jobs: readonly JobNode[], pick: (j: JobNode) => string | null) => jobs.flatMap((j) => (pick(j) === null ? [] : [ms(pick(j) as string)]));

/**
 * The attempts of a pipeline. GitLab retries jobs inside the same pipeline (the old job is marked
 * `retried` and a new one with the same name follows), so attempt k is the k-th run of each job
 * name: attempt 1 is how the pipeline first ended, the last attempt is its final status. A job
 * retried twice while another was retried once gives three attempts, the third of one job.
 */
export function pipelineAttempts(jobs: readonly JobNode[]): JobNode[][] {
  const byName = new Map<string, JobNode[]>();
  for (const job of [...jobs].sort((a, b) => jobNumber(a) - jobNumber(b))) {
    const name = job.name ?? "";
    const list = byName.get(name) ?? [];
    list.push(job);
    byName.set(name, list);
  }
  const attempts = Math.max(1, ...[...byName.values()].map((l) => l.length));
  return Array.from({ length: attempts }, (_, k) => [...byName.values()].flatMap((list) => (list[k] === undefined ? [] : [list[k]])));
}

/** How an attempt before the last ended: a required job failed, or was cancelled, or all passed. */
function attemptStatus(jobs: readonly JobNode[]): CiRunStatus {
  const statuses = jobs.filter((j) => !j.allowFailure).map((j) => ciStatus(j.status));
  if (statuses.includes("failure")) return "failure";
  if (statuses.includes("cancelled")) return "cancelled";
  return "success";
}

/**
 * A finished pipeline → one CiRun per attempt (id `<pipeline id>-<attempt>`), like a GitHub
 * workflow run's attempts. The workflow is the pipeline's name (`workflow:name`), else
 * `.gitlab-ci.yml`. Who ran an attempt: the pipeline's user for the first, the user who retried
 * for the others (`retriedBy`, job number → username, from REST — GraphQL jobs name no user).
 * Empty while the pipeline is still running.
 */
export function mapPipeline(repo: string, p: PipelineNode, jobs: readonly JobNode[], retriedBy: ReadonlyMap<number, string> = new Map(), webUrl: string | null = null): CiRun[] {
  const final = ciStatus(p.status);
  if (final === null) return [];
  const pipelineId = /(\d+)$/.exec(p.id)?.[1] ?? p.id;
  const attempts = pipelineAttempts(jobs);
  const out: CiRun[] = [];
  attempts.forEach((attemptJobs, i) => {
    const attempt = i + 1;
    const last = attempt === attempts.length;
    const started = (attempt === 1 ? (p.startedAt === null ? null : ms(p.startedAt)) : null) ?? min(times(attemptJobs, (j) => j.startedAt)) ?? ms(p.createdAt);
    const finished = (last && p.finishedAt !== null ? ms(p.finishedAt) : null) ?? max(times(attemptJobs, (j) => j.finishedAt)) ?? ms(p.updatedAt);
    const firstJob = attemptJobs[0];
    out.push({
      source: SOURCE,
      id: `${pipelineId}-${attempt}`,
      repo,
      workflow: p.name ?? ".gitlab-ci.yml",
      branch: p.ref ?? "",
      sha: p.sha,
      event: p.source ?? "push",
      attempt,
      status: last ? final : attemptStatus(attemptJobs),
      // Only the first attempt waited in the queue since the pipeline was created.
      queuedAt: attempt === 1 ? ms(p.createdAt) : null,
      startedAt: started,
      finishedAt: Math.max(started, finished),
      url: webUrl !== null && p.path !== null ? `${webUrl}${p.path}` : null,
      triggeredBy: attempt === 1 || firstJob === undefined ? (p.user?.username ?? null) : (retriedBy.get(jobNumber(firstJob)) ?? p.user?.username ?? null),
    });
  });
  return out;
}

/** True when a pipeline has jobs that were retried: who retried them is read over REST. */
export const hasRetries = (jobs: readonly JobNode[]): boolean => pipelineAttempts(jobs).length > 1;

/** GitLab deployment status → ours; `final` is false while it may still change. */
export function deploymentStatus(status: string): { status: DeploymentStatus; final: boolean } {
  switch (status) {
    case "success":
      return { status: "success", final: true };
    case "failed":
      return { status: "failure", final: true };
    case "canceled":
    case "skipped":
      return { status: "cancelled", final: true };
    default:
      // created, running, blocked (waiting for an approval)
      return { status: "in_progress", final: false };
  }
}

/**
 * Who ran a deployment and how. The person who ran its job (who pressed "play" on a manual
 * deploy job) or, without a job, who recorded it; a bot is a pipeline (automatic). A deployment
 * recorded by a person through the API, or from a pipeline a person started by hand (`web`,
 * ChatOps), is manual; pipelines from pushes, merges, schedules and triggers are automatic.
 */
export function deploymentOrigin(d: RestDeployment): { creator: string | null; trigger: DeploymentTrigger | null } {
  const who = d.deployable?.user ?? d.user;
  if (who == null) return { creator: null, trigger: null };
  if (isBotUser(who)) return { creator: who.username, trigger: "automatic" };
  if (d.deployable === null) return { creator: who.username, trigger: "manual" };
  const source = d.deployable.pipeline?.source ?? null;
  if (source === null) return { creator: who.username, trigger: null };
  return { creator: who.username, trigger: source === "web" || source === "chat" ? "manual" : "automatic" };
}

/** A GitLab deployment → Deployment; `commits` stays null until the compare fills them in. */
export function mapDeployment(repo: string, d: RestDeployment): Deployment {
  const { status } = deploymentStatus(d.status);
  const started = d.deployable?.started_at ?? d.created_at;
  const finished = d.deployable?.finished_at ?? d.updated_at;
  return {
    source: SOURCE,
    id: String(d.id),
    repo,
    environment: d.environment.name,
    status,
    startedAt: ms(started),
    finishedAt: Math.max(ms(started), ms(finished)),
    sha: d.sha,
    commits: null,
    rollback: false,
    url: null,
    ...deploymentOrigin(d),
  };
}

/** Production: the name matches the repo's pattern, or GitLab's environment tier says so. */
export const isProductionEnvironment = (name: string, tier: string | null | undefined, pattern: string): boolean => tier === "production" || new RegExp(pattern, "i").test(name);

const HIGH_SEVERITY = /^(critical|high)$/i;
const SEVERITY_LABEL = /^(severity::?\s*([12])|s[12])$/i;

/**
 * An incident issue → Incident. Urgency is high for GitLab severity CRITICAL or HIGH (or a
 * `severity::1`/`severity::2`/`S1`/`S2` label where the severity field is not used), low
 * otherwise. Resolution is when the issue was closed.
 */
export function mapIncidentIssue(repo: string, issue: RestIncident, service: string): Incident {
  const severity = issue.severity && issue.severity.toUpperCase() !== "UNKNOWN" ? issue.severity.toLowerCase() : null;
  const high = (severity !== null && HIGH_SEVERITY.test(severity)) || issue.labels.some((l) => SEVERITY_LABEL.test(l.trim()));
  return {
    source: SOURCE,
    id: `${repo}#${issue.iid}`,
    service,
    title: issue.title,
    urgency: high ? "high" : "low",
    priority: severity,
    createdAt: ms(issue.created_at),
    acknowledgedAt: null,
    resolvedAt: issue.state === "closed" && issue.closed_at !== null ? ms(issue.closed_at) : null,
    deploymentId: null,
    fixDeploymentId: null,
    url: issue.web_url,
  };
}
