/**
 * The knobs the metric functions read, built once from the parsed configuration so the maths
 * never sees YAML shapes or compiles a pattern per record.
 */
import picomatch from "picomatch";
import type { Deployment, LedgerCategory } from "@opsledger/db";
import type { Config } from "../config/schema.ts";

/** The fewest records per DORA figure before it is given a tier (evidence or silence). */
export interface TierMinimums {
  deploymentFrequency: number;
  leadTime: number;
  changeFailureRate: number;
  recoveryTime: number;
}

export interface MetricSettings {
  /** Production pattern (case-insensitive) and per-repo replacements. */
  production: { pattern: RegExp; repos: ReadonlyMap<string, RegExp> };
  /** Status success and environment matching the repo's production pattern. */
  isProduction: (deployment: Pick<Deployment, "repo" | "environment" | "status">) => boolean;
  /** An environment name that counts as staging for environment parity (config maturity.staging, case-insensitive, trimmed). */
  isStaging: (environment: string) => boolean;
  /** Labels or titles marking a change as a production fix (case-insensitive). */
  reworkPatterns: RegExp[];
  excludeBots: boolean;
  /** Hours after a deployment within which an incident on the team's services is charged to it. */
  failureWindowHours: number;
  /** Cap on each engaged span, hours. */
  engagedCapHours: number;
  /** Minutes of lost focus per interruption. */
  focusLossMinutes: number;
  workingHoursPerWeek: number;
  /** Ops share fractions. */
  opsShareWarning: number;
  opsShareCritical: number;
  /** team-size signal: more than this many people committing to one repo. */
  teamSize: number;
  /** delivery-pressure: more than this many production deploys a week … */
  deploysPerWeek: number;
  /** … and CI median over this many minutes … */
  ciMedianMinutes: number;
  /** … or CI failure rate over this fraction. */
  ciFailureRate: number;
  /** architecture: more than this many deployable services. */
  services: number;
  /** Loaded cost of an engineer-hour. */
  hourlyRate: number;
  currency: string;
  /** The fewest records each DORA figure needs for a tier (config thresholds.minimumCounts). */
  minimumCounts: TierMinimums;
  /** Sprint cadence: anchor date (YYYY-MM-DD, UTC midnight) and length in days. */
  sprint: { anchor: string; lengthDays: number };
  /** Organisation-wide compliance targets. */
  orgCompliance: string[];
  /** The ops-work ledger (DESIGN "Ops work"). */
  ledger: {
    /** Categories counted in the ops share. */
    categories: Readonly<Record<LedgerCategory, boolean>>;
    /** Minutes one deployment toil item costs. */
    deploymentToilMinutes: number;
    /**
     * A change's ops fraction, 0..1: 1 when a label marks it ops work, else the share of its
     * changed files matching the repo's ops paths; 0 when its files are unknown.
     */
    opsFraction: (repo: string, files: readonly string[] | null, labels: readonly string[]) => number;
  };
}

