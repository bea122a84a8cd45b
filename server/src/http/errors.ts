/**
 * Errors mapped to responses in one place. Anything a client can send that is wrong is a 4xx
 * with a message naming the problem; a 500 means a bug, and its details stay in the log.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, message, details);
export const notFound = (message: string) => new ApiError(404, message);

export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) return c.json({ error: error.message, ...(error.details === undefined ? {} : { details: error.details }) }, error.status);
  if (error instanceof HTTPException) return c.json({ error: error.message || "request rejected" }, error.status);
  console.error(`${c.req.method} ${c.req.path} failed:`, error);
  return c.json({ error: "internal error" }, 500);
}
