/**
 * The value rules every stored record obeys, so SQLite and Postgres store the same things or
 * refuse the same things (docs/decisions/0006-int4-values-and-text-rules.md). SQLite would take
 * almost anything; Postgres refuses a NUL in text, an int4 column past 2^31, and a btree index
 * entry past 2,704 bytes. Checked where input enters — ingest validation, webhooks, collectors —
 * never by letting a write fail halfway.
 */
import type { NormalizedRecord } from "./model.ts";

/** The range of the integer (int4) columns: numbers, attempts, levels, line counts. */
export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
/** Ids, sources, repos, shas, people, services: the text that is part of a key or an index. */
export const KEY_MAX_BYTES = 512;
/** A changed file's path, part of change_files' key with the change's (source, id). */
export const PATH_MAX_BYTES = 1024;

export const isInt4 = (n: number): boolean => Number.isInteger(n) && n >= INT_MIN && n <= INT_MAX;

/**
 * Instants must fall in [1970-01-01, 2100-01-01). Delivery and on-call records describe things
 * that happened or are scheduled; a shift ending in 9999 or a change in progress since year 1 is a
 * mistake, and the read model would spend a row per week or working day on it.
 */
export const INSTANT_MIN = Date.UTC(1970, 0, 1);
export const INSTANT_MAX = Date.UTC(2100, 0, 1);
export const isSaneInstant = (ms: number): boolean => Number.isFinite(ms) && ms >= INSTANT_MIN && ms < INSTANT_MAX;
export const instantMessage = "must be a time from 1970-01-01 to 2099-12-31 (UTC)";
export const hasNul = (s: string): boolean => s.includes("\u0000");
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, "utf8");

export const NUL_MESSAGE = "contains a NUL character (U+0000), which cannot be stored";
export const int4Message = `must be an integer from ${INT_MIN} to ${INT_MAX}`;
export const keyMessage = (max: number) => `must be at most ${max} bytes of UTF-8`;

export interface ValueProblem {
  /** Dotted path in the model record (camelCase), e.g. `commits.3`. */
  path: string;
  message: string;
}

/** Fields of each kind that are keys or indexed (bounded length); every other string is only checked for NUL. */
const KEY_FIELDS: Readonly<Record<NormalizedRecord["kind"], readonly string[]>> = {
  team: ["id", "source", "members", "repos", "services", "repoServices"],
  person: ["id", "source"],
  deployment: ["id", "source", "repo", "sha", "commits"],
  change: ["id", "source", "repo", "mergeSha", "commits"],
  ci_run: ["id", "source", "repo"],
  incident: ["id", "source", "service", "deploymentId", "fixDeploymentId"],
  alert: ["id", "source", "service"],
  page: ["id", "source", "person", "incidentId"],
  oncall_shift: ["source", "person", "schedule"],
  acknowledgement: ["source", "incidentId", "person"],
  committer: ["source", "repo", "login"],
  repo_practice: ["source", "repo", "observedOn"],
  maturity_declaration: ["source", "team", "practice"],
};

/**
 * Everything in one model record the databases would store differently or refuse: NUL in any
 * string, integers outside int4, key text over its byte limit. Walks the record without
 * recursion (records are shallow, but a caller may hand in anything).
 */
export function valueProblems(record: NormalizedRecord): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const keyFields = new Set(KEY_FIELDS[record.kind]);
  const stack: { value: unknown; path: string[] }[] = Object.entries(record).map(([k, v]) => ({ value: v, path: [k] }));
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    const { value, path } = item;
    const field = path[0] ?? "";
    const where = path.join(".");
    if (typeof value === "string") {
      if (hasNul(value)) problems.push({ path: where, message: NUL_MESSAGE });
      else if (field === "files" && utf8Bytes(value) > PATH_MAX_BYTES) problems.push({ path: where, message: keyMessage(PATH_MAX_BYTES) });
      else if (keyFields.has(field) && utf8Bytes(value) > KEY_MAX_BYTES) problems.push({ path: where, message: keyMessage(KEY_MAX_BYTES) });
    } else if (typeof value === "number") {
      // Instants are bigint epoch ms; every other number is an int4 column.
      if (!Number.isFinite(value)) problems.push({ path: where, message: "must be a finite number" });
      else if (INSTANT_FIELDS.has(field) ? !isSaneInstant(value) : !isInt4(value)) problems.push({ path: where, message: INSTANT_FIELDS.has(field) ? instantMessage : int4Message });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, String(i)] }));
    } else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (hasNul(k)) problems.push({ path: [...path, k].join("."), message: NUL_MESSAGE });
        else if (keyFields.has(field) && utf8Bytes(k) > KEY_MAX_BYTES) problems.push({ path: [...path, k].join("."), message: keyMessage(KEY_MAX_BYTES) });
        stack.push({ value: v, path: [...path, k] });
      }
    }
  }
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}

const INSTANT_FIELDS = new Set(["startedAt", "finishedAt", "createdAt", "firstCommitAt", "firstReviewAt", "mergedAt", "queuedAt", "acknowledgedAt", "resolvedAt", "at", "start", "end", "lastCommitAt", "observedAt"]);

/** A record the rules refuse, with why, for a collector's "skipped" count. */
export function describeValueProblems(record: NormalizedRecord, problems: readonly ValueProblem[]): string {
  const id = "id" in record ? record.id : "login" in record ? record.login : "person" in record ? record.person : "repo" in record ? `${record.repo} ${record.observedOn}` : `${record.team} ${record.practice}`;
  return `${record.kind} ${id}: ${problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join("; ")}`;
}
