/**
 * The normalized model (DESIGN.md "Normalized model"): what collectors and the ingest path
 * produce and what the metric functions consume. Instants are UTC epoch milliseconds.
 * Database rows are converted to and from these types in `rows.ts` only.
 */

export type EpochMs = number;

export interface Team {
  id: string;
  source: string;
  name: string;
  members: string[];
  repos: string[];
  services: string[];
  /**
   * Per repo ("owner/name", one of `repos`), the services (of `services`) its deployments run.
   * Change failure charges a deployment of a mapped repo by time only for incidents on those
   * services; a repo left out is charged by every service of the team.
   */
  repoServices: Record<string, string[]>;
  /** Compliance targets the team declares (SOC 2, HIPAA, ISO 27001); feeds the compliance signal. */
  compliance: string[];
}

export interface Person {
  id: string;
  source: string;
  name: string;
  email: string | null;
  timezone: string;
  github: string | null;
  pagerduty: string | null;
}

export type DeploymentStatus = "success" | "failure" | "cancelled" | "in_progress";

export interface Deployment {
  source: string;
  id: string;
  repo: string;
  environment: string;
  status: DeploymentStatus;
  startedAt: EpochMs | null;
  finishedAt: EpochMs;
  sha: string;
  /** Shas shipped since the previous deployment; null when the source did not say (attribution falls back to time). */
  commits: string[] | null;
  rollback: boolean;
  url: string | null;
  /** Source login of who started it, a person or a bot; null when the source did not say. */
  creator: string | null;
  /**
   * How it started: `manual` when a person started it by hand (a GitHub Deployment created by a
   * user, a `workflow_dispatch` run), `automatic` when a pipeline did (push, schedule, a bot);
   * null when unknown.
   */
  trigger: DeploymentTrigger | null;
}

export type DeploymentTrigger = "manual" | "automatic";

export interface Change {
  source: string;
  id: string;
  repo: string;
  number: number;
  author: string;
  bot: boolean;
  draft: boolean;
  createdAt: EpochMs;
  firstCommitAt: EpochMs | null;
  firstReviewAt: EpochMs | null;
  mergedAt: EpochMs;
  mergeSha: string;
  commits: string[];
  labels: string[];
  title: string | null;
  additions: number | null;
  deletions: number | null;
  url: string | null;
  /** Changed file paths; null when the source did not say. May be fewer than `changedFiles` when paging stopped at its budget. */
  files: string[] | null;
  /** How many files the source says the change touched; null when it did not say. */
  changedFiles: number | null;
}

export type CiRunStatus = "success" | "failure" | "cancelled" | "skipped";

export interface CiRun {
  source: string;
  id: string;
  repo: string;
  workflow: string;
  branch: string;
  sha: string;
  event: string;
  attempt: number;
  status: CiRunStatus;
  queuedAt: EpochMs | null;
  startedAt: EpochMs;
  finishedAt: EpochMs;
  url: string | null;
  /** Login of who started this attempt; for a re-run, who re-ran it (GitHub's `triggering_actor`). */
  triggeredBy: string | null;
}

export type Urgency = "high" | "low";

export interface Incident {
  source: string;
  id: string;
  service: string;
  title: string;
  urgency: Urgency;
  priority: string | null;
  createdAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  /** The deployment that caused it, when known. */
  deploymentId: string | null;
  /** The deployment that fixed it, when known (feeds rework rate). */
  fixDeploymentId: string | null;
  url: string | null;
}

export type ResolvedBy = "person" | "system" | "timeout";

export interface Alert {
  source: string;
  id: string;
  service: string;
  key: string;
  incidentId: string | null;
  createdAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  resolvedBy: ResolvedBy | null;
  noise: boolean;
}

export type PageChannel = "sms" | "phone" | "push" | "email";

export interface Page {
  source: string;
  id: string;
  person: string;
  incidentId: string;
  at: EpochMs;
  channel: PageChannel;
}

export interface OncallShift {
  source: string;
  person: string;
  schedule: string;
  level: number;
  start: EpochMs;
  end: EpochMs;
}

export interface Acknowledgement {
  source: string;
  incidentId: string;
  person: string;
  at: EpochMs;
}

/**
 * Someone who committed to a repository's default branch (GitHub's active committers), for the
 * team-size signal; `login` is the GitHub login, or the commit email when the commit has no user.
 */
export interface Committer {
  source: string;
  repo: string;
  login: string;
  firstCommitAt: EpochMs;
  lastCommitAt: EpochMs;
  commits: number;
}

/**
 * What a repository's default branch showed at one observation (issue 16, the maturity
 * scorecard): the paths of interest at HEAD, the policy and cost tools its workflows run, and what
 * the default branch's protection requires. One per repository and UTC day (`observedOn`), so the
 * scorecard's history reads the snapshot of each quarter. A null field was not readable (e.g. no
 * admin rights on branch protection): the check it feeds says `unknown`, never `fail`.
 */
export interface RepoPractice {
  source: string;
  repo: string;
  /** "YYYY-MM-DD" (UTC) of `observedAt`: the natural key with source and repo. */
  observedOn: string;
  observedAt: EpochMs;
  /**
   * Paths at HEAD the checks read: root entries, `.github/workflows/` entries and the entries of
   * infrastructure folders; folders end with "/". Null when the tree was not read.
   */
  paths: string[] | null;
  /** Policy and cost tools named in the workflow files (lower case: checkov, conftest, opa, tfsec, trivy, infracost); null when the workflows were not read. */
  workflowTools: string[] | null;
  /** Required status checks on the default branch (branch protection or rulesets); null when not readable. */
  requiredStatusChecks: number | null;
  /** Required approving reviews on the default branch; null when not readable. */
  requiredApprovingReviews: number | null;
  /** GitHub marks the repository as a template; null when unknown. */
  isTemplate: boolean | null;
}

/** What a maturity declaration says was done (issue 16): no record of any source shows it. */
export type DeclaredPractice = "backup_restore_test" | "rollback_drill";

/**
 * A team's dated declaration for the maturity scorecard: a backup restore test or a rollback
 * drill that happened at `at` (stale after 90 days). Config declarations and ingested ones read
 * the same; the key is the whole record, so each test or drill is one row and history keeps them.
 */
export interface MaturityDeclaration {
  source: string;
  team: string;
  practice: DeclaredPractice;
  at: EpochMs;
  /** The evidence: a report, a ticket, a runbook run. */
  url: string | null;
}

/** Every record kind with its `kind` tag: the unit of a write batch. */
export type NormalizedRecord =
  | ({ kind: "team" } & Team)
  | ({ kind: "person" } & Person)
  | ({ kind: "deployment" } & Deployment)
  | ({ kind: "change" } & Change)
  | ({ kind: "ci_run" } & CiRun)
  | ({ kind: "incident" } & Incident)
  | ({ kind: "alert" } & Alert)
  | ({ kind: "page" } & Page)
  | ({ kind: "oncall_shift" } & OncallShift)
  | ({ kind: "acknowledgement" } & Acknowledgement)
  | ({ kind: "committer" } & Committer)
  | ({ kind: "repo_practice" } & RepoPractice)
  | ({ kind: "maturity_declaration" } & MaturityDeclaration);

export type RecordKind = NormalizedRecord["kind"];

export const RECORD_KINDS: readonly RecordKind[] = [
  "team",
  "person",
  "deployment",
  "change",
  "ci_run",
  "incident",
  "alert",
  "page",
  "oncall_shift",
  "acknowledgement",
  "committer",
  "repo_practice",
  "maturity_declaration",
];
