/**
 * The process environment, read once at start-up. Secrets stay in this object and are handed
 * only to the client that needs them; they are never logged, stored or returned.
 */
import { DEFAULT_DATABASE_URL } from "@opsledger/db";
import { DEFAULT_CONFIG_PATH } from "./config/load.ts";

export interface Environment {
  databaseUrl: string;
  configPath: string;
  /** True when OPSLEDGER_CONFIG named the file: then it must exist. */
  configPathExplicit: boolean;
  port: number | null;
  host: string | null;
  githubToken: string | null;
  githubApiUrl: string | null;
  githubWebhookSecret: string | null;
  pagerdutyToken: string | null;
  pagerdutyApiUrl: string | null;
  gitlabToken: string | null;
  /** The GitLab instance (https://gitlab.example.com); overrides sources.gitlab.url. */
  gitlabUrl: string | null;
  gitlabWebhookSecret: string | null;
  /** Largest accepted POST /api/ingest body, bytes. */
  ingestLimitBytes: number;
  /**
   * The clock every command and request reads: `OPSLEDGER_NOW` (an ISO-8601 instant) pins it, so a
   * report, the demo or a whole test run can be made "as of" a date; otherwise the system clock.
   */
  now: () => number;
}

const nonEmpty = (v: string | undefined): string | null => (v === undefined || v === "" ? null : v);

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const port = nonEmpty(env.PORT);
  if (port !== null && !/^\d+$/.test(port)) throw new Error(`PORT must be a number (got "${port}")`);
  const limit = nonEmpty(env.OPSLEDGER_INGEST_LIMIT_MB);
  if (limit !== null && !(Number(limit) > 0)) throw new Error(`OPSLEDGER_INGEST_LIMIT_MB must be a positive number (got "${limit}")`);
  const pinned = nonEmpty(env.OPSLEDGER_NOW);
  const pinnedAt = pinned === null ? null : Date.parse(pinned);
  if (pinned !== null && (pinnedAt === null || !Number.isFinite(pinnedAt) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(pinned))) {
    throw new Error(`OPSLEDGER_NOW must be an ISO-8601 instant with an offset, e.g. 2026-11-18T10:00:00Z (got "${pinned}")`);
  }
  return {
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
    configPath: nonEmpty(env.OPSLEDGER_CONFIG) ?? DEFAULT_CONFIG_PATH,
    configPathExplicit: nonEmpty(env.OPSLEDGER_CONFIG) !== null,
    port: port === null ? null : Number(port),
    host: nonEmpty(env.HOST),
    githubToken: nonEmpty(env.GITHUB_TOKEN),
    githubApiUrl: nonEmpty(env.GITHUB_API_URL),
    githubWebhookSecret: nonEmpty(env.GITHUB_WEBHOOK_SECRET),
    pagerdutyToken: nonEmpty(env.PAGERDUTY_TOKEN),
    pagerdutyApiUrl: nonEmpty(env.PAGERDUTY_API_URL),
    gitlabToken: nonEmpty(env.GITLAB_TOKEN),
    gitlabUrl: nonEmpty(env.GITLAB_URL),
    gitlabWebhookSecret: nonEmpty(env.GITLAB_WEBHOOK_SECRET),
    ingestLimitBytes: Math.round((limit === null ? 10 : Number(limit)) * 1024 * 1024),
    now: pinnedAt === null ? Date.now : () => pinnedAt,
  };
}
