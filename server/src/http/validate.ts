/**
 * Request validation with zod for every route: a failure becomes a 400 naming each bad
 * parameter. Unknown query parameters are refused too (a typo should not silently do nothing).
 */
import { zValidator } from "@hono/zod-validator";
import type { z } from "zod";
import { badRequest } from "./errors.ts";

export const validate = <T extends z.ZodType, Target extends "query" | "param" | "json">(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ parameter: i.path.map(String).join(".") || (i.code === "unrecognized_keys" ? i.keys.join(", ") : ""), message: i.message }));
      throw badRequest(`invalid ${target === "json" ? "body" : target === "param" ? "path" : "query"}: ${issues.map((i) => (i.parameter ? `${i.parameter}: ${i.message}` : i.message)).join("; ")}`, issues);
    }
  });
