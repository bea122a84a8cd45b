/**
 * Schemas shared by every route: ranges, tiers, notes, weekly points, the problem-details error
 * body (RFC 9457), and the request fields the team endpoints take.
 */
import { z } from "@hono/zod-openapi";
import type { BandCounts, NamedSeries, Note, NoteCode, Tier, WeeklyPoint } from "../../metrics/index.ts";
import { rangeFields } from "../../http/range.ts";
import type { InSync, Same } from "./sync.ts";

/**
 * A registered (named) schema or null. `.nullable()` on a named schema comes out of the generator
 * as allOf [$ref, {type: [object, null]}], which no null satisfies; anyOf [$ref, null] is right.
 */
export const orNull = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]);

export const isoInstant = z.string().openapi({ description: "An ISO-8601 instant in UTC", example: "2026-10-15T16:39:57.000Z" });
export const minutes = (description: string) => z.number().nullable().openapi({ description: `${description}, minutes; null without data` });
export const fraction = (description: string) => z.number().nullable().openapi({ description: `${description}, a fraction 0..1; null without data` });

export const rangeSchema = z
  .strictObject({ from: isoInstant, to: isoInstant })
  .openapi("Range", { description: "The half-open window [from, to) the figures cover, after defaults and the stop at now" });

/** The count behind the CI median and failure rate: the runs they are computed over. */
export const ciCount = z.number().int().openapi({ description: "The CI runs the median and failure rate are computed over: succeeded and failed (cancelled and skipped left out)", example: 118 });

/** The fewest records a DORA figure needs for a tier (evidence or silence). */
export const tierMinimum = z.number().int().openapi({ description: "The fewest records a tier needs (thresholds.minimumCounts); below it the tier is null: too little data", example: 5 });
export const tierSchema = z.enum(["elite", "high", "medium", "low"]).nullable().openapi("Tier", { description: "DORA 2023 performance tier; null without data or with fewer records than the figure's minimum" });
export type _Tier = InSync<Same<z.output<typeof tierSchema>, Tier>>;

const NOTE_CODES = [
  "bot_changes_excluded",
  "draft_changes_excluded",
  "changes_never_deployed",
  "attributed_by_time",
  "negative_span_clock_skew",
  "incidents_unresolved",
  "failed_deployments_unrecovered",
  "alerts_without_owner",
  "members_without_shifts",
  "pages_email_ignored",
  "pages_merged_within_60s",
  "pages_person_unknown",
  "acknowledgements_without_incident",
  "ci_runs_cancelled_or_skipped",
  "people_omitted",
  "ops_changes_estimated",
  "ledger_categories_off",
  "ledger_unattributed",
  "partial_weeks",
  "no_data",
] as const satisfies readonly NoteCode[];
export type _NoteCodes = InSync<Same<(typeof NOTE_CODES)[number], NoteCode>>;

export const noteSchema = z
  .strictObject({
    code: z.enum(NOTE_CODES),
    count: z.number().int().openapi({ description: "How many records the note is about" }),
    message: z.string(),
  })
  .openapi("Note", { description: "What was left out or treated specially, and how many records it is about" });
export type _Note = InSync<Same<z.output<typeof noteSchema>, Note>>;
export const notesSchema = z.array(noteSchema);

export const bandCountsSchema = z
  .strictObject({ business: z.number().int(), offHours: z.number().int(), sleep: z.number().int(), total: z.number().int() })
  .openapi("BandCounts", { description: "Interruptions by band in each person's local time: business (Mon–Fri 08–18), off-hours, sleep (22–08)" });
export type _BandCounts = InSync<Same<z.output<typeof bandCountsSchema>, BandCounts>>;

export const weeklyPointSchema = z
  .strictObject({
    weekStart: z.string().openapi({ description: "Monday of the ISO week, YYYY-MM-DD (UTC)", example: "2026-10-05" }),
    partial: z.boolean().openapi({ description: "The range covers only part of this week (its first or last)" }),
    value: z.number().nullable(),
    count: z.number().int(),
  })
  .openapi("WeeklyPoint");
export type _WeeklyPoint = InSync<Same<z.output<typeof weeklyPointSchema>, WeeklyPoint>>;

export const namedSeriesSchema = z
  .strictObject({
    name: z.string(),
    label: z.string().optional().openapi({ description: "What to call the series on screen where the name is an id (ops-share: the person's name)" }),
    points: z.array(weeklyPointSchema),
  })
  .openapi("NamedSeries");
export type _NamedSeries = InSync<Same<z.output<typeof namedSeriesSchema>, NamedSeries>>;

// ---------------------------------------------------------------- problems (RFC 9457)

export const fieldErrorSchema = z
  .strictObject({
    in: z.enum(["query", "path", "body", "header"]).openapi({ description: "Where the bad value was" }),
    field: z.string().openapi({ description: "The parameter, or the field path inside a body line; empty for the whole line", example: "pageSize" }),
    line: z.number().int().optional().openapi({ description: "Ingest: the NDJSON line, or the 1-based position in a JSON array" }),
    detail: z.string().openapi({ example: "pageSize must be at most 500" }),
  })
  .openapi("FieldError");

export const problemSchema = z
  .strictObject({
    type: z.string().openapi({ description: "A URI naming the kind of problem (urn:opsledger:problem:…)", example: "urn:opsledger:problem:invalid-request" }),
    title: z.string().openapi({ description: "The kind of problem in words, the same for every occurrence", example: "Invalid request" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ description: "This occurrence, naming what is wrong", example: "invalid query: pageSize: pageSize must be at most 500" }),
    requestId: z.string().openapi({ description: "The request's id (also the X-Request-Id header), to find it in the server log" }),
    errors: z.array(fieldErrorSchema).optional().openapi({ description: "One entry per bad field, when fields were at fault" }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details: the body of every error response (Content-Type application/problem+json)" });
export type Problem = z.output<typeof problemSchema>;
export type FieldError = z.output<typeof fieldErrorSchema>;

const problemContent = { "application/problem+json": { schema: problemSchema } };
/** Error responses a route documents, by status. */
export const problems = (statuses: Partial<Record<400 | 401 | 403 | 404 | 413 | 415 | 421 | 503 | 504, string>>) =>
  Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, { description, content: problemContent }])) as Record<string, { description: string; content: typeof problemContent }>;

/** What every route can answer besides its own errors: the access checks in front of it. */
export const accessProblems = {
  401: "No valid credentials (a bearer token, the sign-in cookie, or a trusted proxy's user header), and the server is not open",
  403: "The credentials' role may not do this (writes need admin), or a cross-site write",
  421: "The Host header is not one this server answers to (OPSLEDGER_ALLOWED_HOSTS)",
} as const;

// ---------------------------------------------------------------- request fields

export const teamParams = z.strictObject({
  team: z.string().min(1).openapi({ param: { name: "team", in: "path" }, description: "A team id (slug)", example: "payments" }),
});

const from = rangeFields.from.openapi({
  description: "Start, inclusive: YYYY-MM-DD (00:00 UTC) or an ISO-8601 instant with an offset. Default: 90 days before `to`.",
  example: "2026-08-01",
});
const to = rangeFields.to.openapi({
  description:
    "End: YYYY-MM-DD is inclusive (the midnight after it); an instant is exclusive. Default and upper bound: now. The longest range is 2 calendar years.",
  example: "2026-10-31",
});
export const documentedRangeFields = { from, to };
export const rangeQuery = z.strictObject(documentedRangeFields);
