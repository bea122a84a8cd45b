/**
 * The ingest format (DESIGN.md "Normalized model and the ingest format", docs/ingest.md): one
 * object per line, `kind` first, snake_case fields, ISO-8601 timestamps with an offset, string ids.
 * Each schema parses a line straight into the normalized model (epoch ms, camelCase).
 */
import { instantMessage, isSaneInstant } from "@opsledger/db/values";
import { z } from "zod";
import type { NormalizedRecord } from "@opsledger/db";
import { int4, keyText, pathText, repoName, repoServiceProblems, slug, text, timeZone } from "../validation.ts";

// Every string refuses NUL, key text is bounded, every integer is int4 (validation.ts): the same
// batch is stored, or refused, the same way on SQLite and Postgres.
const id = keyText.min(1, "must be a non-empty string");
const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 timestamp with an offset, e.g. 2026-03-01T12:00:00Z" })
  .transform((s) => Date.parse(s))
  .refine(isSaneInstant, instantMessage);
const optionalInstant = instant.nullish().transform((v) => v ?? null);
const optionalText = text.nullish().transform((v) => v ?? null);
const optionalId = keyText.nullish().transform((v) => v ?? null);
const source = keyText.min(1).default("ingest");
const repo = repoName;
const timezone = timeZone;
const list = z.array(id).default([]);
const positiveInt = int4.refine((n) => n > 0, "must be a positive integer");
const nonNegativeInt = int4.refine((n) => n >= 0, "must be a non-negative integer");

const team = z
  .strictObject({
    kind: z.literal("team"),
    source,
    id: slug,
    name: text.min(1),
    members: list,
    repos: z.array(repo).default([]),
    services: list,
    /** Per repo of the team, the services of the team its deployments run (change failure by time). */
    repo_services: z.record(keyText, z.array(id).min(1, "must list at least one service; leave the repo out to charge its deployments for every service of the team")).default({}),
    compliance: z.array(text.min(1)).default([]),
  })
  .superRefine((t, ctx) => {
    for (const issue of repoServiceProblems(t.repos, t.services, t.repo_services)) ctx.addIssue({ code: "custom", path: ["repo_services", ...issue.path], message: issue.message });
  })
  .transform((t) => ({
    kind: t.kind,
    source: t.source,
    id: t.id,
    name: t.name,
    members: t.members,
    repos: t.repos,
    services: t.services,
    repoServices: t.repo_services,
    compliance: t.compliance,
  }));

const person = z.strictObject({
  kind: z.literal("person"),
  source,
  id,
  name: text.min(1),
  email: text.pipe(z.email()).nullish().transform((v) => v ?? null),
  timezone,
  github: optionalText,
  pagerduty: optionalText,
});

const deployment = z
  .strictObject({
    kind: z.literal("deployment"),
    source,
    id,
    repo,
    environment: text.min(1),
    status: z.enum(["success", "failure", "cancelled", "in_progress"]),
    started_at: optionalInstant,
    finished_at: instant,
    sha: id,
    commits: z.array(id).nullish().transform((v) => v ?? null),
    rollback: z.boolean().default(false),
    url: optionalText,
    /** Source login of who started it (a person or a bot). */
    creator: optionalId,
    /** manual: a person started it by hand; automatic: a pipeline did. */
    trigger: z.enum(["manual", "automatic"]).nullish().transform((v) => v ?? null),
  })
  .transform((d) => ({
    kind: d.kind,
    source: d.source,
    id: d.id,
    repo: d.repo,
    environment: d.environment,
    status: d.status,
    startedAt: d.started_at,
    finishedAt: d.finished_at,
    sha: d.sha,
    commits: d.commits,
    rollback: d.rollback,
    url: d.url,
    creator: d.creator,
    trigger: d.trigger,
  }));

const change = z
  .strictObject({
    kind: z.literal("change"),
    source,
    id,
    repo,
    number: positiveInt,
    author: id,
    bot: z.boolean().default(false),
    draft: z.boolean().default(false),
    created_at: instant,
    first_commit_at: optionalInstant,
    first_review_at: optionalInstant,
    merged_at: instant,
    merge_sha: id,
    commits: list,
    labels: z.array(text).default([]),
    title: optionalText,
    additions: nonNegativeInt.nullish().transform((v) => v ?? null),
    deletions: nonNegativeInt.nullish().transform((v) => v ?? null),
    url: optionalText,
    /** Changed file paths; leave out when unknown. */
    files: z.array(pathText.min(1)).nullish().transform((v) => v ?? null),
    /** How many files the change touched (may exceed `files` when the list was cut short). */
    changed_files: nonNegativeInt.nullish().transform((v) => v ?? null),
  })
  .transform((c) => ({
    kind: c.kind,
    source: c.source,
    id: c.id,
    repo: c.repo,
    number: c.number,
    author: c.author,
    bot: c.bot,
    draft: c.draft,
    createdAt: c.created_at,
    firstCommitAt: c.first_commit_at,
    firstReviewAt: c.first_review_at,
    mergedAt: c.merged_at,
    mergeSha: c.merge_sha,
    commits: c.commits,
    labels: c.labels,
    title: c.title,
    additions: c.additions,
    deletions: c.deletions,
    url: c.url,
    files: c.files,
    changedFiles: c.changed_files,
  }));

