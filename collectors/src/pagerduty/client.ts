/**
 * PagerDuty REST API v2 client on @pagerduty/pdjs, wrapped to work around its limits:
 * - pdjs builds `https://api.pagerduty.com/…` itself: every call passes a full `url`, so the base
 *   URL comes from the config or PAGERDUTY_API_URL (EU region, a loopback fake in tests);
 * - `.all()` breaks on nested endpoints and swallows errors on later pages: paging is ours and
 *   every page is checked;
 * - it resolves 4xx/5xx: the status is checked on every response;
 * - its 429 retry waits a fixed 20 s and ignores `ratelimit-reset`: we see the 429 as its
 *   headers arrive (node:diagnostics_channel), abort pdjs's copy of the request so it cannot
 *   retry, and wait until the reset ourselves;
 * - its "timeout" is a timer that does nothing: an AbortController gives a real one.
 * Retries (5xx, timeouts, dropped connections) and 429 waits run through Bottleneck's retry
 * (`failed` handler). Requests are paced to stay under 960 a minute, on the client's clock. The token goes only into the Authorization
 * header (`Token token=…`, pdjs's default token type); it is never logged or put in an error.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import http from "node:http";
import https from "node:https";
import { randomUUID } from "node:crypto";
import { api } from "@pagerduty/pdjs";
// pdjs does not re-export its parameter type from the package root.
import type { APIParameters } from "@pagerduty/pdjs/build/src/api";
import Bottleneck from "bottleneck";
import { z } from "zod";
import { pageEnvelope } from "./api-types.ts";

export const DEFAULT_API_URL = "https://api.pagerduty.com";
/** PagerDuty's page size ceiling. */
export const MAX_LIMIT = 100;
/** `offset + limit` may not pass this; split the time window instead. */
export const MAX_OFFSET_WINDOW = 10_000;
/** PagerDuty's REST limit per API key. */
export const DEFAULT_REQUESTS_PER_MINUTE = 960;

export interface PagerdutyClientOptions {
  token: string;
  /** Base URL, e.g. https://api.eu.pagerduty.com; default https://api.pagerduty.com. */
  apiUrl?: string | null;
  requestsPerMinute?: number;
  /** Per request, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Retries after a 5xx, a timeout or a network error (429s are waited out separately). Default 2. */
  maxRetries?: number;
  /** How many 429s in a row one request may wait out before giving up. Default 10. */
  maxRateLimitWaits?: number;
  /** First backoff after a 5xx; doubles each retry. Default 1 s. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ClientStats {
  /** HTTP requests sent (each attempt counts). */
  requests: number;
  /** 429 responses waited out, and for how long in total. */
  rateLimited: number;
  rateLimitWaitMs: number;
  /** Attempts repeated after a 5xx, a timeout or a network error. */
  retries: number;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  more: boolean;
  total: number | null;
}

/** A request PagerDuty refused or that never completed; `status` null for timeouts and network errors. */
export class PagerdutyApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly path: string,
  ) {
    super(message);
    this.name = "PagerdutyApiError";
  }
}

export interface PagerdutyClient {
  readonly stats: ClientStats;
  /** One GET, validated; `path` like `/incidents/PXYZ`. */
  get<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.output<S>>;
  /** One page of a list endpoint; throws before asking past PagerDuty's 10,000 offset cap. */
  page<T>(path: string, key: string, item: z.ZodType<T>, query: Query, offset: number, options?: { limit?: number; total?: boolean }): Promise<Page<T>>;
  /** Every page of a list endpoint, in order, each checked. */
  pages<T>(path: string, key: string, item: z.ZodType<T>, query: Query, options?: { total?: boolean }): AsyncGenerator<Page<T>>;
  /** All items of a (small) list endpoint. */
  list<T>(path: string, key: string, item: z.ZodType<T>, query?: Query): Promise<T[]>;
  close(): void;
}

const CALL_HEADER = "x-opsledger-request";

/** Responses seen on the wire, by our call id, before pdjs (and its 429 retry) gets them. */
const observers = new Map<string, (status: number, headers: http.IncomingHttpHeaders) => void>();
let subscribed = false;

