/**
 * Table types for Kysely: the one place that knows column names. Instants are epoch
 * milliseconds (bigint columns, parsed to number); booleans are 0/1 integers and lists are JSON
 * text, so the same rows read the same on SQLite and Postgres.
 */
type Ms = number;
type Flag = number;

export interface TeamsTable {
  id: string;
  source: string;
  name: string;
  compliance: string;
}
export interface TeamMembersTable {
  team_id: string;
  person_id: string;
}
export interface TeamReposTable {
  team_id: string;
  repo: string;
}
export interface TeamServicesTable {
  team_id: string;
  service: string;
}
/** A repo of the team and one of the team's services its deployments run (none: every service). */
export interface TeamRepoServicesTable {
  team_id: string;
  repo: string;
  service: string;
}
export interface PeopleTable {
  id: string;
  source: string;
  name: string;
  email: string | null;
  timezone: string;
  github: string | null;
  pagerduty: string | null;
}
export interface DeploymentsTable {
  source: string;
  id: string;
  repo: string;
  environment: string;
  status: string;
  started_at: Ms | null;
  finished_at: Ms;
  sha: string;
  /** 1 when the source listed the shipped commits (even none), 0 when it did not say. */
  has_commit_list: Flag;
  rollback: Flag;
  url: string | null;
}
export interface DeploymentCommitsTable {
  source: string;
  deployment_id: string;
  sha: string;
}
export interface ChangesTable {
  source: string;
  id: string;
  repo: string;
  number: number;
  author: string;
  bot: Flag;
  draft: Flag;
  created_at: Ms;
  first_commit_at: Ms | null;
  first_review_at: Ms | null;
  merged_at: Ms;
  merge_sha: string;
  labels: string;
  title: string | null;
  additions: number | null;
  deletions: number | null;
  url: string | null;
}
export interface ChangeCommitsTable {
  source: string;
  change_id: string;
  sha: string;
}
export interface CiRunsTable {
  source: string;
  id: string;
  repo: string;
  workflow: string;
  branch: string;
  sha: string;
  event: string;
  attempt: number;
  status: string;
  queued_at: Ms | null;
  started_at: Ms;
  finished_at: Ms;
  url: string | null;
}
export interface IncidentsTable {
  source: string;
  id: string;
  service: string;
  title: string;
  urgency: string;
  priority: string | null;
  created_at: Ms;
  acknowledged_at: Ms | null;
  resolved_at: Ms | null;
  deployment_id: string | null;
  fix_deployment_id: string | null;
  url: string | null;
}
export interface AlertsTable {
  source: string;
  id: string;
  service: string;
  key: string;
  incident_id: string | null;
  created_at: Ms;
  acknowledged_at: Ms | null;
  resolved_at: Ms | null;
  resolved_by: string | null;
  noise: Flag;
}
export interface PagesTable {
  source: string;
  id: string;
  person: string;
  incident_id: string;
  at: Ms;
  channel: string;
}
export interface OncallShiftsTable {
  source: string;
  person: string;
  schedule: string;
  level: number;
  start_at: Ms;
  end_at: Ms;
}
export interface AcknowledgementsTable {
  source: string;
  incident_id: string;
  person: string;
  at: Ms;
}
export interface CommittersTable {
  source: string;
  repo: string;
  login: string;
  first_commit_at: Ms;
  last_commit_at: Ms;
  commits: number;
}
/** Collector cursors: one row per (source, stream, scope), e.g. ("github", "pull_requests", "acme/api"). */
export interface SyncStateTable {
  source: string;
  stream: string;
  scope: string;
  cursor: string;
  updated_at: Ms;
}
/** Webhook deliveries already applied, so a replayed delivery changes nothing. */
export interface WebhookDeliveriesTable {
  source: string;
  delivery_id: string;
  received_at: Ms;
}
/** One counter per record kind, moved by every write of that kind (queries/dataVersions.ts). */
export interface DataVersionsTable {
  kind: string;
  version: number;
}
/** The state of one notification rule for one scope (a team, a person of a team, the org). */
export interface NotificationStatesTable {
  rule_id: string;
  scope: string;
  /** ok | pending (holding, fewer than `for` evaluations in a row) | firing */
  state: string;
  /** Evaluations in a row the condition has held. */
  streak: number;
  value: number | null;
  count: number | null;
  threshold: number | null;
  /** Why the last evaluation came out as it did, in words. */
  reason: string;
  /** When the current state began. */
  since: Ms;
  last_evaluated_at: Ms;
  last_notified_at: Ms | null;
  /** Moved by every update: a writer that read an older version lost a race and changes nothing. */
  version: number;
}
/** One evaluation of every rule (scheduled, from the CLI, …). */
export interface NotificationRunsTable {
  id: string;
  trigger: string;
  started_at: Ms;
  finished_at: Ms | null;
  scopes: number;
  fired: number;
  resolved: number;
  reminded: number;
  error: string | null;
}
/** A notification decided on: a rule firing, resolving or reminding, a digest, a test. */
export interface NotificationsTable {
  id: string;
  /** What makes it the same notification (a rule's transition, a team's digest for a week): written once. */
  dedupe_key: string;
  kind: string;
  rule_id: string | null;
  scope: string | null;
  team_id: string | null;
  created_at: Ms;
  title: string;
  /** The message as JSON, rendered per channel when sent. */
  message: string;
}
/** One notification on one channel: pending → sending → delivered | failed. */
export interface NotificationDeliveriesTable {
  notification_id: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  /** When a sender took it; a claim older than the lease is taken again (the sender died). */
  claimed_at: Ms | null;
  delivered_at: Ms | null;
  updated_at: Ms;
}
export interface Database {
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_repos: TeamReposTable;
  team_services: TeamServicesTable;
  team_repo_services: TeamRepoServicesTable;
  people: PeopleTable;
  deployments: DeploymentsTable;
  deployment_commits: DeploymentCommitsTable;
  changes: ChangesTable;
  change_commits: ChangeCommitsTable;
  ci_runs: CiRunsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  pages: PagesTable;
  oncall_shifts: OncallShiftsTable;
  acknowledgements: AcknowledgementsTable;
  committers: CommittersTable;
  sync_state: SyncStateTable;
  webhook_deliveries: WebhookDeliveriesTable;
  data_versions: DataVersionsTable;
  notification_states: NotificationStatesTable;
  notification_runs: NotificationRunsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
}
