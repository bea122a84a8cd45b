/**
 * `opsledger.config.yaml`: the one file a user edits. Parsed and validated once at start-up and
 * passed in from there; nothing reads it, or process.env, deeper down. Secrets are not in it.
 */
import { z } from "zod";
import { gitlabProject, pattern, repoName, slug, timeZone } from "../validation.ts";
import { notificationsConfig, scheduleConfig } from "./notifications.ts";

const date = z.iso.date({ message: "must be a date YYYY-MM-DD" });
const fraction = z.number().min(0).max(1);

export const teamConfig = z.strictObject({
  id: slug,
  name: z.string().min(1),
  members: z.array(z.string().min(1)).default([]),
  repos: z.array(repoName).default([]),
  services: z.array(z.string().min(1)).default([]),
  /** Per repo of the team ("owner/name"), the services of the team its deployments run; a repo left out is charged by every service. */
  repoServices: z
    .record(z.string(), z.array(z.string().min(1)).min(1, "must list at least one service; leave the repo out to charge its deployments for every service of the team"))
    .default({}),
  compliance: z.array(z.string().min(1)).default([]),
});

export const personConfig = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.email().optional(),
  timezone: timeZone.default("UTC"),
  github: z.string().min(1).optional(),
  pagerduty: z.string().min(1).optional(),
});

export const thresholdsConfig = z.strictObject({
  /** team-size: engineers committing to one repository in the last 90 days. */
  teamSize: z.number().int().positive().default(5),
  /** delivery-pressure: production deploys a week. */
  deploysPerWeek: z.number().positive().default(10),
  ciMedianMinutes: z.number().positive().default(15),
  ciFailureRate: fraction.default(0.15),
  /** architecture: deployable services. */
  services: z.number().int().positive().default(3),
  opsShareWarning: fraction.default(0.15),
  opsShareCritical: fraction.default(0.2),
  /** change failure: an incident within this many hours after a deployment is charged to it. */
  failureWindowHours: z.number().positive().default(24),
  /** engaged time: each incident span is capped at this many hours. */
  engagedCapHours: z.number().positive().default(4),
  /** minutes of lost focus per interruption (23 is the published average). */
  focusLossMinutes: z.number().nonnegative().default(23),
  workingHoursPerWeek: z.number().positive().default(40),
  /** loaded cost of an engineer-hour, for the verdict's cost estimate. */
  hourlyRate: z.number().nonnegative().default(100),
  currency: z.string().min(1).default("USD"),
  /**
   * Evidence or silence: the fewest records a DORA figure needs before it is given a tier. Below
   * it the figure shows its value and count and says there is too little data for a tier.
   */
  minimumCounts: z
    .strictObject({
      /** production deployments in the window (deployment frequency). */
      deploymentFrequency: z.number().int().positive().default(5),
      /** changes deployed in the window (lead time for changes). */
      leadTime: z.number().int().positive().default(5),
      /** production deployments in the window (change failure rate). */
      changeFailureRate: z.number().int().positive().default(10),
      /** failed deployments with a known recovery (failed deployment recovery time). */
      recoveryTime: z.number().int().positive().default(3),
    })
    .default({ deploymentFrequency: 5, leadTime: 5, changeFailureRate: 10, recoveryTime: 3 }),
});

/**
 * Paths that mark a change as operations work (DESIGN "Ops work": infrastructure code, CI
 * workflows, deploy scripts, container and cluster manifests), as globs (picomatch) on the
 * repository-relative path.
 */
export const DEFAULT_OPS_PATHS = [
  // infrastructure code
  "**/*.tf",
  "**/*.tfvars",
  "**/*.hcl",
  "**/*.bicep",
  "terraform/**",
  "infra/**",
  "infrastructure/**",
  "pulumi/**",
  "**/Pulumi*.yaml",
  "ansible/**",
  "cloudformation/**",
  // CI workflows
  ".github/workflows/**",
  ".github/actions/**",
  ".gitlab-ci.yml",
  ".gitlab/ci/**",
  "**/Jenkinsfile",
  ".circleci/**",
  ".buildkite/**",
  "azure-pipelines.yml",
  // deploy scripts
  "deploy/**",
  "deployment/**",
  "scripts/deploy*",
  "**/deploy.sh",
  "Procfile",
  "fly.toml",
  // containers and clusters
  "**/Dockerfile",
  "**/Dockerfile.*",
  "**/*.dockerfile",
  "**/docker-compose*.y?(a)ml",
  "**/compose.y?(a)ml",
  "k8s/**",
  "kubernetes/**",
  "manifests/**",
  "helm/**",
  "charts/**",
  "**/kustomization.y?(a)ml",
  "skaffold.yaml",
];