function observeResponses(): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe("http.client.response.finish", (message) => {
    if (typeof message !== "object" || message === null || !("request" in message) || !("response" in message)) return;
    const { request, response } = message as { request: unknown; response: unknown };
    if (!(request instanceof http.ClientRequest) || !(response instanceof http.IncomingMessage)) return;
    // node-fetch hands header values over as arrays.
    const value = request.getHeader(CALL_HEADER);
    const id = Array.isArray(value) ? value[0] : value;
    if (typeof id !== "string") return;
    observers.get(id)?.(response.statusCode ?? 0, response.headers);
  });
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function header(headers: http.IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** Milliseconds to wait after a 429: `ratelimit-reset` (seconds), else `retry-after`, else 1 s. */
export function rateLimitWait(headers: http.IncomingHttpHeaders): number {
  for (const name of ["ratelimit-reset", "retry-after"]) {
    const value = header(headers, name);
    if (value !== null && /^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Math.ceil(Number(value) * 1000));
  }
  return 1000;
}

function appendQuery(url: URL, query: Query): void {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.append(key, String(value));
  }
}

function errorMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === "string") : [];
  return [typeof message === "string" ? message : null, ...details].filter((s) => s !== null).join(": ") || null;
}

type Attempt =
  | { kind: "ok"; body: unknown }
  | { kind: "status"; status: number; body: unknown }
  | { kind: "rate-limited"; waitMs: number }
  | { kind: "timeout" }
  | { kind: "network"; message: string };

/** One attempt that did not succeed, handed to Bottleneck's `failed` handler with the request's retry state. */
class AttemptFailed extends Error {
  constructor(
    readonly result: Exclude<Attempt, { kind: "ok" }>,
    readonly state: { failures: number; waits: number },
  ) {
    super(`attempt failed: ${result.kind}`);
  }
}

