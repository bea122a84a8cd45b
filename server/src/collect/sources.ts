/**
 * "Run one collector": every source behind the collector contract, built from the parsed config
 * and the environment (tokens are handed to the client and nowhere else). The CLI's `collect`
 * commands and the scheduler's jobs both come through here; a job names a source and, to spread a
 * large organisation, one scope (a repository, a GitLab project) per job:
 *
 *   const { collector, close } = buildCollector("gitlab", deps);
 *   const summary = await collector.run({ scopes: ["gitlab:acme/api"] });
 *
 * The summary (contract.ts `CollectSummary`) is the same shape for every source: requests,
 * records written, records skipped with reasons, rate-limit waits and retries.
 */
import {
  createGithubClient,
  createGitlabClient,
  createPagerdutyClient,
  DEFAULT_GITHUB_API_URL,
  DEFAULT_GITLAB_URL,
  githubCollector,
  gitlabCollector,
  PAGERDUTY_DEFAULT_API_URL,
  pagerdutyCollector,
  type Collector,
  type CollectSummary,
  type GithubClient,
  type GithubClientOptions,
  type GitlabClient,
  type GitlabClientOptions,
  type PagerdutyClient,
  type PagerdutyClientOptions,
  type RunRequest,
} from "@opsledger/collectors";
import type { Db } from "@opsledger/db";
import { githubRepoRule, githubSourceConfig, gitlabProjectRule, gitlabSourceConfig, pagerdutySourceConfig, type Config } from "../config/schema.ts";
import type { Environment } from "../env.ts";

export const SOURCES = ["github", "gitlab", "pagerduty"] as const;
export type SourceName = (typeof SOURCES)[number];

export interface CollectorDeps {
  config: Config;
  env: Environment;
  db: Db;
  log: (line: string) => void;
  now: () => number;
  /** Where a first sync starts when no cursor exists (epoch ms); default the source's configured `since`, else a year back. */
  since?: number | null;
}

/** Clients to use instead of building them (tests), or options for the ones built. */
export interface ClientOverrides {
  github?: { client?: GithubClient; options?: Partial<Omit<GithubClientOptions, "token">> };
  gitlab?: { client?: GitlabClient; options?: Partial<Omit<GitlabClientOptions, "token">> };
  pagerduty?: { client?: PagerdutyClient; options?: Partial<Omit<PagerdutyClientOptions, "token">> };
}

/** A source cannot be collected as configured: the message says what to set. */
export class CollectorSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CollectorSetupError";
  }
}

const YEAR_MS = 365 * 86_400_000;
const dayStart = (date: string | undefined): number | null => (date === undefined ? null : Date.parse(`${date}T00:00:00Z`));

export interface BuiltCollector {
  collector: Collector;
  /** Release the client's connections (PagerDuty keeps a pool). */
  close(): void;
}

export function buildCollector(source: SourceName, deps: CollectorDeps, overrides: ClientOverrides = {}): BuiltCollector {
  if (source === "github") {
    const cfg = deps.config.sources.github ?? githubSourceConfig.parse({});
    let client = overrides.github?.client;
    if (client === undefined) {
      const token = deps.env.githubToken;
      if (token === null) throw new CollectorSetupError("GITHUB_TOKEN is not set: export a token that can read the repositories (see docs/github.md for the scopes)");
      client = createGithubClient({ apiUrl: deps.env.githubApiUrl ?? cfg.apiUrl ?? DEFAULT_GITHUB_API_URL, log: deps.log, ...overrides.github?.options, token });
    }
    const collector = githubCollector({
      db: deps.db,
      client,
      org: cfg.org ?? null,
      repoPattern: cfg.repoPattern ?? null,
      repos: cfg.repos,
      since: deps.since ?? null,
      rule: (repo) => githubRepoRule(deps.config, repo),
      rerunLookbackMs: cfg.rerunLookbackHours * 3_600_000,
      rerunSweepEveryMs: cfg.rerunSweepHours * 3_600_000,
      log: deps.log,
      now: deps.now,
    });
    return { collector, close: () => {} };
  }
  if (source === "gitlab") {
    const cfg = deps.config.sources.gitlab ?? gitlabSourceConfig.parse({});
    let client = overrides.gitlab?.client;
    if (client === undefined) {
      const token = deps.env.gitlabToken;
      if (token === null) throw new CollectorSetupError("GITLAB_TOKEN is not set: export a personal, group or project access token with the read_api scope (see docs/gitlab.md)");
      client = createGitlabClient({ baseUrl: deps.env.gitlabUrl ?? cfg.url ?? DEFAULT_GITLAB_URL, requestsPerMinute: cfg.requestsPerMinute, log: deps.log, ...overrides.gitlab?.options, token });
    }
    const collector = gitlabCollector({
      db: deps.db,
      client,
      groups: cfg.groups,
      projectPattern: cfg.projectPattern ?? null,
      projects: cfg.projects,
      incidents: cfg.incidents,
      since: deps.since ?? dayStart(cfg.since) ?? deps.now() - YEAR_MS,
      rule: (repo) => gitlabProjectRule(deps.config, repo),
      mrPageSize: cfg.pageSize,
      pipelinesPageSize: cfg.pageSize,
      log: deps.log,
      now: deps.now,
    });
    return { collector, close: () => {} };
  }
  const cfg = deps.config.sources.pagerduty ?? pagerdutySourceConfig.parse({});
  const apiUrl = deps.env.pagerdutyApiUrl ?? cfg.apiUrl ?? PAGERDUTY_DEFAULT_API_URL;
  let client = overrides.pagerduty?.client;
  const owned = client === undefined;
  if (client === undefined) {
    const token = deps.env.pagerdutyToken;
    if (token === null) throw new CollectorSetupError("PAGERDUTY_TOKEN is not set: create a read-only REST API key in PagerDuty and export it");
    client = createPagerdutyClient({ apiUrl, requestsPerMinute: cfg.requestsPerMinute, ...overrides.pagerduty?.options, token });
  }
  const pd = client;
  const collector = pagerdutyCollector({
    db: deps.db,
    client: pd,
    people: deps.config.people.map((p) => ({ id: p.id, email: p.email ?? null, pagerduty: p.pagerduty ?? null })),
    users: cfg.users,
    services: cfg.services,
    defaultSince: deps.since ?? dayStart(cfg.since) ?? deps.now() - YEAR_MS,
    overlapMs: cfg.overlapMinutes * 60_000,
    scope: new URL(apiUrl).host,
    now: deps.now,
  });
  return { collector, close: () => (owned ? pd.close() : undefined) };
}

/** Build, run and close one collector: the scheduler's job body. Throws CollectorSetupError when the source is not set up. */
export async function runCollector(source: SourceName, deps: CollectorDeps, request: RunRequest = {}, overrides: ClientOverrides = {}): Promise<CollectSummary> {
  const { collector, close } = buildCollector(source, deps, overrides);
  try {
    return await collector.run(request);
  } finally {
    close();
  }
}
