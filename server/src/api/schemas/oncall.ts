import { z } from "@hono/zod-openapi";
import type { OncallLoadWeek, OncallResult, PersonOncall } from "../../metrics/index.ts";
import { bandCountsSchema, fraction, minutes, notesSchema, rangeSchema } from "./common.ts";
import { timeToRestoreSchema } from "./dora.ts";
import type { InSync, Same } from "./sync.ts";

export const opsStatusSchema = z.enum(["ok", "warning", "critical"]).nullable().openapi("OpsStatus", { description: "Ops share against its thresholds (15% warning, 20% critical by default); null without data" });

export const oncallLoadWeekSchema = z
  .strictObject({
    weekStart: z.string().openapi({ description: "Monday of the ISO week, YYYY-MM-DD (UTC)" }),
    partial: z.boolean().openapi({ description: "The range covers only part of this week" }),
    onCall: z.boolean().openapi({ description: "Held an on-call shift at any time in the week" }),
    minutes: z.number().openapi({ description: "Alert and incident minutes of the ops-work ledger in the week" }),
    workingMinutes: z.number(),
    load: fraction("On-call load: minutes / working minutes, in a week on call; null otherwise"),
  })
  .openapi("OncallLoadWeek");
export type _OncallLoadWeek = InSync<Same<z.output<typeof oncallLoadWeekSchema>, OncallLoadWeek>>;

export const personOncallSchema = z
  .strictObject({
    person: z.string().openapi({ description: "Person id" }),
    name: z.string().openapi({ description: "The person's name; the id when there is no person record" }),
    interruptions: bandCountsSchema,
    engagedMinutes: z.number(),
    minutes: z.number().openapi({ description: "Alert and incident minutes over the range, on call or not" }),
    onCall: z.boolean().openapi({ description: "Held a shift in the window" }),
    load: fraction("On-call load over the weeks the person was on call"),
    weeks: z.array(oncallLoadWeekSchema).openapi({ description: "Per ISO week: the heat map's row" }),
  })
  .openapi("PersonOncall");
export type _PersonOncall = InSync<Same<z.output<typeof personOncallSchema>, PersonOncall>>;

export const oncallTotalsSchema = z
  .strictObject({
    interruptions: bandCountsSchema,
    engagedMinutes: z.number(),
    onCallMembers: z.number().int(),
  })
  .openapi("OncallTotals");
export type _OncallTotals = InSync<Same<z.output<typeof oncallTotalsSchema>, OncallResult["team"]>>;

const medianCount = (description: string) => z.strictObject({ medianMinutes: minutes(description), count: z.number().int() });
const timeToAcknowledgeSchema = medianCount("Median created → first acknowledgement of the team's incidents created in the window").openapi("TimeToAcknowledge");
export type _TimeToAcknowledge = InSync<Same<z.output<typeof timeToAcknowledgeSchema>, OncallResult["mtta"]>>;
export type _TimeToRestore = InSync<Same<z.output<typeof timeToRestoreSchema>, OncallResult["mttr"]>>;
export type _People = InSync<Same<PersonOncall[], OncallResult["people"]>>;

export const oncallResponse = z
  .strictObject({
    team: z.string().openapi({ example: "payments" }),
    range: rangeSchema,
    people: z.array(personOncallSchema),
    totals: oncallTotalsSchema,
    timeToAcknowledge: timeToAcknowledgeSchema,
    timeToRestore: timeToRestoreSchema,
    notes: notesSchema,
  })
  .openapi("OncallResponse", { description: "On-call load per person and for the team over a range" });
