import { z } from "@hono/zod-openapi";
import { LEDGER_CATEGORIES, type LedgerCategory } from "@opsledger/db";
import type { Investment, OpsWorkCategory, OpsWorkPerson, OpsWorkResult, OpsWorkWeek } from "../../metrics/index.ts";
import { fraction, notesSchema, rangeSchema } from "./common.ts";
import { opsStatusSchema } from "./oncall.ts";
import type { InSync, Same } from "./sync.ts";

export const ledgerCategorySchema = z
  .enum(LEDGER_CATEGORIES as [LedgerCategory, ...LedgerCategory[]])
  .openapi("LedgerCategory", { description: "alerts, incidents, pipeline (toil), deployments (toil), ops_changes (estimated)" });

const byCategory = z.strictObject({ alerts: z.number(), incidents: z.number(), pipeline: z.number(), deployments: z.number(), ops_changes: z.number() }).openapi("MinutesByCategory");

export const opsWorkCategorySchema = z
  .strictObject({
    category: ledgerCategorySchema,
    enabled: z.boolean().openapi({ description: "Counted in the ops share (config ledger.categories)" }),
    estimated: z.boolean().openapi({ description: "Estimated from activity, not measured" }),
    minutes: z.number(),
    count: z.number().int(),
    share: fraction("minutes over the team's working minutes"),
  })
  .openapi("OpsWorkCategory");
export type _OpsWorkCategory = InSync<Same<z.output<typeof opsWorkCategorySchema>, OpsWorkCategory>>;

export const opsWorkPersonSchema = z
  .strictObject({
    person: z.string(),
    name: z.string(),
    minutes: z.number().openapi({ description: "Ledger minutes of the enabled categories" }),
    workingMinutes: z.number(),
    share: fraction("minutes / workingMinutes"),
    byCategory,
  })
  .openapi("OpsWorkPerson");
export type _OpsWorkPerson = InSync<Same<z.output<typeof opsWorkPersonSchema>, OpsWorkPerson>>;

export const opsWorkWeekSchema = z
  .strictObject({
    weekStart: z.string(),
    partial: z.boolean().openapi({ description: "The range covers only part of this week: its working minutes are pro rata" }),
    minutes: z.number(),
    measuredMinutes: z.number(),
    estimatedMinutes: z.number(),
    workingMinutes: z.number(),
    share: fraction("the week's ops share"),
    byCategory,
  })
  .openapi("OpsWorkWeek");
export type _OpsWorkWeek = InSync<Same<z.output<typeof opsWorkWeekSchema>, OpsWorkWeek>>;

/** The ops share in one sentence with its parts (metrics/breakdown.ts), quoted the same by every page. */
export const opsBreakdownSchema = z
  .string()
  .nullable()
  .openapi("OpsBreakdown", {
    description:
      "The ops share in one sentence: the share, then its counted categories above zero, largest first, estimated ones marked — the sentence the ops-work endpoint, the ops-load signal, the org summary and the report all quote; null when the share is (no data)",
    example: "22% — alerts 9%, pipeline toil 6%, ops changes 5% (estimated), deployment toil 2%",
  });

export const investmentSchema = z
  .strictObject({
    mergedChanges: z.number().int().openapi({ description: "Changes merged into the team's repos in the range, bots and drafts left out" }),
    opsChanges: z.number().openapi({ description: "Their ops fractions summed (share of changed files matching the ops patterns; an ops label makes a change 1)" }),
    mergedChangesOpsShare: fraction("opsChanges / mergedChanges: the share of merged changes that went to ops work"),
    authorTimeOpsShare: fraction("The members' estimated author time on ops changes over their estimated time on all changes (estimated from activity)"),
  })
  .openapi("Investment", { description: "Investment view: how much of the team's delivery went to ops work rather than product work" });
export type _Investment = InSync<Same<z.output<typeof investmentSchema>, Investment>>;

const opsWorkShape = {
  share: fraction("Ops share: ledger minutes of every member over their working minutes (the one definition every page uses)"),
  measuredShare: fraction("The measured part of the share"),
  estimatedShare: fraction("The estimated part (ops changes)"),
  status: opsStatusSchema,
  minutes: z.number(),
  measuredMinutes: z.number(),
  estimatedMinutes: z.number(),
  workingMinutes: z.number(),
  members: z.number().int(),
  hoursPerWeek: z.number().nullable().openapi({ description: "Engineer-hours a week lost to ops work over the range" }),
  categories: z.array(opsWorkCategorySchema),
  people: z.array(opsWorkPersonSchema),
  weeks: z.array(opsWorkWeekSchema),
  authorTimeOpsShare: fraction("Investment view: estimated author time on changes that went to ops work"),
  breakdown: opsBreakdownSchema,
  notes: notesSchema,
};
const opsWorkResultSchema = z.strictObject(opsWorkShape);
export type _OpsWorkResult = InSync<Same<z.output<typeof opsWorkResultSchema>, OpsWorkResult>>;

export const opsWorkResponse = z
  .strictObject({ team: z.string().openapi({ example: "payments" }), range: rangeSchema, ...opsWorkShape })
  .openapi("OpsWorkResponse", { description: "The team's ops-work ledger over a range" });
