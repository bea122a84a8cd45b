/**
 * GitHub webhooks: signature verification over the raw body, and payload → normalized rows for
 * the events that carry delivery data (deployment_status, workflow_run completed, pull_request
 * closed and merged). Pure apart from the HMAC; the server route owns HTTP, dedupe and writes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { describeValueProblems, valueProblems, type NormalizedRecord } from "@opsledger/db";
import { deploymentStatusEvent, pullRequestEvent, workflowRunEvent } from "./api-types.ts";
import { githubCollectedThrough, type CursorReader } from "./collector.ts";
import { changeId, deploymentOrigin, GHOST, mapWorkflowRun, mergeProxyDeployment, SOURCE } from "./mapper.ts";
import type { Change, DeploymentStatus } from "@opsledger/db";

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/**
 * True when `header` (X-Hub-Signature-256) is the HMAC-SHA256 of exactly these bytes under the
 * secret. Compared in constant time; anything malformed is simply false.
 */
export function verifyGithubSignature(secret: string, rawBody: Uint8Array, header: string | null | undefined): boolean {
  if (!secret || typeof header !== "string") return false;
  const m = SIGNATURE.exec(header.trim().toLowerCase());
  if (!m?.[1]) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(m[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The X-Hub-Signature-256 value GitHub would send for this body (tests, and tools that replay). */
export const signGithubPayload = (secret: string, rawBody: Uint8Array | string): string =>
  `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;

/** What a delivery is about, to tell whether the pull has already stored it in full. */
export type WebhookSubject = { repo: string; pullUpdatedAt: number } | { repo: string; deploymentId: number } | null;

export type WebhookOutcome =
  | { kind: "records"; records: NormalizedRecord[]; description: string; subject: WebhookSubject }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; reason: string };

export interface WebhookMappingOptions {
  /** The deployment source configured for a repo; "merge" turns merged PRs into proxy deployments. */
  fallback?: (repo: string) => string;
}

const ms = (iso: string) => Date.parse(iso);

function invalid(event: string, issues: { path: PropertyKey[]; message: string }[]): WebhookOutcome {
  return { kind: "invalid", reason: `not a ${event} payload: ${issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ")}` };
}

/**
 * Map one delivery, then hold its rows to the value rules every stored record obeys (a NUL in a
 * workflow name, a run_attempt past int4): a delivery that breaks them is invalid — a 400 naming
 * the field — on SQLite and Postgres alike, never a write that fails on one of them.
 */
export function mapGithubWebhook(event: string, payload: unknown, options: WebhookMappingOptions = {}): WebhookOutcome {
  const outcome = mapDelivery(event, payload, options);
  if (outcome.kind !== "records") return outcome;
  for (const record of outcome.records) {
    const problems = valueProblems(record);
    if (problems.length > 0) return { kind: "invalid", reason: `${event} payload has a value that cannot be stored: ${describeValueProblems(record, problems)}` };
  }
  return outcome;
}

/**
 * Only terminal deployment states are written: webhook order is not guaranteed, and an INACTIVE
 * or IN_PROGRESS status must never overwrite a success already stored.
 */
function mapDelivery(event: string, payload: unknown, options: WebhookMappingOptions): WebhookOutcome {
  switch (event) {
    case "ping":
      return { kind: "ignored", reason: "ping" };
    case "deployment_status": {
      const parsed = deploymentStatusEvent.safeParse(payload);
      if (!parsed.success) return invalid(event, parsed.error.issues);
      const { deployment: d, deployment_status: s, repository } = parsed.data;
      const states: Record<string, DeploymentStatus> = { success: "success", failure: "failure", error: "failure" };
      const status = states[s.state];
      if (status === undefined) return { kind: "ignored", reason: `deployment status "${s.state}" is not final` };
      return {
        kind: "records",
        description: `deployment ${d.id} ${status}`,
        subject: { repo: repository.full_name, deploymentId: d.id },
        records: [
          {
            kind: "deployment",
            source: SOURCE,
            id: String(d.id),
            repo: repository.full_name,
            environment: d.environment,
            status,
            startedAt: ms(d.created_at),
            finishedAt: ms(s.created_at),
            sha: d.sha,
            commits: null,
            rollback: /\brollback\b|\broll back\b/i.test(`${d.task ?? ""} ${d.description ?? ""}`),
            url: null,
            ...deploymentOrigin(d.creator),
          },
        ],
      };
    }
    case "workflow_run": {
      const parsed = workflowRunEvent.safeParse(payload);
      if (!parsed.success) return invalid(event, parsed.error.issues);
      if (parsed.data.action !== "completed") return { kind: "ignored", reason: `workflow_run ${parsed.data.action}` };
      const run = mapWorkflowRun(parsed.data.repository.full_name, parsed.data.workflow_run);
      if (run === null) return { kind: "ignored", reason: "workflow run has no conclusion" };
      // A run's row is the same from the pull or the webhook: nothing to protect.
      return { kind: "records", description: `workflow run ${run.id} ${run.status}`, records: [{ kind: "ci_run", ...run }], subject: null };
    }
    case "pull_request": {
      const parsed = pullRequestEvent.safeParse(payload);
      if (!parsed.success) return invalid(event, parsed.error.issues);
      const { action, pull_request: pr, repository } = parsed.data;
      if (action !== "closed" || pr.merged_at === null || pr.merge_commit_sha === null) return { kind: "ignored", reason: `pull_request ${action}${action === "closed" ? " without merge" : ""}` };
      const repo = repository.full_name;
      const change: Change = {
        source: SOURCE,
        id: changeId(repo, pr.number),
        repo,
        number: pr.number,
        author: pr.user?.login ?? GHOST,
        bot: pr.user?.type === "Bot",
        draft: pr.draft ?? false,
        createdAt: ms(pr.created_at),
        // The payload has no commit dates or reviews; the next pull fills them in.
        firstCommitAt: null,
        firstReviewAt: null,
        mergedAt: ms(pr.merged_at),
        mergeSha: pr.merge_commit_sha,
        commits: [pr.merge_commit_sha],
        labels: pr.labels.map((l) => l.name),
        title: pr.title,
        additions: pr.additions ?? null,
        deletions: pr.deletions ?? null,
        url: pr.html_url,
        // The payload counts the changed files but does not list them; the next pull does.
        files: null,
        changedFiles: pr.changed_files ?? null,
      };
      const records: NormalizedRecord[] = [{ kind: "change", ...change }];
      if (options.fallback?.(repo) === "merge" && repository.default_branch !== undefined && pr.base.ref === repository.default_branch) {
        records.push({ kind: "deployment", ...mergeProxyDeployment(change) });
      }
      return { kind: "records", description: `pull request #${pr.number} merged`, records, subject: { repo, pullUpdatedAt: ms(pr.updated_at) } };
    }
    default:
      return { kind: "ignored", reason: `event "${event}" is not used` };
  }
}

/**
 * True when the pull has already stored this delivery's subject in full (a PR updated at or before
 * the pull's watermark, a deployment at or before its checkpoint). Writing the webhook's thinner
 * payload then would drop the shipped commits, first-commit and review times the pull found.
 * Anything newer is written, and the next pull replaces it with the full record.
 */
export async function alreadyCollected(db: CursorReader, subject: WebhookSubject): Promise<boolean> {
  if (subject === null) return false;
  const through = await githubCollectedThrough(db, subject.repo);
  if ("pullUpdatedAt" in subject) return through.pullsThrough !== null && subject.pullUpdatedAt <= through.pullsThrough;
  return through.deploymentsThrough !== null && subject.deploymentId <= through.deploymentsThrough;
}
