/**
 * The read model's domain types (docs/decisions/0012): facts derived from the records by the
 * metric module's pure functions, and the weekly rollups. The metric module re-exports the
 * classification vocabularies defined here (failure causes, rework and noise reasons, bands), so
 * one definition serves the maths, the deriver and the reads. Rows become these in `rows.ts`.
 */
import type { DeploymentTrigger, EpochMs, ResolvedBy } from "../model.ts";

/**
 * One reason a deployment counts as failed, with what the drill-down needs to explain it:
 * - `incident`: the incident names the deployment (`deploymentId`);
 * - `incident_window`: the incident opened `minutesAfter` the deployment, inside the failure
 *   window, on a service the deployment runs, and no deployment running that service came in
 *   between. `scope` says which services the deployment runs: the ones its repo is mapped to
 *   (`repo_services`), or, for a repo without a mapping, every service of the team (`team_services`);
 * - `rollback`: the next production deployment of its repo rolled it back.
 */
export type FailureCause =
  | { reason: "incident"; incidentId: string; service: string }
  | { reason: "incident_window"; incidentId: string; service: string; minutesAfter: number; scope: "repo_services" | "team_services" }
  | { reason: "rollback"; rolledBackBy: string };
export type FailureReason = FailureCause["reason"];
export type ReworkReason = "rollback" | "fix_change" | "incident_fix";
export type NoiseReason = "marked" | "auto_resolved" | "repeat";
export type Band = "business" | "offHours" | "sleep";
export type Attribution = "commits" | "time";

/** A production deployment: status success and environment matching its repo's production pattern. */
export interface DeployFact {
  source: string;
  id: string;
  repo: string;
  /** The environment name as the production pattern compares it. */
  environment: string;
  sha: string;
  deployedAt: EpochMs;
  rollback: boolean;
  hasCommitList: boolean;
  creator: string | null;
  trigger: DeploymentTrigger | null;
}

/** A merged change with the production deployment that shipped it and its lead-time parts (minutes). */
export interface ChangeFact {
  source: string;
  id: string;
  repo: string;
  author: string;
  mergedAt: EpochMs;
  /** Start of work: the earlier of first commit and creation. */
  startedAt: EpochMs;
  excluded: "bot" | "draft" | null;
  /** Marked as a fix for production (rework patterns). */
  fix: boolean;
  /** Share of the change that is operations work, 0..1 (ops file patterns, or an ops label). */
  opsFraction: number;
  deploymentSource: string | null;
  deploymentId: string | null;
  deployedAt: EpochMs | null;
  attribution: Attribution | null;
  codingMinutes: number | null;
  pickupMinutes: number | null;
  reviewMinutes: number | null;
  deployMinutes: number | null;
  totalMinutes: number | null;
  /** A lead-time span was negative (clock skew or rewritten history); that part is null. */
  negative: boolean;
}

/** What CI health reads of a run's fact: no ids, no sha — the narrow columns of the covering index. */
export type CiRunStat = Pick<CiRunFact, "repo" | "workflow" | "status" | "durationMinutes" | "queueMinutes" | "firstOfPair" | "pairFlaky" | "negative">;

/**
 * One workflow of one repo over one ISO week (or the part of a week a window covers): what CI
 * health per workflow is made of, composing over weeks — counts add up, and the durations and
 * queue times are kept sorted so a window's medians read them as sorted runs.
 */
export interface CiWorkflowWeek {
  repo: string;
  workflow: string;
  weekStart: EpochMs;
  counts: Record<CiRunStat["status"], number>;
  /** Pairs (workflow, sha) counted where their first run is, and the flaky ones among them. */
  pairs: number;
  flaky: number;
  /** Runs with a negative duration or queue time (clock skew). */
  negative: number;
  /** Durations of successful and failed runs, ascending. */
  durations: Float64Array;
  /** Queue times of every run that has one, ascending. */
  queues: Float64Array;
}

