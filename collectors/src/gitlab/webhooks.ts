/**
 * GitLab webhooks (merge request, pipeline and deployment events): the secret token check, and
 * payload → normalized rows. Pure apart from the constant-time compare; the server route owns
 * HTTP, deduplication by the idempotency key and writes.
 *
 * GitLab sends the webhook's secret token as `X-Gitlab-Token` (no signature over the body), the
 * event as `X-Gitlab-Event`, and — the same value on every retry of one event — `Idempotency-Key`
 * (GitLab 17.4+; older versions send `X-Gitlab-Event-UUID`, also stable across retries).
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { describeValueProblems, valueProblems, type Change, type NormalizedRecord } from "@opsledger/db";
import { deploymentHook, mergeRequestHook, pipelineHook, type JobNode } from "./api-types.ts";
import { gitlabCollectedThrough } from "./collector.ts";
import { changeId, ciStatus, deploymentStatus, GHOST, isBotUser, mapPipeline, repoOf, SOURCE } from "./mapper.ts";

/** True when the `X-Gitlab-Token` header is the configured secret (compared in constant time, by digest). */
export function verifyGitlabToken(secret: string, header: string | null | undefined): boolean {
  if (!secret || typeof header !== "string" || header === "") return false;
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(secret), digest(header));
}

/** The key a delivery is deduplicated by: `Idempotency-Key`, else `X-Gitlab-Event-UUID`; null when neither is sent. */
export function gitlabDeliveryKey(headers: { idempotencyKey?: string | null; eventUuid?: string | null }): string | null {
  const key = headers.idempotencyKey?.trim() || headers.eventUuid?.trim() || "";
  return key === "" ? null : key;
}

/**
 * GitLab's webhook timestamps come in three forms across events and versions: ISO-8601,
 * `2016-08-12 15:23:28 UTC` (pipeline events) and `2021-04-28 21:50:00 +0200` (deployment events).
 */
export function hookTime(value: string): number | null {
  const v = value.trim();
  const utc = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(v);
  if (utc) return Date.parse(`${utc[1]}T${utc[2]}Z`);
  const offset = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2}):?(\d{2})$/.exec(v);
  if (offset) return Date.parse(`${offset[1]}T${offset[2]}${offset[3]}:${offset[4]}`);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** What a delivery is about, to tell whether the pull has already stored it in full. */
export type GitlabWebhookSubject = { repo: string; stream: "merge_requests" | "pipelines" | "deployments"; at: number };

export type GitlabWebhookOutcome =
  | { kind: "records"; records: NormalizedRecord[]; description: string; subject: GitlabWebhookSubject }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; reason: string };

function invalid(event: string, issues: { path: PropertyKey[]; message: string }[]): GitlabWebhookOutcome {
  return { kind: "invalid", reason: `not a GitLab ${event} payload: ${issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ")}` };
}

const badTime = (event: string, field: string, value: string): GitlabWebhookOutcome => ({ kind: "invalid", reason: `not a GitLab ${event} payload: ${field}: "${value}" is not a time` });

/**
 * Map one delivery, then hold its rows to the value rules every stored record obeys: a delivery
 * that breaks them is invalid (a 400 naming the field) on SQLite and Postgres alike.
 */
export function mapGitlabWebhook(event: string, payload: unknown): GitlabWebhookOutcome {
  const outcome = mapDelivery(event, payload);
  if (outcome.kind !== "records") return outcome;
  for (const record of outcome.records) {
    const problems = valueProblems(record);
    if (problems.length > 0) return { kind: "invalid", reason: `cannot be stored: ${describeValueProblems(record, problems)}` };
  }
  return outcome;
}

function mapDelivery(event: string, payload: unknown): GitlabWebhookOutcome {
  switch (event) {
    case "Merge Request Hook":
      return mapMergeRequestHook(payload);
    case "Pipeline Hook":
      return mapPipelineHook(payload);
    case "Deployment Hook":
      return mapDeploymentHook(payload);
    default:
      return { kind: "ignored", reason: `event "${event}" carries nothing opsledger reads (merge request, pipeline and deployment events do)` };
  }
}

/**
 * A merge: a Change from what the event carries. It names the author only by id, so the author
 * is the merging user when they are the same person, else `gitlab-user:<id>` until the pull
 * reads the merge request in full (with its commits, notes and paths) and replaces the row.
 */
function mapMergeRequestHook(payload: unknown): GitlabWebhookOutcome {
  const parsed = mergeRequestHook.safeParse(payload);
  if (!parsed.success) return invalid("merge request event", parsed.error.issues);
  const { object_attributes: mr, project, user, labels } = parsed.data;
  if (mr.action !== "merge" || mr.state !== "merged") return { kind: "ignored", reason: `merge request ${mr.action ?? mr.state}: only merges are recorded` };
  const repo = repoOf(project.path_with_namespace);
  const created = hookTime(mr.created_at);
  const updated = hookTime(mr.updated_at);
  if (created === null) return badTime("merge request event", "object_attributes.created_at", mr.created_at);
  if (updated === null) return badTime("merge request event", "object_attributes.updated_at", mr.updated_at);
  const mergeSha = mr.merge_commit_sha ?? mr.last_commit?.id ?? null;
  if (mergeSha === null) return { kind: "ignored", reason: "merged merge request without a merge sha (read by the pull instead)" };
  // The event names the author by id only: the sender is the author when the ids agree; otherwise a
  // placeholder that charges nobody until the pull stores the merge request with its author.
  const author = user != null && (mr.author_id == null || user.id === mr.author_id) ? user.username : mr.author_id != null ? `gitlab-user:${mr.author_id}` : GHOST;
  const change: Change = {
    source: SOURCE,
    id: changeId(repo, mr.iid),
    repo,
    number: mr.iid,
    author,
    bot: author === user?.username && isBotUser(user),
    draft: mr.draft ?? false,
    createdAt: created,
    firstCommitAt: null,
    firstReviewAt: null,
    mergedAt: updated,
    mergeSha,
    commits: mr.last_commit ? [mr.last_commit.id] : [],
    labels: (labels ?? []).map((l) => l.title),
    title: mr.title,
    additions: null,
    deletions: null,
    url: mr.url ?? null,
    files: null,
    changedFiles: null,
  };
  return { kind: "records", records: [{ kind: "change", ...change }], description: `merge request !${mr.iid} of ${repo} merged`, subject: { repo, stream: "merge_requests", at: updated } };
}

