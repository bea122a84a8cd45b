/**
 * Input and output types of the metric functions (DESIGN.md "What each number means").
 * All instants are UTC epoch milliseconds; durations are minutes unless the name says otherwise;
 * rates and shares are fractions 0..1. A metric with no data is `null`, never 0.
 */
import type {
  Acknowledgement,
  Alert,
  Change,
  CiRun,
  Committer,
  Deployment,
  Incident,
  OncallShift,
  Page,
  Person,
  Team,
  Attribution,
  Band,
  FailureCause,
  FailureReason,
  NoiseReason,
  ReworkReason,
} from "@opsledger/db";
import type { KeySuggestion } from "./alertPatterns.ts";

export type { Attribution, Band, FailureCause, FailureReason, NoiseReason, ReworkReason };

/** Half-open interval [from, to) in epoch ms. */
export interface Window {
  from: number;
  to: number;
}

/** DORA 2023 performance tier; null when the metric has no data. */
export type Tier = "elite" | "high" | "medium" | "low" | null;

/** Why records were excluded or how they were treated, so caveats can be shown next to a figure. */
export type NoteCode =
  | "bot_changes_excluded"
  | "draft_changes_excluded"
  | "changes_never_deployed"
  | "attributed_by_time"
  | "negative_span_clock_skew"
  | "incidents_unresolved"
  | "failed_deployments_unrecovered"
  | "alerts_without_owner"
  | "members_without_shifts"
  | "pages_email_ignored"
  | "pages_merged_within_60s"
  | "pages_person_unknown"
  | "acknowledgements_without_incident"
  | "ci_runs_cancelled_or_skipped"
  | "people_omitted"
  | "ops_changes_estimated"
  | "ledger_categories_off"
  | "ledger_unattributed"
  | "partial_weeks"
  | "no_data";

export interface Note {
  code: NoteCode;
  /** How many records the note is about. */
  count: number;
  message: string;
}

/**
 * The ownership facts a team-level metric needs; a full `Team` fits. Without `repoServices` every
 * repo is charged by every service of the team (the failure-window rule before the mapping).
 */
export type TeamScope = Pick<Team, "id" | "repos" | "services"> & Partial<Pick<Team, "repoServices">>;

// ---------------------------------------------------------------- DORA

/**
 * Rows for DORA. The caller passes a superset; the functions apply the window rules:
 * - deployments of the team's repos from `window.from − 90 days` to `window.to + failure window`
 *   (earlier ones carry commit lists that attribute old changes; later ones find rollbacks);
 * - changes of the team's repos merged up to `window.to` (from `window.from − 90 days`);
 * - incidents of the team's services created up to `window.to + failure window`, plus incidents
 *   naming any of the deployments (deploymentId or fixDeploymentId).
 */
export interface DoraInput {
  team: TeamScope;
  deployments: Deployment[];
  changes: Change[];
  incidents: Incident[];
}

/** One change with the production deployment that shipped it and its lead-time parts (minutes). */
export interface ChangeLeadTime {
  change: Change;
  /** Why the change is left out of lead time: bot author (when bots are excluded) or draft flag. */
  excluded: "bot" | "draft" | null;
  deploymentId: string | null;
  /** deployed at = finishedAt of the attributed deployment (epoch ms). */
  deployedAt: number | null;
  attribution: Attribution | null;
  /** first commit → created; null when first commit unknown or the span is negative. */
  codingMinutes: number | null;
  /** created → first review; null without a review or when negative. */
  pickupMinutes: number | null;
  /** first review → merged; null without a review or when negative. */
  reviewMinutes: number | null;
  /** merged → deployed; null when not deployed or negative. */
  deployMinutes: number | null;
  /** (first commit, else created) → deployed; null when not deployed or negative. */
  totalMinutes: number | null;
  /** Parts whose span was negative (clock skew) and are therefore null. */
  negativeSpans: LeadTimePart[];
}