/** Alerts of one key over a period or a window: how many were created, how many were noise. */
export interface AlertKeyCount {
  key: string;
  alerts: number;
  noise: number;
}

/**
 * A row of the key rollups (`rollup_alert_key_week`, `rollup_alert_key_day`): one key on one
 * service in one ISO week or UTC day — its counts, and what the key's suggestion reads of its
 * alerts (metrics/alertPatterns.ts `keyPatternOf`), values sorted so a window reads them as runs.
 */
export interface AlertKeyPeriod extends AlertKeyCount {
  service: string;
  periodStart: EpochMs;
  acknowledged: number;
  /** Cleared on their own (system or timeout) with nobody acknowledging. */
  selfCleared: number;
  /** The period's last alert (by creation, then id): a key shown once takes the service of its last alert. */
  lastAt: EpochMs;
  lastId: string;
  /** Minutes since the previous alert of the key, of those that re-fired within the flapping gap; ascending. */
  refireGaps: Float64Array;
  /** Minutes open of the self-cleared alerts with a resolution; ascending. */
  selfClearedOpen: Float64Array;
  /** When each alert fired (epoch ms); ascending. */
  times: Float64Array;
}

/** A team's production deployment with its failure and rework classification. */
export interface TeamDeployFact {
  teamId: string;
  source: string;
  id: string;
  repo: string;
  deployedAt: EpochMs;
  failed: boolean;
  failures: FailureCause[];
  rolledBackBy: string | null;
  recoveryMinutes: number | null;
  recoveryNote: "unrecovered" | "negative_span" | null;
  rework: boolean;
  reworkBecause: ReworkReason[];
  changeIds: string[];
}

export interface IncidentFact {
  source: string;
  id: string;
  service: string;
  createdAt: EpochMs;
  resolvedAt: EpochMs | null;
  /** The earliest of the incident's own acknowledgement time and any person's acknowledgement. */
  firstAckAt: EpochMs | null;
  restoreMinutes: number | null;
  ackMinutes: number | null;
  negative: boolean;
}

export interface AlertFact {
  source: string;
  id: string;
  service: string;
  key: string;
  createdAt: EpochMs;
  noiseReason: NoiseReason | null;
  acknowledged: boolean;
  /** created → resolved of an actionable alert. */
  fixMinutes: number | null;
  resolvedAt: EpochMs | null;
  resolvedBy: ResolvedBy | null;
  /**
   * Minutes since the previous alert of the same key fired, when that was less than 24 h before
   * (the span a repeat is judged over, so deriving a key a day past a write keeps it exact); else null.
   */
  previousGapMinutes: number | null;
}

export interface CiRunFact {
  source: string;
  id: string;
  repo: string;
  workflow: string;
  sha: string;
  startedAt: EpochMs;
  status: "success" | "failure" | "cancelled" | "skipped";
  durationMinutes: number | null;
  queueMinutes: number | null;
  /** The first run of its (repo, workflow, sha) pair: the pair is counted where this run is. */
  firstOfPair: boolean;
  /** The pair's first attempt failed and a later attempt succeeded. */
  pairFlaky: boolean;
  negative: boolean;
}

export interface InterruptionFact {
  source: string;
  pageId: string;
  person: string;
  incidentId: string;
  at: EpochMs;
  band: Band;
  timezone: string;
  /** False when the person or their zone is unknown: banded in UTC. */
  zoneKnown: boolean;
  /** An interruption; false for an email or a page folded into an earlier one. */
  counted: boolean;
  /** Later pages within 60 s folded into this one. */
  merged: number;
}

export type LedgerCategory = "alerts" | "incidents" | "pipeline" | "deployments" | "ops_changes";
export const LEDGER_CATEGORIES: readonly LedgerCategory[] = ["alerts", "incidents", "pipeline", "deployments", "ops_changes"];

