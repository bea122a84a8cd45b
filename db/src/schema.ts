/**
 * Table types for Kysely: the one place that knows column names. Instants are epoch
 * milliseconds (bigint columns, parsed to number); booleans are 0/1 integers and lists are JSON
 * text, so the same rows read the same on SQLite and Postgres.
 */
import type { Generated } from "kysely";

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
  creator: string | null;
  /** manual | automatic | null */
  trigger: string | null;
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
  /** How many files the source says the change touched. */
  changed_files: number | null;
  /** 1 when the source listed the changed files (even none), 0 when it did not say. */
  has_file_list: Flag;
}
export interface ChangeCommitsTable {
  source: string;
  change_id: string;
  sha: string;
}
export interface ChangeFilesTable {
  source: string;
  change_id: string;
  path: string;
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
  triggered_by: string | null;
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
/** A repository's practices on one UTC day (model: RepoPractice); NULL = not readable. */
export interface RepoPracticesTable {
  source: string;
  repo: string;
  observed_on: string;
  observed_at: Ms;
  /** JSON list of paths at HEAD. */
  paths: string | null;
  /** JSON list of tool names. */
  workflow_tools: string | null;
  required_status_checks: number | null;
  required_approving_reviews: number | null;
  is_template: Flag | null;
}
/** A team's dated maturity declaration (model: MaturityDeclaration). */
export interface MaturityDeclarationsTable {
  source: string;
  team_id: string;
  practice: string;
  at: Ms;
  url: string | null;
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
// ---------------------------------------------------------------- the read model
// Derived from the records by the deriver (server/src/derive), never written by anything else;
// `opsledger rederive` rebuilds all of it. docs/decisions/0012-read-model.md.

/** Keys a write touched, one row per kind and batch, until the deriver has brought the facts up to date. */
export interface DeriveQueueTable {
  id: Generated<number>;
  kind: string;
  /** JSON list of the natural keys written (see queries/deriveQueue.ts). */
  keys: string;
  enqueued_at: Ms;
}
/** Named values of the deriver: the fingerprint of the settings facts were derived with, the lease. */
export interface DeriveStateTable {
  name: string;
  value: string;
}
/** Moved whenever a team's facts or rollups change, so cached results of that team are dropped and no other. */
export interface TeamVersionsTable {
  team_id: string;
  version: number;
}
/** login → person: a login is the person whose `github` it is, else the person with that id. */
export interface FactIdentitiesTable {
  login: string;
  person: string;
}
/** Production deployments (status success, environment matching the repo's pattern). */
export interface FactDeploysTable {
  source: string;
  id: string;
  repo: string;
  /** The environment as the production pattern compares it (lower case, trimmed). */
  environment: string;
  sha: string;
  deployed_at: Ms;
  rollback: Flag;
  has_commit_list: Flag;
  creator: string | null;
  trigger: string | null;
}
/** CI per repo, ISO week and workflow (migration 2026-12-19T0500); durations and queues are sorted float64s in base64. */
export interface RollupCiWorkflowWeekTable {
  repo: string;
  week_start: Ms;
  workflow: string;
  success: number;
  failure: number;
  cancelled: number;
  skipped: number;
  pairs: number;
  flaky: number;
  negative: number;
  durations: string;
  queues: string;
}
/** Per repo, UTC day (00:00 UTC) and workflow: the columns of `rollup_ci_workflow_week`, for the days of a window's edge weeks. */
export type RollupCiWorkflowDayTable = Omit<RollupCiWorkflowWeekTable, "week_start"> & { day_start: Ms };
/** What the maturity scorecard asks of each production deployment (migration 2026-12-19T0400). */
export interface FactDeployFlagsTable {
  source: string;
  id: string;
  repo: string;
  /** What the scorecard counts of the deployment, beside its flags, so a window reads one index (fact_deploy_flags_window). */
  deployed_at: Ms;
  rollback: number;
  trigger: string | null;
  creator: string | null;
  /** Without a sha or without the list of commits it shipped (metrics/maturity.ts isUntraced). */
  untraced: number;
  /** The latest successful staging run of the same repo and sha at or before it. */
  staged_at: Ms | null;
  /** When production last ran its sha, if another sha was running in between. */
  redeploy_since: Ms | null;
}
/** Each merged change with its attributed production deployment and lead-time parts (minutes). */
export interface FactChangesTable {
  source: string;
  id: string;
  repo: string;
  author: string;
  merged_at: Ms;
  /** Start of work: the earlier of first commit and creation. */
  started_at: Ms;
  excluded: string | null;
  /** Marked as a production fix (rework patterns on labels or title). */
  fix: Flag;
  /** Share of the change that is operations work, 0..1. */
  ops_fraction: number;
  deployment_source: string | null;
  deployment_id: string | null;
  deployed_at: Ms | null;
  attribution: string | null;
  coding_minutes: number | null;
  pickup_minutes: number | null;
  review_minutes: number | null;
  deploy_minutes: number | null;
  total_minutes: number | null;
  negative: Flag;
}
/** Each production deployment of a team's repos with its failure and rework classification. */
export interface FactTeamDeploysTable {
  team_id: string;
  source: string;
  id: string;
  repo: string;
  deployed_at: Ms;
  failed: Flag;
  /** JSON FailureCause[]. */
  failures: string;
  rolled_back_by: string | null;
  recovery_minutes: number | null;
  recovery_note: string | null;
  rework: Flag;
  /** JSON ReworkReason[]. */
  rework_because: string;
  /** JSON list of the ids of the changes it shipped. */
  change_ids: string;
}
/** Incidents charged to (or named as the fix of) a team's deployment: the way back from an incident to the facts it shaped. */
export interface FactDeployLinksTable {
  team_id: string;
  deploy_source: string;
  deploy_id: string;
  incident_id: string;
}
export interface FactIncidentsTable {
  source: string;
  id: string;
  service: string;
  created_at: Ms;
  resolved_at: Ms | null;
  first_ack_at: Ms | null;
  restore_minutes: number | null;
  ack_minutes: number | null;
  negative: Flag;
}
export interface FactAlertsTable {
  source: string;
  id: string;
  service: string;
  key: string;
  created_at: Ms;
  noise_reason: string | null;
  acknowledged: Flag;
  /** created → resolved of an actionable alert. */
  fix_minutes: number | null;
  resolved_at: Ms | null;
  /** person, system or timeout. */
  resolved_by: string | null;
  /** Minutes since the previous alert of the key fired, when that was less than 24 h before. */
  previous_gap_minutes: number | null;
}
export interface FactCiRunsTable {
  source: string;
  id: string;
  repo: string;
  workflow: string;
  sha: string;
  started_at: Ms;
  status: string;
  duration_minutes: number | null;
  queue_minutes: number | null;
  /** The first run of its (repo, workflow, sha) pair: the pair is counted in this run's week. */
  first_of_pair: Flag;
  /** Its pair's first attempt failed and a later attempt succeeded. */
  pair_flaky: Flag;
  negative: Flag;
}
/** Every page, banded in the person's zone; `counted` marks the interruptions. */
export interface FactInterruptionsTable {
  source: string;
  page_id: string;
  person: string;
  incident_id: string;
  at: Ms;
  band: string;
  timezone: string;
  /** 0 when the person (or their zone) is unknown and the page was banded in UTC. */
  zone_known: Flag;
  /** 1 for an interruption; 0 for an email, or a page folded into an earlier one (kept, so a later write can find where the page was). */
  counted: Flag;
  merged: number;
}
/** One item of the ops-work ledger. */
export interface FactLedgerTable {
  person: string;
  category: string;
  record_kind: string;
  record_source: string;
  record_id: string;
  at: Ms;
  minutes: number;
  count: number;
  estimated: Flag;
}
/** Per team, ISO week and measure: the week's values sorted ascending (little-endian float64s, base64). */
export interface RollupTeamWeekValuesTable {
  team_id: string;
  week_start: Ms;
  measure: string;
  n: number;
  sorted: string;
}
/** Per team and ISO week (Monday 00:00 UTC): the ingredients of every weekly figure. */
export interface RollupTeamWeekTable {
  team_id: string;
  week_start: Ms;
  deployments: number;
  /** Bit d (0 = Monday) set when a production deployment landed on that UTC day. */
  deploy_days: number;
  failed: number;
  reworked: number;
  unrecovered: number;
  recovery_negative: number;
  recovery_n: number;
  recovery_median: number | null;
  lead_n: number;
  coding_n: number;
  pickup_n: number;
  review_n: number;
  deploy_n: number;
  lead_by_time: number;
  lead_bot: number;
  lead_draft: number;
  lead_negative: number;
  never_deployed: number;
  lead_median: number | null;
  coding_median: number | null;
  pickup_median: number | null;
  review_median: number | null;
  deploy_median: number | null;
  ci_runs: number;
  ci_success: number;
  ci_failure: number;
  ci_cancelled: number;
  ci_skipped: number;
  ci_duration_n: number;
  ci_pairs: number;
  ci_flaky: number;
  ci_negative: number;
  ci_queue_n: number;
  ci_duration_median: number | null;
  ci_queue_median: number | null;
  incidents: number;
  restore_n: number;
  unresolved: number;
  incident_negative: number;
  ack_n: number;
  restore_median: number | null;
  ack_median: number | null;
  alerts: number;
  noise: number;
  noise_marked: number;
  noise_auto: number;
  noise_repeat: number;
  fix_n: number;
  fix_median: number | null;
}
/** Per team and UTC day (00:00 UTC): the columns of `rollup_team_week`, for the days of a window's edge weeks. */
export type RollupTeamDayTable = Omit<RollupTeamWeekTable, "week_start"> & { day_start: Ms };
/** Per team, UTC day and measure: the day's values sorted ascending, encoded as in `rollup_team_week_values`. */
export type RollupTeamDayValuesTable = Omit<RollupTeamWeekValuesTable, "week_start"> & { day_start: Ms };
/** Per service, ISO week (Monday 00:00 UTC) and alert key: alerts created and how many were noise. */
export interface RollupAlertKeyWeekTable {
  service: string;
  week_start: Ms;
  key: string;
  alerts: number;
  noise: number;
  acknowledged: number;
  self_cleared: number;
  last_at: Ms;
  last_id: string;
  /** Sorted values encoded as in `rollup_team_week_values`: re-fire gaps, self-cleared minutes open, creation times. */
  refire_gaps: string;
  self_cleared_open: string;
  times: string;
}
/** Per service, UTC day (00:00 UTC) and alert key: the columns of `rollup_alert_key_week`, for the days of a window's edge weeks. */
export type RollupAlertKeyDayTable = Omit<RollupAlertKeyWeekTable, "week_start"> & { day_start: Ms };
/** Per person and ISO week: the ledger by category, interruptions by band, whether on call. */
/** The ledger's columns in the person and team rollups: minutes and counts per category, and author minutes on all changes. */
export interface LedgerColumns {
  alerts_minutes: number;
  alerts_count: number;
  incidents_minutes: number;
  incidents_count: number;
  pipeline_minutes: number;
  pipeline_count: number;
  deployments_minutes: number;
  deployments_count: number;
  ops_changes_minutes: number;
  ops_changes_count: number;
  /** Estimated author minutes on all changes (ops and product): the investment view's denominator. */
  changes_minutes: number;
  changes_count: number;
}
export interface RollupPersonWeekTable extends LedgerColumns {
  person: string;
  week_start: Ms;
  on_call: Flag;
  business: number;
  off_hours: number;
  sleep: number;
  /** Pages folded into an earlier one within 60 s; interruptions banded in UTC for want of a zone. */
  merged: number;
  zone_unknown: number;
  /** Email notifications (not interruptions); acknowledgements of unknown incidents, or after their resolution. */
  emails: number;
  acks_orphan: number;
  acks_negative: number;
  engaged_minutes: number;
}
/** Per person and UTC day (00:00 UTC): the columns of `rollup_person_week`, for the days of a window's edge weeks. */
export type RollupPersonDayTable = Omit<RollupPersonWeekTable, "week_start"> & { day_start: Ms };
/** Per team and ISO week: its members' `rollup_person_week` ledger columns summed, and how many members had anything in the week. */
export interface RollupTeamLedgerWeekTable extends LedgerColumns {
  team_id: string;
  week_start: Ms;
  active: number;
  /** JSON: [[person, alerts, incidents, pipeline, deployments, ops_changes] minutes, …], members with any, in id order. */
  people: string;
}
/** Per team and UTC day: the columns of `rollup_team_ledger_week`, for the days of a window's edge weeks. */
export type RollupTeamLedgerDayTable = Omit<RollupTeamLedgerWeekTable, "week_start"> & { day_start: Ms };
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
  change_files: ChangeFilesTable;
  ci_runs: CiRunsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  pages: PagesTable;
  oncall_shifts: OncallShiftsTable;
  acknowledgements: AcknowledgementsTable;
  committers: CommittersTable;
  repo_practices: RepoPracticesTable;
  maturity_declarations: MaturityDeclarationsTable;
  sync_state: SyncStateTable;
  webhook_deliveries: WebhookDeliveriesTable;
  derive_queue: DeriveQueueTable;
  derive_state: DeriveStateTable;
  team_versions: TeamVersionsTable;
  fact_identities: FactIdentitiesTable;
  fact_deploys: FactDeploysTable;
  fact_deploy_flags: FactDeployFlagsTable;
  fact_changes: FactChangesTable;
  fact_team_deploys: FactTeamDeploysTable;
  fact_deploy_links: FactDeployLinksTable;
  fact_incidents: FactIncidentsTable;
  fact_alerts: FactAlertsTable;
  fact_ci_runs: FactCiRunsTable;
  fact_interruptions: FactInterruptionsTable;
  fact_ledger: FactLedgerTable;
  rollup_team_week: RollupTeamWeekTable;
  rollup_team_week_values: RollupTeamWeekValuesTable;
  rollup_ci_workflow_week: RollupCiWorkflowWeekTable;
  rollup_ci_workflow_day: RollupCiWorkflowDayTable;
  rollup_team_day: RollupTeamDayTable;
  rollup_team_day_values: RollupTeamDayValuesTable;
  rollup_person_week: RollupPersonWeekTable;
  rollup_person_day: RollupPersonDayTable;
  rollup_team_ledger_week: RollupTeamLedgerWeekTable;
  rollup_team_ledger_day: RollupTeamLedgerDayTable;
  rollup_alert_key_week: RollupAlertKeyWeekTable;
  rollup_alert_key_day: RollupAlertKeyDayTable;
  notification_states: NotificationStatesTable;
  notification_runs: NotificationRunsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  api_tokens: ApiTokensTable;
  collector_runs: CollectorRunsTable;
}
