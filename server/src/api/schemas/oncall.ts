import { z } from "@hono/zod-openapi";
import type { OncallResult, PersonOncall } from "../../metrics/index.ts";
import { bandCountsSchema, fraction, minutes, notesSchema, rangeSchema } from "./common.ts";
import { timeToRestoreSchema } from "./dora.ts";
import type { InSync, Same } from "./sync.ts";

export const opsStatusSchema = z.enum(["ok", "warning", "critical"]).nullable().openapi("OpsStatus", { description: "Ops share against its thresholds (15% warning, 20% critical by default); null without data" });

export const personOncallSchema = z
  .strictObject({
    person: z.string().openapi({ description: "Person id" }),
    name: z.string().openapi({ description: "The person's name; the id when there is no person record" }),
    interruptions: bandCountsSchema,
    engagedMinutes: z.number(),
    opsMinutes: z.number().openapi({ description: "Engaged minutes plus lost focus per interruption" }),
    workingMinutes: z.number(),
    opsShare: z.number().openapi({ description: "opsMinutes / workingMinutes (a fraction; can pass 1 in a bad week)" }),
    onCall: z.boolean().openapi({ description: "Held a shift in the window" }),
  })
  .openapi("PersonOncall");
export type _PersonOncall = InSync<Same<z.output<typeof personOncallSchema>, PersonOncall>>;

export const oncallTotalsSchema = z
  .strictObject({
    interruptions: bandCountsSchema,
    engagedMinutes: z.number(),
    opsMinutes: z.number(),
    workingMinutes: z.number(),
    opsShare: fraction("The team's ops share"),
    status: opsStatusSchema,
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
