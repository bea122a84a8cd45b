/**
 * Errors mapped to responses in one place, all as RFC 9457 problem details
 * (`application/problem+json`: type, title, status, detail, the request id, and the field errors
 * when fields were at fault). Anything a client can send that is wrong is a 4xx naming the
 * problem; a 500 means a bug, and its details stay in the log.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError, Problem } from "../api/schemas/common.ts";

/** The kinds of problem, each a stable `type` URI and a title (documented in the OpenAPI description). */
export const PROBLEM_TYPES = {
  "invalid-request": "Invalid request",
  "batch-rejected": "Batch rejected, nothing written",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  "cross-site-request": "Cross-site request refused",
  "not-found": "Not found",
  "payload-too-large": "Request body too large",
  "unsupported-media-type": "Unsupported media type",
  "misdirected-request": "Host not served here",
  "service-unavailable": "Service unavailable",
  "deadline-exceeded": "Deadline exceeded",
  "internal-error": "Internal error",
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (type: ProblemType): string => `urn:opsledger:problem:${type}`;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly errors?: FieldError[],
    readonly type: ProblemType = defaultType(status),
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function defaultType(status: number): ProblemType {
  switch (status) {
    case 400:
      return "invalid-request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 413:
      return "payload-too-large";
    case 415:
      return "unsupported-media-type";
    case 421:
      return "misdirected-request";
    case 503:
      return "service-unavailable";
    case 504:
      return "deadline-exceeded";
    default:
      return status < 500 ? "invalid-request" : "internal-error";
  }
}

export const badRequest = (message: string, errors?: FieldError[]) => new ApiError(400, message, errors);
export const notFound = (message: string) => new ApiError(404, message);

/** The request id the request-context middleware set (or the one the client sent). */
const requestIdOf = (c: Context): string => {
  const id: unknown = c.get("requestId");
  return typeof id === "string" ? id : (c.req.header("x-request-id") ?? "");
};

export function problemBody(c: Context, status: number, type: ProblemType, detail: string, errors?: FieldError[]): Problem {
  return { type: problemTypeUri(type), title: PROBLEM_TYPES[type], status, detail, requestId: requestIdOf(c), ...(errors === undefined || errors.length === 0 ? {} : { errors }) };
}

/** A problem-details response. */
export function problem(c: Context, status: ContentfulStatusCode, type: ProblemType, detail: string, errors?: FieldError[], headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(problemBody(c, status, type, detail, errors)), status, { ...headers, "Content-Type": "application/problem+json" });
}

export const problemFrom = (c: Context, error: ApiError): Response => problem(c, error.status, error.type, error.message, error.errors, error.headers);

/** What the logger needs to record a bug; injected so this module stays free of the logger. */
export type ErrorReporter = (c: Context, error: Error) => void;

export function handleError(report: ErrorReporter) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) return problemFrom(c, error);
    if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, defaultType(error.status), error.message || "request rejected");
    report(c, error);
    return problem(c, 500, "internal-error", "internal error: the details are in the server log under this request id");
  };
}
