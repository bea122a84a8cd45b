/**
 * Parse and validate an ingest batch (JSON array or NDJSON) as a whole: one invalid line rejects
 * the batch, and every problem is reported with its line number, field path and reason.
 */
import type { z } from "zod";
import type { NormalizedRecord } from "@opsledger/db";
import { ingestRecord } from "./schema.ts";

export interface IngestProblem {
  /** 1-based: the NDJSON line, or the element's position in a JSON array. */
  line: number;
  /** Dotted path to the field, empty for the line as a whole. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; records: NormalizedRecord[] } | { ok: false; problems: IngestProblem[] };

/** Deepest nesting a line may have: the format needs 3 (team → repo_services → list). */
export const MAX_DEPTH = 8;
/** Most elements of one list or keys of one object in a line. */
export const MAX_ITEMS = 100_000;
/** Keys that would reach an object's prototype instead of naming data. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The first thing in a parsed line no schema should even see: nesting past MAX_DEPTH, a list or
 * object past MAX_ITEMS, a prototype key, a lone UTF-16 surrogate (valid in a JS string, not
 * storable text). Recursion stops at MAX_DEPTH, so a 20,000-deep array is refused, not a crash.
 * It runs on every line of an import: nothing is allocated for a line that passes, the path is
 * spelled out only for the problem found (children are visited last first, as the stack walk this
 * replaced did, so the same problem is reported).
 */
export function structureProblem(value: unknown): { path: string; message: string } | null {
  const path: string[] = [];
  const problem = (message: string, key?: string) => ({ path: (key === undefined ? path : [...path, key]).join("."), message });
  const visit = (item: unknown): { path: string; message: string } | null => {
    if (typeof item === "string") return item.isWellFormed() ? null : problem("contains a broken Unicode character (a lone UTF-16 surrogate)");
    if (typeof item !== "object" || item === null) return null;
    if (path.length >= MAX_DEPTH) return problem(`nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(item)) {
      if (item.length > MAX_ITEMS) return problem(`has more than ${MAX_ITEMS} items; split the record`);
      for (let i = item.length - 1; i >= 0; i--) {
        const child: unknown = item[i];
        if (typeof child !== "object" && typeof child !== "string") continue;
        path.push(String(i));
        const found = visit(child);
        path.pop();
        if (found !== null) return found;
      }
      return null;
    }
    const keys = Object.keys(item);
    if (keys.length > MAX_ITEMS) return problem(`has more than ${MAX_ITEMS} items; split the record`);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) return problem(`"${key}" is not allowed as a key`, key);
      if (!key.isWellFormed()) return problem("has a key with a broken Unicode character (a lone UTF-16 surrogate)");
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const child: unknown = (item as Record<string, unknown>)[key];
      if (typeof child !== "object" && typeof child !== "string") continue;
      path.push(key);
      const found = visit(child);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  };
  return visit(value);
}

/** Problems reported per batch at most, so a wrong file does not produce a megabyte of errors. */
const MAX_PROBLEMS = 50;

export function parseIngestBatch(text: string): ParseResult {
  const trimmed = text.trimStart();
  // An empty body is an empty batch, as `[]` is: nothing to write is not an error (issue 14).
  if (trimmed === "") return { ok: true, records: [] };
  if (trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [{ line: 1, path: "", message: `not valid JSON: ${(error as Error).message}` }] };
    }
    if (!Array.isArray(value)) return { ok: false, problems: [{ line: 1, path: "", message: "a batch starting with [ must be one JSON array of records" }] };
    return validateLines(value.map((item: unknown, i) => ({ line: i + 1, value: item })));
  }
  const lines: { line: number; value: unknown }[] = [];
  const problems: IngestProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      lines.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (error) {
      problems.push({ line: i + 1, path: "", message: `not valid JSON: ${(error as Error).message}` });
    }
  });
  const result = validateLines(lines);
  if (problems.length === 0) return result;
  const all = [...problems, ...(result.ok ? [] : result.problems)].sort((a, b) => a.line - b.line);
  return { ok: false, problems: all.slice(0, MAX_PROBLEMS) };
}

/** Validate already-parsed objects (the demo generator and tests hand these in directly). */
export function validateLines(lines: { line: number; value: unknown }[]): ParseResult {
  const records: NormalizedRecord[] = [];
  const problems: IngestProblem[] = [];
  for (const { line, value } of lines) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({ line, path: "", message: "must be a JSON object with a kind" });
      continue;
    }
    const structure = structureProblem(value);
    if (structure !== null) {
      problems.push({ line, ...structure });
      continue;
    }
    const parsed = ingestRecord.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else problems.push(...describeIssues(line, parsed.error));
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems.length === 0 ? { ok: true, records } : { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
}

function describeIssues(line: number, error: z.ZodError): IngestProblem[] {
  return error.issues.map((issue) => ({
    line,
    path: issue.path.map(String).join("."),
    message: issue.code === "invalid_union" && issue.path.length === 0 ? "kind must be one of: team, person, deployment, change, ci_run, incident, alert, page, oncall_shift, acknowledgement" : issue.message,
  }));
}

export function formatProblem(p: IngestProblem): string {
  return `line ${p.line}${p.path ? `, ${p.path}` : ""}: ${p.message}`;
}
