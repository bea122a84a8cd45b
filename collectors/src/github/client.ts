/**
 * One GitHub client for GraphQL and REST: @octokit/core with the retry and throttling plugins.
 *
 * - Primary limit: every query asks for `rateLimit { cost remaining resetAt }`; REST responses carry
 *   x-ratelimit-* headers. Before a request that could run the budget dry the client sleeps until
 *   the reset instead of hitting the wall.
 * - Secondary limits (403/429 "secondary rate limit", retry-after) are retried by the throttling
 *   plugin after the time GitHub asks for; 5xx and GraphQL "Something went wrong" by the retry plugin.
 * - GraphQL `errors` next to partial `data` are returned with the data, never dropped.
 * The token is handed to Octokit and nowhere else; it is never logged.
 */
import { Octokit } from "@octokit/core";
import { GraphqlResponseError } from "@octokit/graphql";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { RequestError } from "@octokit/request-error";
// The throttling plugin paces every GraphQL POST like a write (1 s apart) unless handed a group.
import Bottleneck from "bottleneck";
import type { z } from "zod";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

export interface GithubClientOptions {
  /** A personal access token or a GitHub App installation token. */
  token: string;
  /** REST base URL: https://api.github.com, https://HOST/api/v3 (Enterprise Server), or a fake. */
  apiUrl?: string | null;
  userAgent?: string;
  /** Retries of 5xx / "Something went wrong" and of rate-limited requests. Default 3. */
  retries?: number;
  /** Multiplier for every wait GitHub asks for or the retry backoff computes (ms per second). Tests pass 1. */
  retryAfterBaseMs?: number;
  /** Minimum spacing of GraphQL requests, ms. Default 1000, GitHub's advice for POSTs. */
  graphqlIntervalMs?: number;
  /** Pause until reset when a GraphQL query would leave fewer points than this. Default 100. */
  reservePoints?: number;
  /** Pause until reset when fewer REST requests than this remain. Default 20. */
  reserveRequests?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log?: (line: string) => void;
}

export interface GraphqlProblem {
  message: string;
  type: string | null;
  path: string | null;
}

export interface GraphqlResult<T> {
  data: T;
  /** Errors GitHub returned next to partial data (nulls where the failing fields were). */
  errors: GraphqlProblem[];
}

export interface RestResult<T> {
  status: number;
  data: T;
  /** The next page's URL from the Link header, or null on the last page. */
  next: string | null;
}

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  graphqlRequests: number;
  restRequests: number;
  /** GraphQL points spent (sum of `rateLimit.cost`). */
  points: number;
  /** Times the client waited for the primary limit to reset. */
  pauses: number;
  /** Requests GitHub refused for a secondary limit or a server error, then retried. */
  retried: number;
  /** Of those, the server errors (5xx) retried by the retry plugin. */
  retries: number;
  /** Waits for a rate limit: secondary limits retried after GitHub's Retry-After, and budget pauses. */
  rateLimitWaits: number;
  /** Their length as GitHub asked (ms), before `retryAfterBaseMs` scales it down in tests. */
  rateLimitWaitMs: number;
}

export class GithubApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "GithubApiError";
  }
}

export interface GithubClient {
  readonly apiUrl: string;
  graphql<S extends z.ZodType>(query: string, variables: Record<string, unknown>, schema: S): Promise<GraphqlResult<z.output<S>>>;
  /** GET a REST route (`/repos/{owner}/{repo}/...` with params) or an absolute next-page URL. 404 → null. */
  rest<S extends z.ZodType>(route: string, params: Record<string, string | number>, schema: S): Promise<RestResult<z.output<S>> | null>;
  stats(): ClientStats;
}

const ThrottledOctokit = Octokit.plugin(retry, throttling);

function linkNext(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (m?.[1]) return m[1];
  }
  return null;
}