const ciRun = z
  .strictObject({
    kind: z.literal("ci_run"),
    source,
    id,
    repo,
    workflow: text.min(1),
    branch: text.min(1),
    sha: id,
    event: text.min(1),
    attempt: positiveInt.default(1),
    status: z.enum(["success", "failure", "cancelled", "skipped"]),
    queued_at: optionalInstant,
    started_at: instant,
    finished_at: instant,
    url: optionalText,
    /** Login of who started this attempt (for a re-run, who re-ran it). */
    triggered_by: optionalId,
  })
  .transform((r) => ({
    kind: r.kind,
    source: r.source,
    id: r.id,
    repo: r.repo,
    workflow: r.workflow,
    branch: r.branch,
    sha: r.sha,
    event: r.event,
    attempt: r.attempt,
    status: r.status,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    url: r.url,
    triggeredBy: r.triggered_by,
  }));

const incident = z
  .strictObject({
    kind: z.literal("incident"),
    source,
    id,
    service: id,
    title: text,
    urgency: z.enum(["high", "low"]),
    priority: optionalText,
    created_at: instant,
    acknowledged_at: optionalInstant,
    resolved_at: optionalInstant,
    deployment_id: optionalId,
    fix_deployment_id: optionalId,
    url: optionalText,
  })
  .transform((i) => ({
    kind: i.kind,
    source: i.source,
    id: i.id,
    service: i.service,
    title: i.title,
    urgency: i.urgency,
    priority: i.priority,
    createdAt: i.created_at,
    acknowledgedAt: i.acknowledged_at,
    resolvedAt: i.resolved_at,
    deploymentId: i.deployment_id,
    fixDeploymentId: i.fix_deployment_id,
    url: i.url,
  }));

const alert = z
  .strictObject({
    kind: z.literal("alert"),
    source,
    id,
    service: id,
    key: text.min(1),
    incident_id: optionalId,
    created_at: instant,
    acknowledged_at: optionalInstant,
    resolved_at: optionalInstant,
    resolved_by: z.enum(["person", "system", "timeout"]).nullish().transform((v) => v ?? null),
    noise: z.boolean().default(false),
  })
  .transform((a) => ({
    kind: a.kind,
    source: a.source,
    id: a.id,
    service: a.service,
    key: a.key,
    incidentId: a.incident_id,
    createdAt: a.created_at,
    acknowledgedAt: a.acknowledged_at,
    resolvedAt: a.resolved_at,
    resolvedBy: a.resolved_by,
    noise: a.noise,
  }));

const page = z
  .strictObject({
    kind: z.literal("page"),
    source,
    id,
    person: id,
    incident_id: id,
    at: instant,
    channel: z.enum(["sms", "phone", "push", "email"]),
  })
  .transform((p) => ({ kind: p.kind, source: p.source, id: p.id, person: p.person, incidentId: p.incident_id, at: p.at, channel: p.channel }));

const oncallShift = z
  .strictObject({
    kind: z.literal("oncall_shift"),
    source,
    person: id,
    schedule: id,
    level: positiveInt.default(1),
    start: instant,
    end: instant,
  })
  .refine((s) => s.end > s.start, { message: "end must be after start", path: ["end"] });

const acknowledgement = z
  .strictObject({ kind: z.literal("acknowledgement"), source, incident_id: id, person: id, at: instant })
  .transform((a) => ({ kind: a.kind, source: a.source, incidentId: a.incident_id, person: a.person, at: a.at }));

/**
 * What a repository's default branch showed when observed (the maturity scorecard, issue 16). A
 * field left out or null was not readable, and the check it feeds says `unknown`, never `fail`.
 * One row per repo and UTC day of `observed_at`: a later line of the same day replaces it.
 */
const repoPractice = z
  .strictObject({
    kind: z.literal("repo_practice"),
    source,
    repo,
    observed_at: instant,
    /** Paths at HEAD the checks read: root entries, .github/workflows entries, infrastructure folders; folders end with "/". */
    paths: z.array(pathText).nullish().transform((v) => v ?? null),
    /** Policy and cost tools the workflows run (checkov, conftest, opa, tfsec, trivy, infracost). */
    workflow_tools: z.array(text.min(1).transform((t) => t.toLowerCase())).nullish().transform((v) => v ?? null),
    required_status_checks: nonNegativeInt.nullish().transform((v) => v ?? null),
    required_approving_reviews: nonNegativeInt.nullish().transform((v) => v ?? null),
    is_template: z.boolean().nullish().transform((v) => v ?? null),
  })
  .transform((r) => ({
    kind: r.kind,
    source: r.source,
    repo: r.repo,
    observedOn: new Date(r.observed_at).toISOString().slice(0, 10),
    observedAt: r.observed_at,
    paths: r.paths,
    workflowTools: r.workflow_tools,
    requiredStatusChecks: r.required_status_checks,
    requiredApprovingReviews: r.required_approving_reviews,
    isTemplate: r.is_template,
  }));

/** A team's dated declaration for the maturity scorecard: a backup restore test or a rollback drill. */
const maturityDeclaration = z
  .strictObject({
    kind: z.literal("maturity_declaration"),
    source,
    team: slug,
    practice: z.enum(["backup_restore_test", "rollback_drill"]),
    at: instant,
    url: optionalText,
  })
  .transform((d) => ({ kind: d.kind, source: d.source, team: d.team, practice: d.practice, at: d.at, url: d.url }));

/** One ingest line. The discriminated union reports an unknown `kind` by name. */
export const ingestRecord = z.discriminatedUnion("kind", [
  team,
  person,
  deployment,
  change,
  ciRun,
  incident,
  alert,
  page,
  oncallShift,
  acknowledgement,
  repoPractice,
  maturityDeclaration,
]);

export type IngestLine = z.input<typeof ingestRecord>;

// The schemas above must produce exactly the model the db writes; this line fails to compile if they drift.
const _modelCheck: (r: z.output<typeof ingestRecord>) => NormalizedRecord = (r) => r;
void _modelCheck;