export type LeadTimePart = "coding" | "pickup" | "review" | "deploy" | "total";

/** One production deployment with its failure and rework classification. */
export interface ClassifiedDeployment {
  deployment: Deployment;
  deployedAt: number;
  failed: boolean;
  failedBecause: FailureReason[];
  /** Incidents charged to this deployment (each incident is charged to at most one). */
  incidentIds: string[];
  /** Why it failed: each charged incident and the rollback, in that order; empty when it did not fail. */
  failures: FailureCause[];
  /** The rollback deployment that reverted this one, if any. */
  rolledBackBy: string | null;
  /** deployment → recovery (earliest resolved charged incident, or next production deployment after a rollback without incident); null when not failed, unrecovered or negative. */
  recoveryMinutes: number | null;
  /** Why recoveryMinutes is null for a failed deployment. */
  recoveryNote: "unrecovered" | "negative_span" | null;
  rework: boolean;
  reworkBecause: ReworkReason[];
  /** Ids of the changes this deployment shipped (by attribution). */
  changeIds: string[];
}

export interface DeploymentFrequency {
  /** Production deployments per week (count / window length in weeks). */
  perWeek: number | null;
  /** Median of distinct UTC deployment days per ISO week overlapping the window (empty weeks count as 0). */
  deployDaysPerWeekMedian: number | null;
  /** Median of distinct UTC deployment days per calendar month overlapping the window (for the medium tier). */
  deployDaysPerMonthMedian: number | null;
  count: number;
  /** Null also when `count` is below `minimum` (too little data for a tier). */
  tier: Tier;
  /** The fewest production deployments a tier needs (thresholds.minimumCounts). */
  minimum: number;
}

export interface LeadTime {
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Changes whose attributed deployment is in the window and whose lead time is known. */
  count: number;
  breakdown: {
    codingMinutes: number | null;
    pickupMinutes: number | null;
    reviewMinutes: number | null;
    deployMinutes: number | null;
  };
  /** Null also when `count` is below `minimum`. */
  tier: Tier;
  /** The fewest changes a tier needs. */
  minimum: number;
}

export interface DoraResult {
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  /** `minimum`: the fewest production deployments (`total`) a tier needs. */
  changeFailureRate: { rate: number | null; failed: number; total: number; tier: Tier; minimum: number };
  /** `minimum`: the fewest recovered failed deployments (`count`) a tier needs. */
  recoveryTime: { medianMinutes: number | null; count: number; tier: Tier; minimum: number };
  timeToRestore: { medianMinutes: number | null; count: number };
  reworkRate: { rate: number | null; reworked: number; total: number };
  notes: Note[];
}

// ---------------------------------------------------------------- CI

export interface CiStats {
  /** Runs started in the window (all statuses). */
  runs: number;
  successes: number;
  failures: number;
  cancelled: number;
  skipped: number;
  /** Median / p90 of finished − started over success and failure runs, minutes. */
  durationMedianMinutes: number | null;
  durationP90Minutes: number | null;
  /** failures / (successes + failures). */
  failureRate: number | null;
  /** (workflow, sha) pairs with any run in the window. */
  pairs: number;
  /** Pairs whose first attempt failed and a later attempt succeeded. */
  flaky: number;
  flakyRate: number | null;
  /** Median started − queued, minutes, over runs that know queued_at. */
  queueMedianMinutes: number | null;
  queueCount: number;
}

export interface CiWorkflowStats extends CiStats {
  repo: string;
  workflow: string;
}

export interface CiResult {
  overall: CiStats;
  workflows: CiWorkflowStats[];
  notes: Note[];
}

export interface CiRunDetail {
  run: CiRun;
  durationMinutes: number | null;
  queueMinutes: number | null;
  /** This run belongs to a flaky (workflow, sha) pair. */
  flaky: boolean;
}

// ---------------------------------------------------------------- on-call

