/**
 * Pure mapping from validated GitHub payloads to normalized rows. No I/O, no clock: everything a
 * mapping needs is in its arguments, so every rule here is tested with fixtures alone.
 */
import type { Change, CiRun, CiRunStatus, Committer, Deployment, DeploymentStatus, DeploymentTrigger, RepoPractice } from "@opsledger/db";
import type { CommitNode, DeploymentNode, HistoryNode, PracticesData, PullRequestNode, ReleaseNode, WorkflowRun } from "./api-types.ts";

export const SOURCE = "github";

/** GitHub's name for a deleted account; PRs and reviews by deleted users have a null author. */
export const GHOST = "ghost";

const ms = (iso: string): number => Date.parse(iso);

export const changeId = (repo: string, number: number): string => `${repo}#${number}`;

export interface Review {
  author: { __typename: string; login: string } | null;
  state: string;
  submittedAt: string | null;
}

/** The earliest submitted review not written by the PR's author; PENDING reviews are drafts and never count. */
export function firstReviewAt(author: string | null, reviews: readonly (Review | null)[]): number | null {
  let first: number | null = null;
  for (const r of reviews) {
    if (r === null || r.state === "PENDING" || r.submittedAt === null) continue;
    if (author !== null && r.author?.login === author) continue;
    const at = ms(r.submittedAt);
    if (first === null || at < first) first = at;
  }
  return first;
}

/** What follow-up queries added to a PR past its first page of reviews, commits and files. */
export interface PullExtras {
  reviews?: readonly Review[];
  commits?: readonly (CommitNode | null)[];
  /** Paths past the first page; null when the first page of files itself was not readable. */
  files?: readonly string[];
}

/** A merged PR → Change; null when it is not merged (no merge time or merge commit). */
export function mapPullRequest(repo: string, pr: PullRequestNode, extra: PullExtras = {}): Change | null {
  if (pr.mergedAt === null || pr.mergeCommit === null) return null;
  const commits = [...pr.commits.nodes, ...(extra.commits ?? [])].flatMap((n) => (n === null ? [] : [n.commit]));
  const authored = commits.map((c) => ms(c.authoredDate));
  const login = pr.author?.login ?? null;
  return {
    source: SOURCE,
    id: changeId(repo, pr.number),
    repo,
    number: pr.number,
    author: login ?? GHOST,
    bot: pr.author?.__typename === "Bot",
    draft: pr.isDraft,
    createdAt: ms(pr.createdAt),
    firstCommitAt: authored.length === 0 ? null : authored.reduce((a, b) => Math.min(a, b)),
    firstReviewAt: firstReviewAt(login, [...(pr.reviews?.nodes ?? []), ...(extra.reviews ?? [])]),
    mergedAt: ms(pr.mergedAt),
    mergeSha: pr.mergeCommit.oid,
    commits: [...new Set(commits.map((c) => c.oid))],
    labels: (pr.labels?.nodes ?? []).flatMap((l) => (l === null ? [] : [l.name])),
    title: pr.title,
    additions: pr.additions,
    deletions: pr.deletions,
    url: pr.url,
    files: pr.files?.nodes == null ? null : [...new Set([...pr.files.nodes.flatMap((f) => (f === null ? [] : [f.path])), ...(extra.files ?? [])])],
    changedFiles: pr.changedFiles,
  };
}

/** True when the PR's first review could not be decided from the reviews fetched with it. */
export function needsMoreReviews(pr: PullRequestNode): boolean {
  if (pr.reviews === null || !pr.reviews.pageInfo.hasNextPage) return false;
  return firstReviewAt(pr.author?.login ?? null, pr.reviews.nodes) === null;
}

/**
 * The "merge" fallback for repos without deployments: every merge to the default branch stands in
 * for a production deployment. The id prefix `merge:` marks it as a proxy.
 */
export function mergeProxyDeployment(change: Change, productionEnvironment = "production"): Deployment {
  return {
    source: SOURCE,
    id: `merge:${change.id}`,
    repo: change.repo,
    environment: productionEnvironment,
    status: "success",
    startedAt: null,
    finishedAt: change.mergedAt,
    sha: change.mergeSha,
    commits: [...new Set([...change.commits, change.mergeSha])],
    rollback: false,
    url: change.url,
    // The merge stands in for a pipeline that deploys every merge: nobody ran it by hand.
    creator: null,
    trigger: "automatic",
  };
}

