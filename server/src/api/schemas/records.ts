import { z } from "@hono/zod-openapi";
import type { Attribution, Band, FailureReason, ReworkReason } from "../../metrics/index.ts";
import { integerParam } from "../../http/range.ts";
// Types only: the route module imports these schemas, so a value import back would be a cycle.
import type { AlertItem, ChangeItem, CiRunItem, DeploymentItem, IncidentItem, LedgerRecordItem, PageItem, RecordItem, RecordMetric } from "../../routes/records.ts";
import { LEDGER_CATEGORIES, type LedgerCategory } from "@opsledger/db";
import { documentedRangeFields, isoInstant, orNull, rangeSchema } from "./common.ts";
import { noiseReasonSchema } from "./alerts.ts";
import type { InSync, Same } from "./sync.ts";

const FAILURE_REASONS = ["incident", "rollback", "incident_window"] as const satisfies readonly FailureReason[];
export type _FailureReasons = InSync<Same<(typeof FAILURE_REASONS)[number], FailureReason>>;
const REWORK_REASONS = ["rollback", "fix_change", "incident_fix"] as const satisfies readonly ReworkReason[];
export type _ReworkReasons = InSync<Same<(typeof REWORK_REASONS)[number], ReworkReason>>;
const ATTRIBUTIONS = ["commits", "time"] as const satisfies readonly Attribution[];
export type _Attributions = InSync<Same<(typeof ATTRIBUTIONS)[number], Attribution>>;
const BANDS = ["business", "offHours", "sleep"] as const satisfies readonly Band[];
export type _Bands = InSync<Same<(typeof BANDS)[number], Band>>;

const filterText = (description: string, example: string) => z.string().min(1).max(512).optional().openapi({ description, example });

const url = z.string().nullable().openapi({ description: "The record at its source, when the source gave a URL" });
const optionalInstant = isoInstant.nullable();

const failureSchema = z.union([
  z.strictObject({ reason: z.literal("incident"), incidentId: z.string(), service: z.string(), text: z.string() }),
  z.strictObject({
    reason: z.literal("incident_window"),
    incidentId: z.string(),
    service: z.string(),
    minutesAfter: z.number(),
    scope: z.enum(["repo_services", "team_services"]),
    text: z.string(),
  }),
  z.strictObject({ reason: z.literal("rollback"), rolledBackBy: z.string(), text: z.string() }),
]);

export const deploymentItemSchema = z
  .strictObject({
    kind: z.literal("deployment"),
    id: z.string(),
    repo: z.string(),
    environment: z.string(),
    sha: z.string(),
    deployedAt: isoInstant,
    rollback: z.boolean(),
    failed: z.boolean(),
    failedBecause: z.array(z.enum(FAILURE_REASONS)),
    failures: z.array(failureSchema).openapi({ description: "Why it counts as failed: each cause with a sentence saying it" }),
    incidentIds: z.array(z.string()),
    rolledBackBy: z.string().nullable(),
    recoveryMinutes: z.number().nullable(),
    rework: z.boolean(),
    reworkBecause: z.array(z.enum(REWORK_REASONS)),
    changeIds: z.array(z.string()),
    url,
  })
  .openapi("DeploymentItem");
export type _DeploymentItem = InSync<Same<z.output<typeof deploymentItemSchema>, DeploymentItem>>;

export const changeItemSchema = z
  .strictObject({
    kind: z.literal("change"),
    id: z.string(),
    repo: z.string(),
    number: z.number().int(),
    title: z.string().nullable(),
    author: z.string().openapi({ description: "The source login, as the record gave it", example: "ana-gh" }),
    authorPerson: z.string().nullable().openapi({ description: "The person the login is, by the identity rule (their GitHub login, else their id); null when no person is known", example: "ana" }),
    authorName: z.string().openapi({ description: "That person's name; the login when no person is known", example: "Ana Lima" }),
    mergedAt: isoInstant,
    excluded: z.enum(["bot", "draft"]).nullable().openapi({ description: "Why it is left out of lead time" }),
    deploymentId: z.string().nullable(),
    deployedAt: optionalInstant,
    attribution: z.enum(ATTRIBUTIONS).nullable(),
    codingMinutes: z.number().nullable(),
    pickupMinutes: z.number().nullable(),
    reviewMinutes: z.number().nullable(),
    deployMinutes: z.number().nullable(),
    totalMinutes: z.number().nullable(),
    url,
  })
  .openapi("ChangeItem");
export type _ChangeItem = InSync<Same<z.output<typeof changeItemSchema>, ChangeItem>>;

export const incidentItemSchema = z
  .strictObject({
    kind: z.literal("incident"),
    id: z.string(),
    service: z.string(),
    title: z.string(),
    urgency: z.enum(["high", "low"]),
    createdAt: isoInstant,
    acknowledgedAt: optionalInstant,
    resolvedAt: optionalInstant,
    deploymentId: z.string().nullable(),
    fixDeploymentId: z.string().nullable(),
    url,
  })
  .openapi("IncidentItem");
export type _IncidentItem = InSync<Same<z.output<typeof incidentItemSchema>, IncidentItem>>;

