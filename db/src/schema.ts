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
/** An API token: only an HMAC of its secret part is kept (docs/decisions/0007). */
export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  hash: string;
  /** Which server secret made `hash` (a short HMAC of a fixed label under that secret). */
  key_id: string;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
}
/** One collector run, written by whichever process ran it. */
export interface CollectorRunsTable {
  id: string;
  source: string;
  started_at: Ms;
  finished_at: Ms;
  /** "success" or "failure". */
  outcome: string;
  records_written: number;
  rate_limit_waits: number;
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
  api_tokens: ApiTokensTable;
  collector_runs: CollectorRunsTable;
}