export interface DeploymentState {
  status: DeploymentStatus;
  finishedAt: number;
  /** False while GitHub may still change the outcome (queued, in progress, no status yet). */
  final: boolean;
}

/**
 * Outcome of a deployment from its status history. Success time is the SUCCESS status's time (not
 * `updatedAt`, which moves when GitHub later marks it INACTIVE); INACTIVE after SUCCESS is still a
 * success — GitHub sets it when a newer deployment replaces this one.
 */
export function deploymentState(node: DeploymentNode): DeploymentState {
  const seen = new Map<string, { state: string; createdAt: string }>();
  for (const s of [...(node.statuses?.nodes ?? []), node.latestStatus]) if (s) seen.set(`${s.createdAt}|${s.state}`, s);
  const history = [...seen.values()].sort((a, b) => ms(a.createdAt) - ms(b.createdAt));
  const success = history.find((s) => s.state === "SUCCESS");
  if (success) return { status: "success", finishedAt: ms(success.createdAt), final: true };
  const latest = history.at(-1);
  if (latest === undefined) {
    const abandoned = node.state === "ABANDONED" || node.state === "DESTROYED";
    return { status: abandoned ? "cancelled" : "in_progress", finishedAt: ms(node.createdAt), final: abandoned };
  }
  const at = ms(latest.createdAt);
  switch (latest.state) {
    case "FAILURE":
    case "ERROR":
      return { status: "failure", finishedAt: at, final: true };
    case "INACTIVE":
      return { status: "cancelled", finishedAt: at, final: true };
    default:
      return { status: "in_progress", finishedAt: at, final: false };
  }
}

const ROLLBACK = /\brollback\b|\broll back\b/i;

/** A login GitHub gives to apps and bots ("github-actions[bot]"); their actions are a pipeline's. */
export const isBotLogin = (login: string): boolean => /\[bot\]$/i.test(login);

/**
 * Who started a deployment and how: a User created it by hand (manual); a Bot — a pipeline such as
 * github-actions[bot] — created it (automatic). Null when GitHub names nobody.
 */
export function deploymentOrigin(creator: { __typename?: string; type?: string; login: string } | null | undefined): { creator: string | null; trigger: DeploymentTrigger | null } {
  if (creator == null) return { creator: null, trigger: null };
  const kind = creator.__typename ?? creator.type ?? "";
  return { creator: creator.login, trigger: kind === "Bot" || isBotLogin(creator.login) ? "automatic" : "manual" };
}

/** A GitHub Deployment → Deployment; `commits` stays null until the compare fills it in. */
export function mapDeployment(repo: string, node: DeploymentNode): Deployment {
  const state = deploymentState(node);
  return {
    source: SOURCE,
    id: node.databaseId === null ? node.id : String(node.databaseId),
    repo,
    environment: node.environment ?? "",
    status: state.status,
    startedAt: ms(node.createdAt),
    finishedAt: state.finishedAt,
    sha: node.commitOid,
    commits: null,
    rollback: ROLLBACK.test(`${node.task ?? ""} ${node.description ?? ""}`),
    url: null,
    ...deploymentOrigin(node.creator),
  };
}

/** The "release" fallback: a published, non-draft, non-prerelease release is a production deployment. */
export function mapRelease(repo: string, node: ReleaseNode, productionEnvironment = "production"): Deployment | null {
  if (node.isDraft || node.isPrerelease || node.publishedAt === null || node.tagCommit === null) return null;
  return {
    source: SOURCE,
    id: `release:${repo}:${node.databaseId ?? node.tagName}`,
    repo,
    environment: productionEnvironment,
    status: "success",
    startedAt: ms(node.createdAt),
    finishedAt: ms(node.publishedAt),
    sha: node.tagCommit.oid,
    commits: null,
    rollback: false,
    url: node.url,
    // Publishing a release is the deployment: by a person (manual) or a release bot (automatic).
    ...deploymentOrigin(node.author === null ? null : { login: node.author.login }),
  };
}

/** The "workflow" fallback: a successful run of a named deploy workflow on the default branch. */
export function mapDeployRun(repo: string, run: WorkflowRun, productionEnvironment = "production"): Deployment | null {
  if (run.status !== "completed" || run.conclusion !== "success") return null;
  return {
    source: SOURCE,
    id: `run:${run.id}-${run.run_attempt}`,
    repo,
    environment: productionEnvironment,
    status: "success",
    startedAt: ms(run.run_started_at ?? run.created_at),
    finishedAt: ms(run.updated_at),
    sha: run.head_sha,
    commits: null,
    rollback: false,
    url: run.html_url,
    ...runOrigin(run),
  };
}