function describe(error: unknown): string {
  if (error instanceof RequestError) {
    const body = error.response?.data;
    const message = typeof body === "object" && body !== null && "message" in body ? String((body as { message: unknown }).message) : error.message;
    if (error.status === 401) return `GitHub rejected the token (401 ${message}); check GITHUB_TOKEN`;
    return `GitHub answered ${error.status}: ${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Build the client. Nothing is sent until the first call. */
export function createGithubClient(options: GithubClientOptions): GithubClient {
  const apiUrl = (options.apiUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, "");
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const base = options.retryAfterBaseMs ?? 1000;
  const retries = options.retries ?? 3;
  const reservePoints = options.reservePoints ?? 100;
  const reserveRequests = options.reserveRequests ?? 20;
  const stats: ClientStats = { requests: 0, graphqlRequests: 0, restRequests: 0, points: 0, pauses: 0, retried: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };

  let graphqlRemaining: number | null = null;
  let graphqlResetAt: number | null = null;
  let lastCost = 1;
  let restRemaining: number | null = null;
  let restResetAt: number | null = null;

  const countingFetch: typeof fetch = async (input, init) => {
    stats.requests++;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname.endsWith("/graphql")) stats.graphqlRequests++;
    else stats.restRequests++;
    const response = await fetch(input, init);
    // Responses the plugins will retry: server errors and secondary limits.
    if (response.status >= 500 || response.status === 429 || (response.status === 403 && response.headers.has("retry-after"))) {
      stats.retried++;
      if (response.status >= 500) stats.retries++;
      log(`GitHub answered ${response.status} on ${init?.method ?? "GET"} ${new URL(url).pathname}; retrying`);
    }
    return response;
  };

  const limitHandler = (kind: string) => (retryAfter: number, opts: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    stats.rateLimitWaits++;
    stats.rateLimitWaitMs += retryAfter * 1000;
    log(`GitHub ${kind} rate limit on ${opts.method ?? ""} ${opts.url ?? ""}: retrying in ${retryAfter}s (attempt ${retryCount + 1} of ${retries})`);
    return retryCount < retries;
  };

  const octokit = new ThrottledOctokit({
    auth: options.token,
    baseUrl: apiUrl,
    userAgent: options.userAgent ?? "opsledger",
    request: { fetch: countingFetch },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
    retry: { retries, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      id: `opsledger-${Math.random().toString(36).slice(2)}`,
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.graphqlIntervalMs ?? 1000 }),
      onRateLimit: limitHandler("primary"),
      onSecondaryRateLimit: limitHandler("secondary"),
    },
  });

  async function pauseFor(remaining: number | null, resetAt: number | null, needed: number, what: string): Promise<void> {
    if (remaining === null || resetAt === null || remaining >= needed) return;
    const wait = Math.max(0, resetAt - now()) + 1000;
    stats.pauses++;
    stats.rateLimitWaits++;
    stats.rateLimitWaitMs += wait;
    log(`GitHub ${what} budget nearly spent (${remaining} left): pausing until ${new Date(resetAt).toISOString()}`);
    await sleep(wait);
  }

  function noteRateLimit(data: unknown): void {
    if (typeof data !== "object" || data === null || !("rateLimit" in data)) return;
    const rl = (data as { rateLimit: unknown }).rateLimit;
    if (typeof rl !== "object" || rl === null) return;
    const { cost, remaining, resetAt } = rl as { cost?: unknown; remaining?: unknown; resetAt?: unknown };
    if (typeof cost === "number") {
      stats.points += cost;
      lastCost = cost;
    }
    if (typeof remaining === "number") graphqlRemaining = remaining;
    if (typeof resetAt === "string") graphqlResetAt = Date.parse(resetAt);
  }

  return {
    apiUrl,
    async graphql(query, variables, schema) {
      await pauseFor(graphqlRemaining, graphqlResetAt, reservePoints + lastCost, "GraphQL point");
      if (graphqlRemaining !== null && graphqlRemaining < reservePoints + lastCost) graphqlRemaining = null;
      let raw: unknown;
      let errors: GraphqlProblem[] = [];
      try {
        raw = await octokit.graphql(query, variables);
      } catch (error) {
        if (error instanceof GraphqlResponseError && error.data !== undefined && error.data !== null) {
          raw = error.data;
          errors = (error.errors ?? []).map((e) => {
            const extra = e as { type?: unknown };
            return { message: e.message, type: typeof extra.type === "string" ? extra.type : null, path: e.path ? e.path.join(".") : null };
          });
          for (const e of errors) log(`GitHub GraphQL error${e.path ? ` at ${e.path}` : ""}: ${e.message} (partial data kept)`);
        } else if (error instanceof GraphqlResponseError) {
          throw new GithubApiError(`GitHub GraphQL error: ${error.errors?.map((e) => e.message).join("; ") ?? error.message}`, null);
        } else {
          throw new GithubApiError(describe(error), error instanceof RequestError ? error.status : null);
        }
      }
      noteRateLimit(raw);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new GithubApiError(`unexpected GraphQL response shape: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, null);
      }
      return { data: parsed.data, errors };
    },

    async rest(route, params, schema) {
      await pauseFor(restRemaining, restResetAt, reserveRequests, "REST request");
      if (restRemaining !== null && restRemaining < reserveRequests) restRemaining = null;
      let response;
      try {
        response = route.startsWith("http") ? await octokit.request({ method: "GET", url: route }) : await octokit.request(`GET ${route}`, params);
      } catch (error) {
        if (error instanceof RequestError && error.status === 404) return null;
        throw new GithubApiError(describe(error), error instanceof RequestError ? error.status : null);
      }
      const remaining = response.headers["x-ratelimit-remaining"];
      const reset = response.headers["x-ratelimit-reset"];
      if (remaining !== undefined) restRemaining = Number(remaining);
      if (reset !== undefined) restResetAt = Number(reset) * 1000;
      const parsed = schema.safeParse(response.data);
      if (!parsed.success) {
        throw new GithubApiError(`unexpected response from GitHub ${route}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, response.status);
      }
      return { status: response.status, data: parsed.data, next: linkNext(response.headers.link) };
    },

    stats: () => ({ ...stats }),
  };
}
