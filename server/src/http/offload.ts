/**
 * Requests answered off the main thread (docs/decisions/0012). The main thread accepts
 * connections, answers the probes and the scrape, checks who is asking, and hands every other API
 * request to a worker thread that runs the same application over its own database connection:
 * reads to a pool, writes to one writer (so a 10 MB ingest batch and the derivation after it never
 * hold the loop that answers /api/health). What crosses the thread boundary is a plain request
 * and a response body as bytes, moved, not copied.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv, Principal } from "./context.ts";
import { ApiError } from "./errors.ts";
import { isReadMethod } from "../security/access.ts";

/** A request as it crosses to a worker. */
export interface RequestTask {
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  /** Who the main thread's authentication found (the worker cannot see the peer's address). */
  principal: Principal | null;
}

/** A worker's answer. */
export interface ResponseAnswer {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

export interface Offload {
  /** Runs a read on the pool; a signal that aborts before a worker takes it drops it from the queue. */
  read(task: RequestTask, signal: AbortSignal): Promise<ResponseAnswer>;
  /** Runs a write on the writer, one at a time, to the end. */
  write(task: RequestTask): Promise<ResponseAnswer>;
}

/**
 * Answered on the main thread: cheap, and they must answer however busy the workers are (the
 * probes), read this process's own registry (/metrics), or set this process's cookie (session).
 */
const LOCAL_PATHS = new Set(["/api/health", "/api/ready", "/api/session", "/api/openapi.json"]);
const isLocal = (path: string): boolean => LOCAL_PATHS.has(path) || path === "/api/docs" || path.startsWith("/api/docs/");

/** The header a worker's app trusts for the request id the main thread gave the request. */
const REQUEST_ID = "x-request-id";
/** The header a worker's answer names its route pattern in, for the main thread's log and metrics. */
export const ROUTE_HEADER = "x-opsledger-route";

/**
 * Sends `/api/*` requests (but the local ones) to `offload`. Runs after the checks every request
 * gets on the main thread (request id, host, origin, authentication, deadline); the worker's app
 * runs them again on the same headers, which costs little and keeps one application definition.
 * `maxBodyBytes` caps what the main thread reads before a worker can refuse it.
 */
export function offloaded(offload: Offload, maxBodyBytes: number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (isLocal(c.req.path)) return next();
    const read = isReadMethod(c.req.method);
    let body: ArrayBuffer | null = null;
    if (!read) {
      const declared = Number(c.req.header("content-length") ?? "0");
      if (declared > maxBodyBytes) throw new ApiError(413, `request body larger than ${maxBodyBytes} bytes`);
      body = await c.req.arrayBuffer();
      if (body.byteLength > maxBodyBytes) throw new ApiError(413, `request body larger than ${maxBodyBytes} bytes`);
    }
    const headers: [string, string][] = [];
    c.req.raw.headers.forEach((value, name) => {
      if (name !== REQUEST_ID) headers.push([name, value]);
    });
    headers.push([REQUEST_ID, c.var.requestId]);
    const task: RequestTask = { method: c.req.method, url: c.req.url, headers, body, principal: c.var.principal ?? null };
    const answer = read ? await offload.read(task, c.var.signal) : await offload.write(task);
    const response = new Headers(answer.headers);
    // The main thread's middleware sets its own (the same id; security headers again).
    response.delete(REQUEST_ID);
    const route = response.get(ROUTE_HEADER);
    if (route !== null) c.set("route", route);
    response.delete(ROUTE_HEADER);
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, { status: answer.status, headers: response });
  });
}

/** A Request a worker's app can answer, from the task. */
export const requestOf = (task: RequestTask): Request =>
  new Request(task.url, { method: task.method, headers: task.headers, body: task.body === null || task.body.byteLength === 0 ? null : task.body });

/** The answer to send back, its body read into bytes (moved to the main thread, not copied). */
export async function answerOf(response: Response): Promise<ResponseAnswer> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  return { status: response.status, headers, body: await response.arrayBuffer() };
}