/**
 * Who started a deploy workflow run and how: `workflow_dispatch` is a person pressing "Run
 * workflow" (manual), and so is a person re-running an attempt; push, schedule and the rest are
 * the pipeline (automatic).
 */
export function runOrigin(run: WorkflowRun): { creator: string | null; trigger: DeploymentTrigger } {
  const starter = run.triggering_actor ?? run.actor ?? null;
  const human = starter !== null && starter.type !== "Bot" && !isBotLogin(starter.login);
  const manual = run.event === "workflow_dispatch" || (run.run_attempt > 1 && human);
  return { creator: starter?.login ?? null, trigger: manual ? "manual" : "automatic" };
}

/** Actions conclusion → CI status; null for a run that has not completed. */
export function ciStatus(conclusion: string | null): CiRunStatus | null {
  switch (conclusion) {
    case "success":
      return "success";
    case "failure":
    case "timed_out":
    case "startup_failure":
      return "failure";
    case "cancelled":
    case "stale":
      return "cancelled";
    case "skipped":
    case "neutral":
    case "action_required":
      return "skipped";
    default:
      return null;
  }
}

/** One attempt of a workflow run → CiRun (id `<run_id>-<attempt>`); null until it has completed. */
export function mapWorkflowRun(repo: string, run: WorkflowRun): CiRun | null {
  const status = run.status === "completed" ? ciStatus(run.conclusion) : null;
  if (status === null) return null;
  const started = ms(run.run_started_at ?? run.created_at);
  return {
    source: SOURCE,
    id: `${run.id}-${run.run_attempt}`,
    repo,
    workflow: run.name ?? run.path ?? String(run.workflow_id ?? "workflow"),
    branch: run.head_branch ?? "",
    sha: run.head_sha,
    event: run.event,
    attempt: run.run_attempt,
    status,
    // Only the first attempt waited in the queue since created_at; reruns reuse the run's created_at.
    queuedAt: run.run_attempt === 1 ? ms(run.created_at) : null,
    startedAt: started,
    finishedAt: Math.max(started, ms(run.updated_at)),
    url: run.html_url,
    // GitHub's triggering_actor is who started this attempt; a run without one names its actor.
    triggeredBy: run.triggering_actor?.login ?? run.actor?.login ?? null,
  };
}

export interface CommitterTally {
  firstCommitAt: number;
  lastCommitAt: number;
  commits: number;
}

/** Who a commit counts for: the GitHub login, or the commit email when no account is linked. */
export function committerKey(node: HistoryNode): string | null {
  return node.author?.user?.login ?? node.author?.email?.toLowerCase() ?? null;
}

/** Add commits to per-committer tallies (returns a new object; the input is left alone). */
export function tallyCommitters(tallies: Readonly<Record<string, CommitterTally>>, nodes: readonly HistoryNode[]): Record<string, CommitterTally> {
  const out: Record<string, CommitterTally> = { ...tallies };
  for (const node of nodes) {
    const key = committerKey(node);
    if (key === null) continue;
    const at = ms(node.committedDate);
    const prev = out[key];
    out[key] = prev
      ? { firstCommitAt: Math.min(prev.firstCommitAt, at), lastCommitAt: Math.max(prev.lastCommitAt, at), commits: prev.commits + 1 }
      : { firstCommitAt: at, lastCommitAt: at, commits: 1 };
  }
  return out;
}

export function mapCommitters(repo: string, tallies: Readonly<Record<string, CommitterTally>>, only?: ReadonlySet<string>): Committer[] {
  return Object.entries(tallies)
    .filter(([login]) => only === undefined || only.has(login))
    .map(([login, t]) => ({ source: SOURCE, repo, login, ...t }));
}

/** Whether an environment is production under the repo's rule (case-insensitive). */
export const isProduction = (environment: string, pattern: string): boolean => new RegExp(pattern, "i").test(environment);

// ---- practices (maturity scorecard) -------------------------------------------------------------

/** Paths kept per observation; a repo with more root and second-level entries keeps the first ones, and the cut is counted. */
export const MAX_PRACTICE_PATHS = 5000;