/** Labels that make a whole change operations work. */
export const DEFAULT_OPS_LABELS = ["infrastructure", "infra", "ops", "devops", "ci", "deployment"];

const ledgerCategories = z
  .strictObject({
    alerts: z.boolean().default(true),
    incidents: z.boolean().default(true),
    pipeline: z.boolean().default(true),
    deployments: z.boolean().default(true),
    ops_changes: z.boolean().default(true),
  })
  .default({ alerts: true, incidents: true, pipeline: true, deployments: true, ops_changes: true });

/** The ops-work ledger (DESIGN "Ops work"): what each item costs and what marks a change as ops work. */
export const ledgerConfig = z.strictObject({
  /** Categories counted in the ops share; a switched-off one is still derived and shown apart. */
  categories: ledgerCategories,
  /** Minutes each deployment toil item (a deployment run by hand, a rollback, a hotfix deployment) costs. */
  deploymentToilMinutes: z.number().nonnegative().default(30),
  /** Globs on changed file paths that mark a change as ops work. */
  opsPaths: z.array(z.string().min(1)).default(DEFAULT_OPS_PATHS),
  /** Labels that make a change ops work as a whole (case-insensitive). */
  opsLabels: z.array(z.string().min(1)).default(DEFAULT_OPS_LABELS),
  /** Per repository ("owner/name"): globs that replace `opsPaths` there. */
  repos: z.record(z.string(), z.strictObject({ opsPaths: z.array(z.string().min(1)) })).default({}),
});

export const githubSourceConfig = z.strictObject({
  /** REST base URL: https://HOST/api/v3 for GitHub Enterprise Server; GITHUB_API_URL overrides it. */
  apiUrl: z.url().optional(),
  /** Every non-archived repository of this organisation (or user)… */
  org: z.string().min(1).optional(),
  /** …whose name (or owner/name) matches this pattern, case-insensitive. */
  repoPattern: pattern.optional(),
  /** Repositories named one by one, in addition to the org's. */
  repos: z.array(repoName).default([]),
  /** Per repository ("owner/name"): where its deployments come from, and which environments are production. */
  deployments: z
    .record(
      repoName,
      z.strictObject({
        /** deployments: GitHub Deployments; workflow: successful runs of `workflows` on the default branch; release: published releases; merge: merges to the default branch (a proxy). */
        fallback: z.enum(["deployments", "workflow", "release", "merge"]).default("deployments"),
        /** Deploy workflow file names (deploy.yml) or ids, for the workflow fallback. */
        workflows: z.array(z.string().min(1)).default([]),
        /** Production environment pattern for this repo; default `production.repos` or `production.pattern`. */
        production: pattern.optional(),
      }),
    )
    .default({}),
  /** Re-runs keep their run's creation time, so a periodic sweep re-reads this many hours of workflow runs (webhooks catch later re-runs)… */
  rerunLookbackHours: z.number().positive().max(24 * 30).default(24),
  /** …every this many hours; the syncs in between read only new runs. */
  rerunSweepHours: z.number().nonnegative().default(6),
});

/** The deployment rule for one repository: its configured source and production pattern. */
export function githubRepoRule(config: Config, repoName: string): { fallback: "deployments" | "workflow" | "release" | "merge"; workflows: string[]; production: string } {
  const entry = config.sources.github?.deployments[repoName];
  return {
    fallback: entry?.fallback ?? "deployments",
    workflows: entry?.workflows ?? [],
    production: entry?.production ?? config.production.repos[repoName] ?? config.production.pattern,
  };
}

export const pagerdutySourceConfig = z.strictObject({
  /** https://api.eu.pagerduty.com for the EU region; PAGERDUTY_API_URL overrides it. */
  apiUrl: z.url().optional(),
  /** PagerDuty user id → person id, for users whose email does not match. */
  users: z.record(z.string(), z.string()).default({}),
  /** PagerDuty service id → the service id teams list under `services` (default: the PagerDuty id). */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Where the first sync starts (later syncs resume from their cursors); default one year back. */
  since: date.optional(),
  /** A rerun starts this many minutes before the incidents cursor, for incidents that show up late. */
  overlapMinutes: z.number().int().nonnegative().default(60),
  /** Requests a minute; PagerDuty allows 960 per API key. */
  requestsPerMinute: z.number().int().positive().max(960).default(960),
});