/** A page that counts as an interruption, with its band in the person's local time. */
export interface Interruption {
  page: Page;
  band: Band;
  timezone: string;
  /** Pages to the same person folded into this one (within 60 s). */
  merged: number;
}

export interface BandCounts {
  business: number;
  offHours: number;
  sleep: number;
  total: number;
}

export interface OncallInput {
  team: TeamScope & Pick<Team, "members">;
  people: Person[];
  /** Pages to the team's members (a little before the window is fine: the 60 s merge uses them). */
  pages: Page[];
  shifts: OncallShift[];
  acknowledgements: Acknowledgement[];
  /** The team's incidents plus any incident a member acknowledged. */
  incidents: Incident[];
}

/** One merged [start, end) engaged span, epoch ms. */
export interface Span {
  start: number;
  end: number;
}

/** One week of a person's on-call load. */
export interface OncallLoadWeek {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  weekStart: string;
  /** The window covers only part of this week. */
  partial: boolean;
  /** Held an on-call shift at any time in the week. */
  onCall: boolean;
  /** Alert and incident minutes of the ops-work ledger in the week. */
  minutes: number;
  workingMinutes: number;
  /** DESIGN "On-call load": minutes / working minutes, for a week on call; null otherwise. */
  load: number | null;
}

export interface PersonOncall {
  person: string;
  /** The person's name; the id when there is no person record. */
  name: string;
  interruptions: BandCounts;
  engagedMinutes: number;
  /** Alert and incident minutes over the window (on call or not). */
  minutes: number;
  /** Held a shift in the window. */
  onCall: boolean;
  /** On-call load over the weeks they were on call (their minutes / working minutes of those weeks); null when never on call. */
  load: number | null;
  weeks: OncallLoadWeek[];
}

export interface OncallResult {
  people: PersonOncall[];
  team: {
    interruptions: BandCounts;
    engagedMinutes: number;
    onCallMembers: number;
  };
  /** created → first acknowledgement of the team's incidents created in the window. */
  mtta: { medianMinutes: number | null; count: number };
  /** created → resolved of the team's incidents created in the window. */
  mttr: { medianMinutes: number | null; count: number };
  notes: Note[];
}

export type OpsStatus = "ok" | "warning" | "critical";

// ---------------------------------------------------------------- alerts

export interface ClassifiedAlert {
  alert: Alert;
  noise: boolean;
  noiseReason: NoiseReason | null;
  /** Milliseconds since the previous alert of the key fired, when less than REPEAT_MS; else null. */
  previousGapMs: number | null;
}

export interface NoisyKey {
  key: string;
  service: string;
  count: number;
  noiseCount: number;
  /** What the key's alerts in the window keep doing, with the evidence (alertPatterns.ts). */
  suggestion: KeySuggestion;
}

export interface AlertQualityOptions {
  /** When given, pages in the window are banded (who was woken up). */
  pages?: Page[];
  people?: Person[];
  /** When given, alerts on other services are excluded ("alerts_without_owner"). */
  ownedServices?: string[];
  /** How many noisy keys to list (default 10). */
  topKeys?: number;
  /**
   * Keys that fired in the `RECURRING_LOOKBACK_MS` before the window (a cheap distinct-keys read).
   * When not given, the alerts passed from before the window decide which keys are recurring.
   */
  keysSeenBefore?: readonly string[];
  /** The team's time zone, for the keys' patterns (default UTC). */
  zone?: string;
}

export interface AlertQualityResult {
  /** Alerts created in the window. */
  count: number;
  actionable: number;
  noise: number;
  noiseByReason: Record<NoiseReason, number>;
  /** actionable / all. */
  actionableRatio: number | null;
  /** Median created → resolved of actionable alerts, minutes. */
  timeToFix: { medianMinutes: number | null; count: number };
  topNoisyKeys: NoisyKey[];
  /** Keys firing in the window: new (never before the window) and recurring. */
  keys: { new: number; recurring: number; newKeys: string[]; recurringKeys: string[] };
  /** Null when no pages were given. */
  pagesByBand: BandCounts | null;
  /** People paged in their sleep hours, most often first; `name` is the id when the person is unknown. */
  wokenUp: { person: string; name: string; count: number }[];
  notes: Note[];
}