/** Policy and cost tools, as workflow files name them (an action, an image or a command). */
const WORKFLOW_TOOLS: readonly [string, RegExp][] = [
  ["checkov", /checkov/i],
  ["conftest", /conftest/i],
  ["opa", /\bopa\b|open-policy-agent/i],
  ["tfsec", /tfsec/i],
  ["trivy", /trivy/i],
  ["infracost", /infracost/i],
];

/** The tools named in some workflow texts, in a fixed order. */
export function workflowToolsIn(texts: readonly string[]): string[] {
  return WORKFLOW_TOOLS.filter(([, pattern]) => texts.some((t) => pattern.test(t))).map(([name]) => name);
}

/** Which parts of the answer GitHub refused (a field error), so they are unknown rather than empty. */
export interface PracticeGaps {
  protection: boolean;
  rules: boolean;
  tree: boolean;
  workflows: boolean;
}

export interface MappedPractice {
  practice: RepoPractice;
  /** Paths left out past MAX_PRACTICE_PATHS. */
  pathsCut: number;
  /** Workflow files whose text GitHub did not give in full (binary or too large). */
  workflowsUnread: number;
}

/**
 * One observation of a repo's practices. Branch protection rules are only readable by an admin
 * (GitHub returns null to others): without admin rights a requirement is known only when a
 * ruleset (readable by anyone who can read the repo) states it; otherwise it is null — unknown.
 */
export function mapPractices(repo: string, data: PracticesData, observedAt: number, gaps: PracticeGaps): MappedPractice {
  const paths: string[] = [];
  for (const e of gaps.tree ? [] : (data.root?.entries ?? [])) {
    paths.push(e.type === "tree" ? `${e.name}/` : e.name);
    for (const child of e.object?.entries ?? []) paths.push(child.type === "tree" ? `${e.name}/${child.name}/` : `${e.name}/${child.name}`);
  }
  const workflowEntries = gaps.workflows ? [] : (data.workflows?.entries ?? []).filter((e) => e.type === "blob");
  for (const e of workflowEntries) paths.push(`.github/workflows/${e.name}`);
  const texts = workflowEntries.flatMap((e) => (typeof e.object?.text === "string" ? [e.object.text] : []));
  const workflowsUnread = workflowEntries.filter((e) => typeof e.object?.text !== "string" || e.object.isTruncated === true).length;

  const ref = data.defaultBranchRef;
  const rules = gaps.rules ? null : (ref?.rules?.nodes ?? []).filter((r) => r !== null);
  const rulesetContexts = new Set((rules ?? []).flatMap((r) => (r.type === "REQUIRED_STATUS_CHECKS" ? (r.parameters?.requiredStatusChecks ?? []).map((c) => c.context) : [])));
  const rulesetReviews = Math.max(0, ...(rules ?? []).map((r) => (r.type === "PULL_REQUEST" ? (r.parameters?.requiredApprovingReviewCount ?? 0) : 0)));
  const protectionReadable = !gaps.protection && data.viewerPermission === "ADMIN";
  const bpr = ref?.branchProtectionRule ?? null;
  const contexts = new Set([...rulesetContexts, ...(protectionReadable && bpr?.requiresStatusChecks ? (bpr.requiredStatusCheckContexts ?? []).filter((c): c is string => c !== null) : [])]);
  const reviews = Math.max(rulesetReviews, protectionReadable && bpr?.requiresApprovingReviews ? (bpr.requiredApprovingReviewCount ?? 0) : 0);
  // A zero is only known when both branch protection and rulesets were read; a positive count from either is evidence enough.
  const complete = protectionReadable && rules !== null;
  return {
    practice: {
      source: SOURCE,
      repo,
      observedOn: new Date(observedAt).toISOString().slice(0, 10),
      observedAt,
      paths: gaps.tree ? null : paths.slice(0, MAX_PRACTICE_PATHS),
      workflowTools: gaps.workflows ? null : workflowToolsIn(texts),
      requiredStatusChecks: ref === null ? null : contexts.size > 0 || complete ? contexts.size : null,
      requiredApprovingReviews: ref === null ? null : reviews > 0 || complete ? reviews : null,
      isTemplate: data.isTemplate,
    },
    pathsCut: Math.max(0, paths.length - MAX_PRACTICE_PATHS),
    workflowsUnread,
  };
}
