/**
 * The one place where database rows become model objects and back: flags to booleans,
 * JSON text to lists, snake_case to camelCase.
 */
import type { Selectable, Insertable } from "kysely";
import type {
  Acknowledgement,
  Alert,
  Change,
  CiRun,
  Committer,
  RepoPractice,
  MaturityDeclaration,
  DeclaredPractice,
  Deployment,
  Incident,
  OncallShift,
  Page,
  Person,
} from "./model.ts";
import type {
  AcknowledgementsTable,
  AlertsTable,
  ChangesTable,
  CiRunsTable,
  CommittersTable,
  RepoPracticesTable,
  MaturityDeclarationsTable,
  DeploymentsTable,
  IncidentsTable,
  OncallShiftsTable,
  PagesTable,
  PeopleTable,
} from "./schema.ts";

const flag = (value: boolean): number => (value ? 1 : 0);
const parseList = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map(String) : [];
};

export const personToRow = (p: Person): Insertable<PeopleTable> => ({
  id: p.id,
  source: p.source,
  name: p.name,
  email: p.email,
  timezone: p.timezone,
  github: p.github,
  pagerduty: p.pagerduty,
});
export const personFromRow = (r: Selectable<PeopleTable>): Person => ({ ...r });

export const deploymentToRow = (d: Deployment): Insertable<DeploymentsTable> => ({
  source: d.source,
  id: d.id,
  repo: d.repo,
  environment: d.environment,
  status: d.status,
  started_at: d.startedAt,
  finished_at: d.finishedAt,
  sha: d.sha,
  has_commit_list: flag(d.commits !== null),
  rollback: flag(d.rollback),
  url: d.url,
  creator: d.creator,
  trigger: d.trigger,
});
export const deploymentFromRow = (r: Selectable<DeploymentsTable>, commits: string[]): Deployment => ({
  source: r.source,
  id: r.id,
  repo: r.repo,
  environment: r.environment,
  status: r.status as Deployment["status"],
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  sha: r.sha,
  commits: r.has_commit_list ? commits : null,
  rollback: r.rollback === 1,
  url: r.url,
  creator: r.creator,
  trigger: r.trigger === "manual" || r.trigger === "automatic" ? r.trigger : null,
});

export const changeToRow = (c: Change): Insertable<ChangesTable> => ({
  source: c.source,
  id: c.id,
  repo: c.repo,
  number: c.number,
  author: c.author,
  bot: flag(c.bot),
  draft: flag(c.draft),
  created_at: c.createdAt,
  first_commit_at: c.firstCommitAt,
  first_review_at: c.firstReviewAt,
  merged_at: c.mergedAt,
  merge_sha: c.mergeSha,
  labels: JSON.stringify(c.labels),
  title: c.title,
  additions: c.additions,
  deletions: c.deletions,
  url: c.url,
  changed_files: c.changedFiles,
  has_file_list: flag(c.files !== null),
});
/** `files` are the change's change_files paths (none read: [] — the row still says whether the source listed them). */
export const changeFromRow = (r: Selectable<ChangesTable>, commits: string[], files: string[] = []): Change => ({
  source: r.source,
  id: r.id,
  repo: r.repo,
  number: r.number,
  author: r.author,
  bot: r.bot === 1,
  draft: r.draft === 1,
  createdAt: r.created_at,
  firstCommitAt: r.first_commit_at,
  firstReviewAt: r.first_review_at,
  mergedAt: r.merged_at,
  mergeSha: r.merge_sha,
  commits,
  labels: parseList(r.labels),
  title: r.title,
  additions: r.additions,
  deletions: r.deletions,
  url: r.url,
  files: r.has_file_list ? files : null,
  changedFiles: r.changed_files,
});

export const ciRunToRow = (c: CiRun): Insertable<CiRunsTable> => ({
  source: c.source,
  id: c.id,
  repo: c.repo,
  workflow: c.workflow,
  branch: c.branch,
  sha: c.sha,
  event: c.event,
  attempt: c.attempt,
  status: c.status,
  queued_at: c.queuedAt,
  started_at: c.startedAt,
  finished_at: c.finishedAt,
  url: c.url,
  triggered_by: c.triggeredBy,
});
export const ciRunFromRow = (r: Selectable<CiRunsTable>): CiRun => ({
  source: r.source,
  id: r.id,
  repo: r.repo,
  workflow: r.workflow,
  branch: r.branch,
  sha: r.sha,
  event: r.event,
  attempt: r.attempt,
  status: r.status as CiRun["status"],
  queuedAt: r.queued_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  url: r.url,
  triggeredBy: r.triggered_by,
});