export function settingsFromConfig(config: Config): MetricSettings {
  const t = config.thresholds;
  const opsLabels = new Set(config.ledger.opsLabels.map((l) => l.toLowerCase()));
  const defaultOpsPath = picomatch(config.ledger.opsPaths, { dot: true });
  const repoOpsPaths = new Map(Object.entries(config.ledger.repos).map(([repo, r]) => [repo, picomatch(r.opsPaths, { dot: true })]));
  const pattern = new RegExp(config.production.pattern, "i");
  const staging = new RegExp(config.maturity.staging, "i");
  const repos = new Map<string, RegExp>(
    Object.entries(config.production.repos).map(([repo, p]) => [repo, new RegExp(p, "i")]),
  );
  return {
    production: { pattern, repos },
    isProduction: (d) => d.status === "success" && (repos.get(d.repo) ?? pattern).test(d.environment),
    isStaging: (environment) => staging.test(environment.trim()),
    reworkPatterns: config.rework.patterns.map((p) => new RegExp(p, "i")),
    excludeBots: config.excludeBots,
    failureWindowHours: t.failureWindowHours,
    engagedCapHours: t.engagedCapHours,
    focusLossMinutes: t.focusLossMinutes,
    workingHoursPerWeek: t.workingHoursPerWeek,
    opsShareWarning: t.opsShareWarning,
    opsShareCritical: t.opsShareCritical,
    teamSize: t.teamSize,
    deploysPerWeek: t.deploysPerWeek,
    ciMedianMinutes: t.ciMedianMinutes,
    ciFailureRate: t.ciFailureRate,
    services: t.services,
    hourlyRate: t.hourlyRate,
    currency: t.currency,
    minimumCounts: { ...t.minimumCounts },
    sprint: { anchor: config.sprints.anchor, lengthDays: config.sprints.lengthDays },
    orgCompliance: config.organization.compliance,
    ledger: {
      categories: { ...config.ledger.categories },
      deploymentToilMinutes: config.ledger.deploymentToilMinutes,
      opsFraction: (repo, files, labels) => {
        if (labels.some((l) => opsLabels.has(l.toLowerCase()))) return 1;
        if (files === null || files.length === 0) return 0;
        const isOps = repoOpsPaths.get(repo) ?? defaultOpsPath;
        return files.filter((f) => isOps(f)).length / files.length;
      },
    },
  };
}

/**
 * What the facts and rollups hold, as a number raised whenever a derived table gains a field or a
 * table, or a derivation rule changes: facts derived by an older version are derived again at
 * start-up, so a new column never reads empty beside old rows. 2: alert facts carry how they
 * ended and the gap since their key's previous alert (issue 13); 3: each team week keeps the
 * sorted values of its medians (`rollup_team_week_values`, issue 11); 4: each production
 * deployment says when its sha was staged and last ran before (`fact_deploys.staged_at`,
 * `redeploy_since`: the maturity scorecard's parity and rollback questions, issue 11); 5: CI per
 * repo, week and workflow (`rollup_ci_workflow_week`), each team's rollups per UTC day too
 * (`rollup_team_day`, `rollup_team_day_values`), and the sorted values of time to acknowledge and
 * to fix (issue 11); 6: each person's rollups per UTC day too (`rollup_person_day`), for the days
 * of a window's edge weeks (issue 11); 7: each team's ledger per week and UTC day
 * (`rollup_team_ledger_week`, `rollup_team_ledger_day`): its members' rollups summed (issue 11);
 * 8: CI per repo, UTC day and workflow (`rollup_ci_workflow_day`), for edge weeks (issue 11);
 * 9: alerts per service, key and ISO week or UTC day (`rollup_alert_key_week`,
 * `rollup_alert_key_day`), for the alert quality endpoint's keys (issue 11); 10:
 * `fact_deploy_flags` carries the deployment's time, rollback, trigger, creator and whether it is
 * untraced, so the scorecard's window reads one index (issue 11).
 */
export const FACTS_VERSION = 10;

/**
 * The configuration (and FACTS_VERSION) the derived facts depend on, as one string: when it
 * differs from the one the facts were derived with, every fact is derived again
 * (server/src/derive). Thresholds that only read facts (signals, ops share levels, working hours)
 * are not part of it.
 */
export function derivationFingerprint(config: Config): string {
  const t = config.thresholds;
  return JSON.stringify({
    facts: FACTS_VERSION,
    production: config.production,
    staging: config.maturity.staging,
    rework: config.rework.patterns,
    excludeBots: config.excludeBots,
    failureWindowHours: t.failureWindowHours,
    engagedCapHours: t.engagedCapHours,
    focusLossMinutes: t.focusLossMinutes,
    ledger: { deploymentToilMinutes: config.ledger.deploymentToilMinutes, opsPaths: config.ledger.opsPaths, opsLabels: config.ledger.opsLabels, repos: config.ledger.repos },
  });
}

/** Same as `settings.isProduction(deployment)`, for callers holding the two apart. */
export const isProduction = (
  deployment: Pick<Deployment, "repo" | "environment" | "status">,
  settings: MetricSettings,
): boolean => settings.isProduction(deployment);
