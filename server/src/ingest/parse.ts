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

function isWellFormedDeep(value: unknown): boolean {
  if (typeof value === "string") return value.isWellFormed();
  if (Array.isArray(value)) return value.every(isWellFormedDeep);
  if (typeof value === "object" && value !== null) return Object.entries(value).every(([k, v]) => k.isWellFormed() && isWellFormedDeep(v));
  return true;
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
    // A lone UTF-16 surrogate is valid in a JS string but not storable text (Postgres refuses it).
    if (!isWellFormedDeep(value)) {
      problems.push({ line, path: "", message: "contains a broken Unicode character (a lone UTF-16 surrogate)" });
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