/** A finished pipeline: one CI run per attempt, attempts told apart by repeated job names as in the pull. */
function mapPipelineHook(payload: unknown): GitlabWebhookOutcome {
  const parsed = pipelineHook.safeParse(payload);
  if (!parsed.success) return invalid("pipeline event", parsed.error.issues);
  const { object_attributes: p, project, user, builds } = parsed.data;
  if (ciStatus(p.status) === null) return { kind: "ignored", reason: `pipeline ${p.status}: recorded once it has finished` };
  const repo = repoOf(project.path_with_namespace);
  const created = hookTime(p.created_at);
  if (created === null) return badTime("pipeline event", "object_attributes.created_at", p.created_at);
  const finished = p.finished_at ? hookTime(p.finished_at) : null;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const jobs: JobNode[] = (builds ?? []).map((b) => {
    const started = b.started_at ? hookTime(b.started_at) : null;
    const done = b.finished_at ? hookTime(b.finished_at) : null;
    return { id: `gid://gitlab/Ci::Build/${b.id}`, name: b.name, status: b.status, retried: null, allowFailure: b.allow_failure ?? false, createdAt: iso(created) ?? new Date(0).toISOString(), queuedAt: null, startedAt: iso(started), finishedAt: iso(done) };
  });
  const retriedBy = new Map((builds ?? []).flatMap((b) => (b.user ? [[b.id, b.user.username] as const] : [])));
  const startedAt = jobs.map((j) => j.startedAt).filter((t): t is string => t !== null).sort()[0] ?? null;
  const runs = mapPipeline(
    repo,
    {
      id: String(p.id),
      iid: String(p.id),
      sha: p.sha,
      ref: p.ref,
      status: p.status,
      source: p.source ?? null,
      name: p.name ?? null,
      path: null,
      createdAt: iso(created) ?? "",
      updatedAt: iso(finished ?? created) ?? "",
      startedAt,
      finishedAt: iso(finished),
      user: user ? { username: user.username } : null,
      jobs: null,
    },
    jobs,
    retriedBy,
  ).map((r) => ({ ...r, url: p.url ?? null }));
  return { kind: "records", records: runs.map((r): NormalizedRecord => ({ kind: "ci_run", ...r })), description: `pipeline ${p.id} of ${repo} ${p.status}`, subject: { repo, stream: "pipelines", at: finished ?? created } };
}

/** A deployment's status change: the Deployment without its commit list (the pull's compare adds it). */
function mapDeploymentHook(payload: unknown): GitlabWebhookOutcome {
  const parsed = deploymentHook.safeParse(payload);
  if (!parsed.success) return invalid("deployment event", parsed.error.issues);
  const d = parsed.data;
  const repo = repoOf(d.project.path_with_namespace);
  const at = hookTime(d.status_changed_at);
  if (at === null) return badTime("deployment event", "status_changed_at", d.status_changed_at);
  const sha = /\/commit\/([0-9a-f]{40})$/.exec(d.commit_url ?? "")?.[1] ?? null;
  if (sha === null) return { kind: "ignored", reason: "deployment event without a full commit sha (read by the pull instead)" };
  const { status } = deploymentStatus(d.status);
  const who = d.user ?? null;
  const records: NormalizedRecord[] = [
    {
      kind: "deployment",
      source: SOURCE,
      id: String(d.deployment_id),
      repo,
      environment: d.environment,
      status,
      startedAt: null,
      finishedAt: at,
      sha,
      commits: null,
      rollback: false,
      url: null,
      creator: who?.username ?? null,
      // The event does not say what started the pipeline; the pull fills in manual or automatic.
      trigger: who !== null && isBotUser(who) ? "automatic" : null,
    },
  ];
  return { kind: "records", records, description: `deployment ${d.deployment_id} of ${repo} to ${d.environment}: ${d.status}`, subject: { repo, stream: "deployments", at } };
}

/** True when the pull has already stored this delivery's subject in full (a newer or equal watermark). */
export async function gitlabAlreadyCollected(db: Parameters<typeof gitlabCollectedThrough>[0], subject: GitlabWebhookSubject): Promise<boolean> {
  const through = await gitlabCollectedThrough(db, subject.repo);
  const mark = subject.stream === "merge_requests" ? through.mergeRequestsThrough : subject.stream === "pipelines" ? through.pipelinesThrough : through.deploymentsThrough;
  return mark !== null && subject.at <= mark;
}