// ---------------------------------------------------------------- signals

export type SignalId = "team-size" | "delivery-pressure" | "architecture" | "compliance" | "ops-load";
export type SignalStatus = "firing" | "warning" | "ok" | "unknown";
/** no-data: the period holds no record of the team, so no verdict is given. */
export type Verdict = "fund-now" | "watch" | "not-yet" | "no-data";

export interface WeeklyPoint {
  /** Monday of the ISO week, YYYY-MM-DD (UTC). */
  weekStart: string;
  /** The window covers only part of this week (its first or last). */
  partial: boolean;
  value: number | null;
  count: number;
}

export interface NamedSeries {
  name: string;
  /** What to call the series on screen where the name is an id (ops-share: the person's name). */
  label?: string;
  points: WeeklyPoint[];
}

export type EvidenceFact = string | number | boolean | null | string[];

export interface SignalEvidence {
  /** Short facts behind the value (e.g. repo, people, deploysPerWeek, ciMedianMinutes). */
  facts: Record<string, EvidenceFact>;
  /** Records behind the value, by kind (e.g. { kind: "deployment", ids }). */
  records: { kind: string; ids: string[] }[];
  series: NamedSeries[];
}

export interface Signal {
  id: SignalId;
  status: SignalStatus;
  /** measured from records, or declared in the configuration (compliance targets, service lists). */
  basis: "measured" | "declared";
  value: number | null;
  threshold: number;
  /** A second threshold where the signal has one (ops-load: critical). */
  criticalThreshold: number | null;
  evidence: SignalEvidence;
  message: string;
}

export interface SignalsInput {
  team: Team;
  /** Organisation-wide compliance targets (config `organization.compliance`). */
  orgCompliance: string[];
  /** Deployments of the team's repos in the last 90 days before asOf. */
  deployments: Deployment[];
  /** Changes of the team's repos merged in the last 90 days. */
  changes: Change[];
  committers: Committer[];
  /** CI runs of the team's repos in the last 4 weeks. */
  ciRuns: CiRun[];
  people: Person[];
  pages: Page[];
  shifts: OncallShift[];
  acknowledgements: Acknowledgement[];
  incidents: Incident[];
}

export interface SignalsResult {
  team: string;
  asOf: number;
  signals: Signal[];
  verdict: Verdict;
  /** Engineer-hours a week lost to ops work (last 4 weeks); null without on-call data. */
  hoursPerWeek: number | null;
  /** hoursPerWeek × hourly rate. */
  costPerWeek: number | null;
  currency: string;
  /** The configured loaded cost of an engineer-hour the cost was computed at. */
  hourlyRate: number;
}

export interface OrgVerdict {
  verdict: Verdict;
  hoursPerWeek: number | null;
  costPerWeek: number | null;
  currency: string;
  teams: { team: string; verdict: Verdict; firing: SignalId[]; warning: SignalId[] }[];
}

// ---------------------------------------------------------------- series

export type SeriesMetric =
  | "deployments"
  | "lead-time"
  | "change-failure-rate"
  | "recovery-time"
  | "ci-duration"
  | "ci-failure-rate"
  | "ops-share"
  | "alerts";

/** Whatever the chosen metric needs; the others may be left out. */
export interface SeriesInput {
  dora?: DoraInput;
  ciRuns?: CiRun[];
  oncall?: OncallInput;
  alerts?: Alert[];
}

export interface SeriesResult {
  metric: SeriesMetric;
  /** One or more named series (lead-time: total + parts; ops-share: team + each ledger category's share). */
  series: NamedSeries[];
  notes: Note[];
}