export const incidentToRow = (i: Incident): Insertable<IncidentsTable> => ({
  source: i.source,
  id: i.id,
  service: i.service,
  title: i.title,
  urgency: i.urgency,
  priority: i.priority,
  created_at: i.createdAt,
  acknowledged_at: i.acknowledgedAt,
  resolved_at: i.resolvedAt,
  deployment_id: i.deploymentId,
  fix_deployment_id: i.fixDeploymentId,
  url: i.url,
});
export const incidentFromRow = (r: Selectable<IncidentsTable>): Incident => ({
  source: r.source,
  id: r.id,
  service: r.service,
  title: r.title,
  urgency: r.urgency as Incident["urgency"],
  priority: r.priority,
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  resolvedAt: r.resolved_at,
  deploymentId: r.deployment_id,
  fixDeploymentId: r.fix_deployment_id,
  url: r.url,
});

export const alertToRow = (a: Alert): Insertable<AlertsTable> => ({
  source: a.source,
  id: a.id,
  service: a.service,
  key: a.key,
  incident_id: a.incidentId,
  created_at: a.createdAt,
  acknowledged_at: a.acknowledgedAt,
  resolved_at: a.resolvedAt,
  resolved_by: a.resolvedBy,
  noise: flag(a.noise),
});
export const alertFromRow = (r: Selectable<AlertsTable>): Alert => ({
  source: r.source,
  id: r.id,
  service: r.service,
  key: r.key,
  incidentId: r.incident_id,
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by as Alert["resolvedBy"],
  noise: r.noise === 1,
});

export const pageToRow = (p: Page): Insertable<PagesTable> => ({
  source: p.source,
  id: p.id,
  person: p.person,
  incident_id: p.incidentId,
  at: p.at,
  channel: p.channel,
});
export const pageFromRow = (r: Selectable<PagesTable>): Page => ({
  source: r.source,
  id: r.id,
  person: r.person,
  incidentId: r.incident_id,
  at: r.at,
  channel: r.channel as Page["channel"],
});

export const shiftToRow = (s: OncallShift): Insertable<OncallShiftsTable> => ({
  source: s.source,
  person: s.person,
  schedule: s.schedule,
  level: s.level,
  start_at: s.start,
  end_at: s.end,
});
export const shiftFromRow = (r: Selectable<OncallShiftsTable>): OncallShift => ({
  source: r.source,
  person: r.person,
  schedule: r.schedule,
  level: r.level,
  start: r.start_at,
  end: r.end_at,
});

export const acknowledgementToRow = (a: Acknowledgement): Insertable<AcknowledgementsTable> => ({
  source: a.source,
  incident_id: a.incidentId,
  person: a.person,
  at: a.at,
});
export const acknowledgementFromRow = (r: Selectable<AcknowledgementsTable>): Acknowledgement => ({
  source: r.source,
  incidentId: r.incident_id,
  person: r.person,
  at: r.at,
});

export const committerToRow = (c: Committer): Insertable<CommittersTable> => ({
  source: c.source,
  repo: c.repo,
  login: c.login,
  first_commit_at: c.firstCommitAt,
  last_commit_at: c.lastCommitAt,
  commits: c.commits,
});
export const committerFromRow = (r: Selectable<CommittersTable>): Committer => ({
  source: r.source,
  repo: r.repo,
  login: r.login,
  firstCommitAt: r.first_commit_at,
  lastCommitAt: r.last_commit_at,
  commits: r.commits,
});

const jsonList = (list: readonly string[] | null): string | null => (list === null ? null : JSON.stringify(list));
const parseNullableList = (text: string | null): string[] | null => (text === null ? null : parseList(text));

export const repoPracticeToRow = (p: RepoPractice): Insertable<RepoPracticesTable> => ({
  source: p.source,
  repo: p.repo,
  observed_on: p.observedOn,
  observed_at: p.observedAt,
  paths: jsonList(p.paths),
  workflow_tools: jsonList(p.workflowTools),
  required_status_checks: p.requiredStatusChecks,
  required_approving_reviews: p.requiredApprovingReviews,
  is_template: p.isTemplate === null ? null : p.isTemplate ? 1 : 0,
});
export const repoPracticeFromRow = (r: Selectable<RepoPracticesTable>): RepoPractice => ({
  source: r.source,
  repo: r.repo,
  observedOn: r.observed_on,
  observedAt: r.observed_at,
  paths: parseNullableList(r.paths),
  workflowTools: parseNullableList(r.workflow_tools),
  requiredStatusChecks: r.required_status_checks,
  requiredApprovingReviews: r.required_approving_reviews,
  isTemplate: r.is_template === null ? null : r.is_template === 1,
});

export const maturityDeclarationToRow = (d: MaturityDeclaration): Insertable<MaturityDeclarationsTable> => ({ source: d.source, team_id: d.team, practice: d.practice, at: d.at, url: d.url });
export const maturityDeclarationFromRow = (r: Selectable<MaturityDeclarationsTable>): MaturityDeclaration => ({
  source: r.source,
  team: r.team_id,
  // Only the model writes this column: anything but a drill is a restore test.
  practice: (r.practice === "rollback_drill" ? "rollback_drill" : "backup_restore_test") satisfies DeclaredPractice,
  at: r.at,
  url: r.url,
});