export const gitlabSourceConfig = z.strictObject({
  /** The instance: https://gitlab.com (default) or a self-managed one; GITLAB_URL overrides it. */
  url: z.url().optional(),
  /** Groups by full path (acme, acme/platform): every non-archived project in them and their subgroups… */
  groups: z.array(z.string().regex(/^[^\s]+$/, "must be a group path such as acme or acme/platform")).default([]),
  /** …whose path matches this pattern, case-insensitive. */
  projectPattern: pattern.optional(),
  /** Projects named one by one ("gitlab:group/project"), in addition to the groups'. */
  projects: z.array(gitlabProject).default([]),
  /** Projects whose incident issues are incidents ("gitlab:group/project" → the service they are charged to). */
  incidents: z.record(gitlabProject, z.string().min(1)).default({}),
  /** Where the first sync starts (later syncs resume from their cursors); default one year back. */
  since: date.optional(),
  /** Requests a minute; GitLab.com allows 2,000 authenticated API requests a minute. */
  requestsPerMinute: z.number().int().positive().max(100_000).default(1200),
  /** Merge requests and pipelines per GraphQL page (1–100); lower it if a self-managed instance reports query complexity errors. */
  pageSize: z.number().int().min(1).max(100).default(50),
});

/** The rule for one GitLab project: its production pattern (GitLab's environment tier production counts too). */
export function gitlabProjectRule(config: Config, repo: string): { production: string } {
  return { production: config.production.repos[repo] ?? config.production.pattern };
}

/**
 * Declarations the maturity scorecard cannot read from records (issue 16): per team, the date of
 * the last tested backup restore and of the last rollback drill (stale after 90 days); per
 * service, the runbook link.
 */
export const maturityConfig = z.strictObject({
  /** Environments that count as staging for environment parity (case-insensitive). */
  staging: pattern.default("^stag(e|ing)$"),
  teams: z
    .record(
      slug,
      z.strictObject({
        backupRestoreTestedAt: date.optional(),
        rollbackDrillAt: date.optional(),
      }),
    )
    .default({}),
  /** Service id → its runbook link. */
  runbooks: z.record(z.string().min(1), z.url()).default({}),
});

export const configSchema = z.strictObject({
  organization: z
    .strictObject({
      name: z.string().min(1).default("Organization"),
      compliance: z.array(z.string().min(1)).default([]),
    })
    .default({ name: "Organization", compliance: [] }),
  teams: z.array(teamConfig).default([]),
  people: z.array(personConfig).default([]),
  production: z
    .strictObject({
      pattern: pattern.default("^prod(uction)?$"),
      /** Per repo ("owner/name"), a pattern that replaces the default. */
      repos: z.record(z.string(), pattern).default({}),
    })
    .default({ pattern: "^prod(uction)?$", repos: {} }),
  rework: z
    .strictObject({ patterns: z.array(z.string().min(1)).default(["hotfix", "revert", "incident"]) })
    .default({ patterns: ["hotfix", "revert", "incident"] }),
  excludeBots: z.boolean().default(true),
  thresholds: thresholdsConfig.default(thresholdsConfig.parse({})),
  ledger: ledgerConfig.default(ledgerConfig.parse({})),
  sprints: z
    .strictObject({ anchor: date.default("2026-01-05"), lengthDays: z.number().int().positive().default(14) })
    .default({ anchor: "2026-01-05", lengthDays: 14 }),
  sources: z
    .strictObject({
      github: githubSourceConfig.optional(),
      pagerduty: pagerdutySourceConfig.optional(),
      gitlab: gitlabSourceConfig.optional(),
    })
    .default({}),
  /** Declarations for the maturity scorecard. */
  maturity: maturityConfig.default(maturityConfig.parse({})),
  /** Threshold notifications and digests (config/notifications.ts). */
  notifications: notificationsConfig.default(notificationsConfig.parse({})),
  /** When collection, rule evaluation and digests run (config/notifications.ts). */
  schedule: scheduleConfig.default(scheduleConfig.parse({})),
});

export type Config = z.output<typeof configSchema>;
export type Thresholds = Config["thresholds"];
export type TeamConfig = z.output<typeof teamConfig>;
export type PersonConfig = z.output<typeof personConfig>;
export type LedgerConfig = z.output<typeof ledgerConfig>;
export type GithubSourceConfig = z.output<typeof githubSourceConfig>;
export type PagerdutySourceConfig = z.output<typeof pagerdutySourceConfig>;
export type GitlabSourceConfig = z.output<typeof gitlabSourceConfig>;
export type MaturityConfig = z.output<typeof maturityConfig>;

/** The configuration used when no file exists: defaults everywhere, no teams, no sources. */
export const defaultConfig = (): Config => configSchema.parse({});
