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
  /**
   * Notification channels' targets and signing secrets, by the channel's name in the variables:
   * `OPSLEDGER_CHANNEL_<NAME>_URL` and `OPSLEDGER_CHANNEL_<NAME>_SECRET` (see `channelEnv`).
   */
  channels: ReadonlyMap<string, ChannelSecrets>;
  gitlabToken: string | null;
  /** The GitLab instance (https://gitlab.example.com); overrides sources.gitlab.url. */
  gitlabUrl: string | null;
  gitlabWebhookSecret: string | null;
  /** Largest accepted POST /api/ingest body, bytes. */
  ingestLimitBytes: number;
  /** OPSLEDGER_SECRET: the key API tokens are hashed under (HMAC-SHA256, docs/decisions/0007). */
  secret: string | null;
  /** OPSLEDGER_ALLOWED_HOSTS: the host names requests may name (DNS-rebinding protection); ["*"] turns the check off. */
  allowedHosts: string[];
  /** OPSLEDGER_TRUSTED_PROXIES: addresses (or CIDR ranges) of an authenticating proxy whose user header is believed. */
  trustedProxies: string[];
  /** OPSLEDGER_PROXY_USER_HEADER: the header that proxy names the signed-in user in. */
  proxyUserHeader: string;
  /** OPSLEDGER_PROXY_ADMINS: proxy users who are admins; everyone else the proxy lets in is a viewer. */
  proxyAdmins: string[];
  /** OPSLEDGER_REQUEST_TIMEOUT_SECONDS: a read request's deadline, ms. */
  requestTimeoutMs: number;
  /** OPSLEDGER_METRICS_CACHE_SECONDS: how old the per-team figures on /metrics may be, ms. */
  metricsCacheMs: number;
  /** OPSLEDGER_CACHE_MB: bytes of figure answers `serve` keeps between requests (0: none). */
  resultCacheBytes: number;
  /** OPSLEDGER_READ_THREADS: worker threads answering reads under `serve` (default: one per core). */
  readThreads: number | null;
  /** LOG_LEVEL: pino level (default info). */
  logLevel: string;
  /**
   * The clock every command and request reads: `OPSLEDGER_NOW` (an ISO-8601 instant) pins it, so a
   * report, the demo or a whole test run can be made "as of" a date; otherwise the system clock.
   */
  now: () => number;
}

/** A channel's URL (Slack or webhook endpoint, smtp:// URL) and the webhook's signing secret. */
export interface ChannelSecrets {
  url: string | null;
  secret: string | null;
}

const nonEmpty = (v: string | undefined): string | null => (v === undefined || v === "" ? null : v);
const list = (v: string | undefined): string[] | null => {
  const text = nonEmpty(v);
  return text === null ? null : text.split(",").map((s) => s.trim()).filter((s) => s !== "");
};
const seconds = (name: string, v: string | undefined, fallback: number): number => {
  const text = nonEmpty(v);
  if (text === null) return fallback * 1000;
  if (!(Number(text) > 0)) throw new Error(`${name} must be a positive number of seconds (got "${text}")`);
  return Math.round(Number(text) * 1000);
};

/** The names a loopback server answers to by default. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
/** Shorter keys are guessable or typed by hand; 32 characters is 128 bits of hex or more of base64. */
export const MIN_SECRET_LENGTH = 32;

/** The variable holding a channel's URL or secret: "oncall-slack" → OPSLEDGER_CHANNEL_ONCALL_SLACK_URL. */
export const channelEnv = (channel: string, part: "URL" | "SECRET"): string => `OPSLEDGER_CHANNEL_${channel.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${part}`;

const CHANNEL_VARIABLE = /^OPSLEDGER_CHANNEL_([A-Z0-9_]+)_(URL|SECRET)$/;

function readChannels(env: NodeJS.ProcessEnv): Map<string, ChannelSecrets> {
  const channels = new Map<string, ChannelSecrets>();
  for (const [name, value] of Object.entries(env)) {
    const match = CHANNEL_VARIABLE.exec(name);
    const text = nonEmpty(value);
    if (match?.[1] === undefined || text === null) continue;
    const entry = channels.get(match[1]) ?? { url: null, secret: null };
    if (match[2] === "URL") entry.url = text;
    else entry.secret = text;
    channels.set(match[1], entry);
  }
  return channels;
}

/** What the environment holds for a channel of the config (nulls when nothing). */
export function channelSecrets(env: Pick<Environment, "channels">, channel: string): ChannelSecrets {
  const key = channelEnv(channel, "URL").slice("OPSLEDGER_CHANNEL_".length, -"_URL".length);
  return env.channels.get(key) ?? { url: null, secret: null };
}

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
  const secret = nonEmpty(env.OPSLEDGER_SECRET);
  if (secret !== null && secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`OPSLEDGER_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. the output of \`openssl rand -hex 32\`)`);
  }
  const cacheMb = nonEmpty(env.OPSLEDGER_CACHE_MB);
  if (cacheMb !== null && !(Number(cacheMb) >= 0)) throw new Error(`OPSLEDGER_CACHE_MB must be a number of megabytes, 0 for none (got "${cacheMb}")`);
  const threads = nonEmpty(env.OPSLEDGER_READ_THREADS);
  if (threads !== null && !/^[1-9]\d*$/.test(threads)) throw new Error(`OPSLEDGER_READ_THREADS must be a whole number of threads, at least 1 (got "${threads}")`);
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
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
    channels: readChannels(env),
    gitlabToken: nonEmpty(env.GITLAB_TOKEN),
    gitlabUrl: nonEmpty(env.GITLAB_URL),
    gitlabWebhookSecret: nonEmpty(env.GITLAB_WEBHOOK_SECRET),
    ingestLimitBytes: Math.round((limit === null ? 10 : Number(limit)) * 1024 * 1024),
    secret,
    allowedHosts: (list(env.OPSLEDGER_ALLOWED_HOSTS) ?? LOOPBACK_HOSTS).map((h) => h.toLowerCase()),
    trustedProxies: list(env.OPSLEDGER_TRUSTED_PROXIES) ?? [],
    proxyUserHeader: (nonEmpty(env.OPSLEDGER_PROXY_USER_HEADER) ?? "x-forwarded-user").toLowerCase(),
    proxyAdmins: list(env.OPSLEDGER_PROXY_ADMINS) ?? [],
    requestTimeoutMs: seconds("OPSLEDGER_REQUEST_TIMEOUT_SECONDS", env.OPSLEDGER_REQUEST_TIMEOUT_SECONDS, 30),
    metricsCacheMs: seconds("OPSLEDGER_METRICS_CACHE_SECONDS", env.OPSLEDGER_METRICS_CACHE_SECONDS, 60),
    resultCacheBytes: Math.round((cacheMb === null ? 64 : Number(cacheMb)) * 1024 * 1024),
    readThreads: threads === null ? null : Number(threads),
    logLevel,
    now: pinnedAt === null ? Date.now : () => pinnedAt,
  };
}
