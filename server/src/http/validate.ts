/**
 * Request validation failures from the route schemas (@hono/zod-openapi's hook): a 400 problem
 * naming each bad parameter. Unknown query parameters are refused too (every query schema is
 * strict): a typo should not silently do nothing.
 */
import type { Context } from "hono";
import type { z } from "zod";
import type { FieldError } from "../api/schemas/common.ts";
import { problem } from "./errors.ts";

const TARGETS: Record<string, { word: string; in: FieldError["in"] }> = {
  query: { word: "query", in: "query" },
  param: { word: "path", in: "path" },
  json: { word: "body", in: "body" },
  header: { word: "header", in: "header" },
};

export function fieldErrors(target: string, error: z.ZodError): FieldError[] {
  const where = TARGETS[target] ?? { word: target, in: "body" as const };
  return error.issues.map((i) => ({
    in: where.in,
    field: i.path.map(String).join(".") || (i.code === "unrecognized_keys" ? i.keys.join(", ") : ""),
    detail: i.code === "unrecognized_keys" ? `unknown parameter${i.keys.length === 1 ? "" : "s"} ${i.keys.join(", ")}` : i.message,
  }));
}

/** The hook every OpenAPIHono route group is built with. */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context): Response | undefined {
  if (result.success) return undefined;
  const errors = fieldErrors(result.target, result.error);
  const word = TARGETS[result.target]?.word ?? result.target;
  return problem(c, 400, "invalid-request", `invalid ${word}: ${errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail)).join("; ")}`, errors);
}
