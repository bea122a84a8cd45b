/**
 * One GitLab client for GraphQL (`/api/graphql`) and REST (`/api/v4`), gitlab.com or self-managed.
 * Pacing, retries and rate limits are Bottleneck's (docs/decisions/0010):
 * - requests go through one limiter: at most `concurrency` at once, spaced to `requestsPerMinute`;
 * - a 429 is retried after `Retry-After` (or `RateLimit-Reset`), a 5xx, a timeout or a dropped
 *   connection after an exponential backoff, both by the limiter's `failed` handler;
 * - every response's `RateLimit-Remaining` is read, and when fewer than `reserveRequests` remain
 *   the limiter's reservoir is emptied until `RateLimit-Reset`, so the budget is never run dry.
 * GraphQL `errors` next to partial `data` are returned with the data; every response is validated.
 * The token goes into one header and nowhere else; it is never logged or put in an error.
 */
import Bottleneck from "bottleneck";
import type { z } from "zod";
import type { RequestCounters } from "../contract.ts";

export const DEFAULT_GITLAB_URL = "https://gitlab.com";

export interface GitlabClientOptions {
  token: string;
  /** The instance: https://gitlab.com, https://gitlab.example.com, or a fake. `/api/v4` is added. */
  baseUrl?: string | null;
  /** GitLab.com allows 2,000 authenticated API requests a minute; default 1,200 leaves room for other tools. */
  requestsPerMinute?: number;
  concurrency?: number;
  /** Retries of a 5xx, a timeout or a dropped connection. Default 3. */
  retries?: number;
  /** 429s one request may wait out. Default 10. */
  maxRateLimitWaits?: number;
  /** First backoff after a 5xx (doubles each retry), ms. Default 1000. */
  backoffMs?: number;
  /** Pause until the reset when fewer requests than this remain. Default 10. */
  reserveRequests?: number;
  /** Multiplies every wait GitLab asks for (Retry-After, RateLimit-Reset). Tests pass a tiny scale. */
  waitScale?: number;
  timeoutMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface GitlabClientStats extends RequestCounters {
  graphqlRequests: number;
  restRequests: number;
}

export interface GraphqlProblem {
  message: string;
  path: string | null;
}

export interface RestPage<T> {
  data: T;
  /** The `rel="next"` link (offset or keyset), or null on the last page. */
  next: string | null;
  /** `x-total`, when GitLab sends it (not past 10,000 records, nor for keyset pages). */
  total: number | null;
}

export class GitlabApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "GitlabApiError";
  }
}

export interface GitlabClient {
  readonly baseUrl: string;
  graphql<S extends z.ZodType>(query: string, variables: Record<string, unknown>, schema: S): Promise<{ data: z.output<S>; errors: GraphqlProblem[] }>;
  /** GET `/projects/:id/...` (path under /api/v4, with a query) or an absolute next-page link. 404 → null. */
  rest<S extends z.ZodType>(path: string, query: Record<string, string | number | boolean>, schema: S): Promise<RestPage<z.output<S>> | null>;
  stats(): GitlabClientStats;
}

type Outcome = { kind: "ok"; response: Response; body: unknown } | { kind: "not-found" };

/** An attempt to hand to Bottleneck's `failed` handler: retry it, or give up with `error`. */
class Retryable extends Error {
  constructor(
    readonly reason: "rate-limited" | "server" | "network",
    readonly waitMs: number | null,
    readonly error: GitlabApiError,
  ) {
    super(error.message);
  }
}

function linkNext(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (m?.[1]) return m[1];
  }
  return null;
}

const num = (v: string | null): number | null => (v !== null && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : null);