export function createPagerdutyClient(options: PagerdutyClientOptions): PagerdutyClient {
  observeResponses();
  const base = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const rpm = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  const interval = Number.isFinite(rpm) && rpm > 0 ? 60_000 / rpm : 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 2;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? 10;
  const backoffMs = options.backoffMs ?? 1000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const stats: ClientStats = { requests: 0, rateLimited: 0, rateLimitWaitMs: 0, retries: 0 };
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });

  // Pacing: each request takes the next free slot; a 429 pushes every slot past the reset.
  let nextSlot = 0;
  async function acquire(): Promise<void> {
    const t = now();
    const slot = Math.ceil(Math.max(t, nextSlot));
    nextSlot = slot + interval;
    if (slot > t) await sleep(slot - t);
  }

  async function attempt(url: string): Promise<Attempt> {
    await acquire();
    stats.requests += 1;
    const id = randomUUID();
    const controller = new AbortController();
    let rateLimited: http.IncomingHttpHeaders | null = null;
    let timedOut = false;
    observers.set(id, (status, headers) => {
      if (status === 429) {
        rateLimited = headers;
        // Stop pdjs's own fixed-delay retry: its next fetch sees an aborted signal.
        controller.abort();
      }
    });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const agent = (parsed: { protocol: string }) => (parsed.protocol === "http:" ? httpAgent : httpsAgent);
    // `agent` is handed through pdjs to its fetch (node-fetch): keep-alive, one pool per client.
    const params: APIParameters & { agent: typeof agent } = {
      token: options.token,
      url,
      method: "GET",
      headers: { [CALL_HEADER]: id },
      signal: controller.signal,
      requestTimeout: 0,
      retryTimeout: 0,
      agent,
    };
    try {
      const response = await api(params);
      const status = response.response.status;
      const body: unknown = response.data;
      if (status >= 200 && status < 300) return { kind: "ok", body };
      return { kind: "status", status, body };
    } catch (error) {
      if (rateLimited !== null) return { kind: "rate-limited", waitMs: rateLimitWait(rateLimited) };
      if (timedOut) return { kind: "timeout" };
      // pdjs rejects with the response itself when the body is not JSON.
      if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
        return { kind: "status", status: error.status, body: null };
      }
      return { kind: "network", message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
      observers.delete(id);
    }
  }

  /**
   * Retries and 429 waits are Bottleneck's: a retryable attempt throws `AttemptFailed`, and the
   * `failed` handler decides whether and when it runs again. The waits themselves go through the
   * client's clock (`sleep`, and the pacing slot pushed past a reset), so tests measure them
   * without spending them; the handler then asks Bottleneck for an immediate retry.
   */
  const limiter = new Bottleneck();
  limiter.on("failed", async (error: unknown) => {
    if (!(error instanceof AttemptFailed)) return undefined;
    const { result, state } = error;
    if (result.kind === "rate-limited") {
      state.waits += 1;
      if (state.waits > maxRateLimitWaits) return undefined;
      stats.rateLimited += 1;
      stats.rateLimitWaitMs += result.waitMs;
      // The next slot (for this and every concurrent request) is after the reset.
      nextSlot = Math.max(nextSlot, now() + result.waitMs);
      return 0;
    }
    const retryable = result.kind !== "status" || result.status >= 500;
    if (!retryable || state.failures >= maxRetries) return undefined;
    state.failures += 1;
    stats.retries += 1;
    await sleep(backoffMs * 2 ** (state.failures - 1));
    return 0;
  });

  async function getRaw(path: string, query: Query): Promise<unknown> {
    const url = new URL(`${base}${path}`);
    appendQuery(url, query);
    const shown = `${url.pathname}${url.search}`;
    const state = { failures: 0, waits: 0 };
    try {
      return await limiter.schedule(async () => {
        const result = await attempt(url.toString());
        if (result.kind === "ok") return result.body;
        throw new AttemptFailed(result, state);
      });
    } catch (error) {
      if (!(error instanceof AttemptFailed)) throw error;
      const { result } = error;
      if (result.kind === "rate-limited") throw new PagerdutyApiError(`GET ${shown}: still rate limited after ${maxRateLimitWaits} waits`, 429, path);
      if (result.kind === "status") {
        const why = errorMessage(result.body);
        throw new PagerdutyApiError(`GET ${shown}: HTTP ${result.status}${why ? ` (${why})` : ""}`, result.status, path);
      }
      const why = result.kind === "timeout" ? `no response within ${timeoutMs} ms` : result.kind === "network" ? result.message : "";
      throw new PagerdutyApiError(`GET ${shown}: ${why}`, null, path);
    }
  }

  async function get<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.output<S>> {
    const body = await getRaw(path, query);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? "" : ` at ${issue.path.join(".") || "(root)"}: ${issue.message}`;
      throw new PagerdutyApiError(`GET ${path}: unexpected response${where}`, null, path);
    }
    return parsed.data;
  }

  async function page<T>(
    path: string,
    key: string,
    item: z.ZodType<T>,
    query: Query,
    offset: number,
    pageOptions: { limit?: number; total?: boolean } = {},
  ): Promise<Page<T>> {
    const limit = Math.min(pageOptions.limit ?? MAX_LIMIT, MAX_LIMIT);
    if (offset + limit > MAX_OFFSET_WINDOW) {
      throw new PagerdutyApiError(`GET ${path}: offset ${offset} + limit ${limit} passes PagerDuty's ${MAX_OFFSET_WINDOW} cap; split the window`, null, path);
    }
    const schema = z.looseObject({ ...pageEnvelope, [key]: z.array(item) });
    const data = await get(path, { ...query, limit, offset, total: pageOptions.total ? true : undefined }, schema);
    const items = data[key];
    if (!Array.isArray(items)) throw new PagerdutyApiError(`GET ${path}: no "${key}" list`, null, path);
    if (data.offset !== offset) throw new PagerdutyApiError(`GET ${path}: asked offset ${offset}, got ${data.offset}`, null, path);
    if (data.more && items.length === 0) throw new PagerdutyApiError(`GET ${path}: empty page at offset ${offset} says there is more`, null, path);
    return { items: items as T[], offset: data.offset, limit: data.limit, more: data.more, total: data.total };
  }

  async function* pages<T>(path: string, key: string, item: z.ZodType<T>, query: Query, options: { total?: boolean } = {}): AsyncGenerator<Page<T>> {
    let offset = 0;
    for (;;) {
      const current = await page(path, key, item, query, offset, { total: options.total === true && offset === 0 });
      yield current;
      if (!current.more) return;
      // Advance by what the server says it used: it clamps limit to 100.
      offset += current.items.length;
    }
  }

  async function list<T>(path: string, key: string, item: z.ZodType<T>, query: Query = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const p of pages(path, key, item, query)) out.push(...p.items);
    return out;
  }

  return {
    stats,
    get,
    page,
    pages,
    list,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