export const alertItemSchema = z
  .strictObject({
    kind: z.literal("alert"),
    id: z.string(),
    service: z.string(),
    key: z.string(),
    incidentId: z.string().nullable(),
    createdAt: isoInstant,
    acknowledgedAt: optionalInstant,
    resolvedAt: optionalInstant,
    resolvedBy: z.enum(["person", "system", "timeout"]).nullable(),
    noise: z.boolean(),
    noiseReason: orNull(noiseReasonSchema),
    url,
  })
  .openapi("AlertItem");
export type _AlertItem = InSync<Same<z.output<typeof alertItemSchema>, AlertItem>>;

export const pageItemSchema = z
  .strictObject({
    kind: z.literal("page"),
    id: z.string(),
    person: z.string(),
    personName: z.string(),
    incidentId: z.string(),
    at: isoInstant,
    channel: z.enum(["sms", "phone", "push", "email"]),
    interruption: z.boolean().openapi({ description: "Counted as an interruption (not email, not folded into an earlier page within 60 s)" }),
    band: z.enum(BANDS).nullable(),
    timezone: z.string().openapi({ description: "The zone the band was read in: the person's, or UTC when unknown" }),
    merged: z.number().int().openapi({ description: "Later pages within 60 s folded into this one" }),
    url,
  })
  .openapi("PageItem");
export type _PageItem = InSync<Same<z.output<typeof pageItemSchema>, PageItem>>;

export const ciRunItemSchema = z
  .strictObject({
    kind: z.literal("ci_run"),
    id: z.string(),
    repo: z.string(),
    workflow: z.string(),
    branch: z.string(),
    sha: z.string(),
    event: z.string(),
    attempt: z.number().int(),
    status: z.enum(["success", "failure", "cancelled", "skipped"]),
    startedAt: isoInstant,
    finishedAt: isoInstant,
    durationMinutes: z.number().nullable(),
    queueMinutes: z.number().nullable(),
    flaky: z.boolean(),
    triggeredBy: z.string().nullable().openapi({ description: "Who started this attempt (a re-run's), when the source said" }),
    url,
  })
  .openapi("CiRunItem");
export type _CiRunItem = InSync<Same<z.output<typeof ciRunItemSchema>, CiRunItem>>;

const ledgerCategorySchema = z.enum(LEDGER_CATEGORIES as [LedgerCategory, ...LedgerCategory[]]);

export const ledgerItemSchema = z
  .strictObject({
    kind: z.literal("ledger"),
    id: z.string(),
    person: z.string(),
    personName: z.string().openapi({ description: "The person's name; the id when there is no person record" }),
    category: ledgerCategorySchema,
    recordKind: z.enum(["page", "incident", "ci_run", "deployment", "change", "day"]).openapi({ description: "The record behind the item" }),
    recordId: z.string(),
    at: isoInstant,
    minutes: z.number(),
    count: z.number().int(),
    estimated: z.boolean(),
  })
  .openapi("LedgerItem");
export type _LedgerItem = InSync<Same<z.output<typeof ledgerItemSchema>, LedgerRecordItem>>;

const recordItemSchema = z.discriminatedUnion("kind", [deploymentItemSchema, changeItemSchema, incidentItemSchema, alertItemSchema, pageItemSchema, ciRunItemSchema, ledgerItemSchema]);
export type _RecordItem = InSync<Same<z.output<typeof recordItemSchema>, RecordItem>>;

const RECORD_METRICS = ["deployments", "changes", "failed-deployments", "rework", "incidents", "alerts", "pages", "ci-runs", "ops-work"] as const satisfies readonly RecordMetric[];
export type _RecordMetrics = InSync<Same<(typeof RECORD_METRICS)[number], RecordMetric>>;
export const recordMetricSchema = z.enum(RECORD_METRICS).openapi("RecordMetric");

export const recordsQuery = z.strictObject({
  ...documentedRangeFields,
  metric: z.enum(RECORD_METRICS).openapi({ description: "Which records", example: "failed-deployments" }),
  page: integerParam("page", 1, Number.MAX_SAFE_INTEGER).default(1).openapi({ description: "1-based; past the end gives no items", example: "1" }),
  pageSize: integerParam("pageSize", 1, 500).default(50).openapi({ example: "20" }),
  repo: filterText("deployments, changes, ci-runs: only this repository (owner/name)", "acme/api"),
  person: filterText("changes: by this author; pages, ops-work: of this person", "ana"),
  service: filterText("incidents, alerts: only this service", "payments-api"),
  key: filterText("alerts: only this alert key", "payments-api/error-rate"),
  band: z.enum(BANDS).optional().openapi({ description: "pages: only interruptions in this band of the person's local time", example: "sleep" }),
  status: z.enum(["success", "failure", "cancelled", "skipped"]).optional().openapi({ description: "ci-runs: only runs with this status", example: "failure" }),
  category: ledgerCategorySchema.optional().openapi({ description: "ops-work: only this ledger category", example: "pipeline" }),
});

export const recordsResponse = z
  .strictObject({
    team: z.string().openapi({ example: "payments" }),
    metric: recordMetricSchema,
    range: rangeSchema,
    items: z.array(recordItemSchema).openapi({ description: "Newest first; ties broken by id, so pages are stable" }),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().openapi({ description: "Every matching record" }),
  })
  .openapi("RecordsResponse", { description: "The records behind a number, as the metric functions classified them" });