/** The wait GitLab asks for after a 429: `Retry-After` seconds, else until `RateLimit-Reset` (epoch seconds), else 60 s. */
export function retryAfterMs(headers: Headers, now: number): number {
  const after = num(headers.get("retry-after"));
  if (after !== null) return after * 1000;
  const reset = num(headers.get("ratelimit-reset"));
  if (reset !== null) return Math.max(0, reset * 1000 - now);
  return 60_000;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

export function createGitlabClient(options: GitlabClientOptions): GitlabClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_GITLAB_URL).replace(/\/+$/, "");
  const apiUrl = `${baseUrl}/api/v4`;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const scale = options.waitScale ?? 1;
  const retries = options.retries ?? 3;
  const maxWaits = options.maxRateLimitWaits ?? 10;
  const backoffMs = options.backoffMs ?? 1000;
  const reserve = options.reserveRequests ?? 10;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const rpm = options.requestsPerMinute ?? 1200;
  const stats: GitlabClientStats = { requests: 0, graphqlRequests: 0, restRequests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };

  const limiter = new Bottleneck({ maxConcurrent: options.concurrency ?? 4, minTime: Number.isFinite(rpm) && rpm > 0 ? Math.floor(60_000 / rpm) : 0 });
  const tries = new WeakMap<object, { server: number; waits: number }>();
  limiter.on("failed", (error: unknown, info: { options: { id: string }; args: unknown[] }) => {
    if (!(error instanceof Retryable)) return undefined;
    const key = info.args[0];
    if (typeof key !== "object" || key === null) return undefined;
    const count = tries.get(key) ?? { server: 0, waits: 0 };
    tries.set(key, count);
    if (error.reason === "rate-limited") {
      if (++count.waits > maxWaits) return undefined;
      const wait = error.waitMs ?? 60_000;
      stats.rateLimitWaits++;
      stats.rateLimitWaitMs += wait;
      log(`GitLab rate limit: waiting ${Math.ceil(wait / 1000)} s as it asked (wait ${count.waits} of ${maxWaits})`);
      return Math.round(wait * scale);
    }
    if (++count.server > retries) return undefined;
    stats.retries++;
    log(`${error.message}; retry ${count.server} of ${retries}`);
    return backoffMs * 2 ** (count.server - 1);
  });

  /** Fewer than `reserve` requests left: hold every queued request until the reset, then go on. */
  let paused = false;
  function noteBudget(headers: Headers): void {
    const remaining = num(headers.get("ratelimit-remaining"));
    const reset = num(headers.get("ratelimit-reset"));
    if (paused || remaining === null || reset === null || remaining >= reserve) return;
    const wait = Math.max(0, reset * 1000 - now()) + 1000;
    paused = true;
    stats.rateLimitWaits++;
    stats.rateLimitWaitMs += wait;
    log(`GitLab budget nearly spent (${remaining} left): pausing until ${new Date(reset * 1000).toISOString()}`);
    void limiter.updateSettings({ reservoir: 0 });
    setTimeout(() => {
      paused = false;
      void limiter.updateSettings({ reservoir: null });
    }, Math.round(wait * scale)).unref();
  }

  /** One HTTP exchange. Throws Retryable for what is worth another try, GitlabApiError for the rest. */
  async function exchange(what: { url: string; init: RequestInit; shown: string; graphql: boolean }): Promise<Outcome> {
    stats.requests++;
    if (what.graphql) stats.graphqlRequests++;
    else stats.restRequests++;
    let response: Response;
    try {
      response = await fetch(what.url, { ...what.init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const why = error instanceof Error && error.name === "TimeoutError" ? `no response within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      throw new Retryable("network", null, new GitlabApiError(`GitLab ${what.shown}: ${why}`, null));
    }
    if (response.status === 429) {
      await response.body?.cancel();
      throw new Retryable("rate-limited", retryAfterMs(response.headers, now()), new GitlabApiError(`GitLab ${what.shown}: still rate limited (429) after ${maxWaits} waits`, 429));
    }
    // A 429 is waited out by its own Retry-After; any other answer says how much budget is left.
    noteBudget(response.headers);
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new Retryable("server", null, new GitlabApiError(`GitLab answered ${response.status} on ${what.shown}`, response.status));
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { kind: "not-found" };
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      throw new GitlabApiError(`GitLab ${what.shown}: answered ${response.status} with a body that is not JSON`, response.status);
    }
    if (response.status === 401) throw new GitlabApiError(`GitLab rejected the token (401 on ${what.shown}); check GITLAB_TOKEN and its read_api scope`, 401);
    if (response.status >= 400) {
      const message = typeof body === "object" && body !== null ? JSON.stringify((body as { message?: unknown; error?: unknown }).message ?? (body as { error?: unknown }).error ?? body) : text;
      throw new GitlabApiError(`GitLab answered ${response.status} on ${what.shown}: ${message}`, response.status);
    }
    return { kind: "ok", response, body };
  }

  async function send(what: { url: string; init: RequestInit; shown: string; graphql: boolean }): Promise<Outcome> {
    // The request object is the key Bottleneck's `failed` handler counts this request's tries under.
    try {
      return await limiter.schedule((w: typeof what) => exchange(w), what);
    } catch (error) {
      if (error instanceof Retryable) throw error.error;
      throw error;
    }
  }

  return {
    baseUrl,
    async graphql(query, variables, schema) {
      const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "query";
      const outcome = await send({
        url: `${baseUrl}/api/graphql`,
        init: { method: "POST", headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json", "user-agent": "opsledger" }, body: JSON.stringify({ query, variables }) },
        shown: `GraphQL ${operation}`,
        graphql: true,
      });
      if (outcome.kind === "not-found") throw new GitlabApiError(`GitLab GraphQL ${operation}: the endpoint answered 404 (is ${baseUrl} a GitLab instance?)`, 404);
      const body = outcome.body as { data?: unknown; errors?: { message?: unknown; path?: unknown }[] } | null;
      const errors: GraphqlProblem[] = (body?.errors ?? []).map((e) => ({ message: String(e.message ?? "error"), path: Array.isArray(e.path) ? e.path.join(".") : null }));
      if (body?.data === undefined || body.data === null) {
        throw new GitlabApiError(`GitLab GraphQL ${operation} failed: ${errors.map((e) => e.message).join("; ") || "no data"}`, null);
      }
      for (const e of errors) log(`GitLab GraphQL ${operation} error${e.path ? ` at ${e.path}` : ""}: ${e.message} (partial data kept)`);
      const parsed = schema.safeParse(body.data);
      if (!parsed.success) throw new GitlabApiError(`unexpected GraphQL response from GitLab ${operation}: ${describeIssues(parsed.error)}`, null);
      return { data: parsed.data, errors };
    },

    async rest(path, query, schema) {
      const url = path.startsWith("http") ? new URL(path) : new URL(`${apiUrl}${path}`);
      if (!path.startsWith("http")) for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
      const shown = `GET ${url.pathname}`;
      const outcome = await send({ url: url.toString(), init: { method: "GET", headers: { "private-token": options.token, "user-agent": "opsledger" } }, shown, graphql: false });
      if (outcome.kind === "not-found") return null;
      const parsed = schema.safeParse(outcome.body);
      if (!parsed.success) throw new GitlabApiError(`unexpected response from GitLab ${shown}: ${describeIssues(parsed.error)}`, outcome.response.status);
      return { data: parsed.data, next: linkNext(outcome.response.headers.get("link")), total: num(outcome.response.headers.get("x-total")) };
    },

    stats: () => ({ ...stats }),
  };
}