/**
 * What a ledger item is about: an ops category, or `author_time` — a person's working day spent
 * on changes of any kind (ops and product), one item per day, the investment view's denominator.
 */
export type LedgerItemCategory = LedgerCategory | "author_time";

/** One item of the ops-work ledger: a person's minutes of one category, and the record behind them. */
export interface LedgerItem {
  person: string;
  category: LedgerItemCategory;
  /** `day`: an author_time item, whose record id is the local date (YYYY-MM-DD). */
  recordKind: "page" | "incident" | "ci_run" | "deployment" | "change" | "day";
  recordSource: string;
  recordId: string;
  /** When the work happened (an engaged span's start; a working day's local noon for estimates). */
  at: EpochMs;
  minutes: number;
  count: number;
  estimated: boolean;
}

/** What every weekly figure of a team is made of, for one ISO week (or the part of one a window covers). */
export interface TeamWeek {
  weekStart: EpochMs;
  deployments: number;
  /** Bit d (0 = Monday) set when a production deployment landed on that UTC day. */
  deployDays: number;
  failed: number;
  reworked: number;
  unrecovered: number;
  recoveryNegative: number;
  recoveryN: number;
  recoveryMedian: number | null;
  leadN: number;
  leadMedian: number | null;
  codingN: number;
  codingMedian: number | null;
  pickupN: number;
  pickupMedian: number | null;
  reviewN: number;
  reviewMedian: number | null;
  deployN: number;
  deployMedian: number | null;
  leadByTime: number;
  leadBot: number;
  leadDraft: number;
  leadNegative: number;
  neverDeployed: number;
  ciRuns: number;
  ciSuccess: number;
  ciFailure: number;
  ciCancelled: number;
  ciSkipped: number;
  ciDurationN: number;
  ciDurationMedian: number | null;
  ciPairs: number;
  ciFlaky: number;
  ciNegative: number;
  ciQueueN: number;
  ciQueueMedian: number | null;
  incidents: number;
  restoreN: number;
  restoreMedian: number | null;
  unresolved: number;
  incidentNegative: number;
  ackN: number;
  ackMedian: number | null;
  alerts: number;
  noise: number;
  noiseMarked: number;
  noiseAuto: number;
  noiseRepeat: number;
  fixN: number;
  fixMedian: number | null;
}

/** One member's ledger minutes by category over a period. */
export interface PersonMinutes {
  person: string;
  minutes: Record<LedgerCategory, number>;
}

/**
 * A team's ops-work ledger over a period (an ISO week, or a UTC day with its start as `weekStart`):
 * its members' person periods summed, in the order of their ids (metrics/ledger.ts `teamLedgerOf`).
 */
export interface TeamLedger {
  weekStart: EpochMs;
  /** Each member's minutes by category, in the order of their ids; members without any are left out. */
  byPerson: readonly PersonMinutes[];
  minutes: Record<LedgerCategory, number>;
  counts: Record<LedgerCategory, number>;
  changesMinutes: number;
  changesCount: number;
  /**
   * Member periods with anything in them (on call, interrupted, skipped records, ledger or author
   * minutes): members in a week or a day, member-days in a week made of days. Only whether it is
   * zero is read (`hasActivity`).
   */
  active: number;
}

/** One person's ISO week: the ledger by category, interruptions by band, whether they were on call. */
export interface PersonWeek {
  person: string;
  weekStart: EpochMs;
  onCall: boolean;
  business: number;
  offHours: number;
  sleep: number;
  /** What was left out, for the notes: pages folded within 60 s, banded in UTC, email notifications, acknowledgements of unknown or already resolved incidents. */
  skipped: { merged: number; zoneUnknown: number; emails: number; acksOrphan: number; acksNegative: number };
  engagedMinutes: number;
  minutes: Record<LedgerCategory, number>;
  counts: Record<LedgerCategory, number>;
  /** Estimated author minutes on all changes, ops and product (the investment view's denominator). */
  changesMinutes: number;
  changesCount: number;
}
