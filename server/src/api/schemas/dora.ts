import { z } from "@hono/zod-openapi";
import type { DoraResult } from "../../metrics/index.ts";
import { fraction, minutes, notesSchema, rangeSchema, tierSchema, tierMinimum } from "./common.ts";
import type { InSync, Same } from "./sync.ts";

export const timeToRestoreSchema = z
  .strictObject({ medianMinutes: minutes("Median created → resolved of the team's incidents"), count: z.number().int() })
  .openapi("TimeToRestore", { description: "All incidents on the team's services created in the window; the DORA and on-call endpoints show the same figure" });

export const doraResultShape = {
  deploymentFrequency: z
    .strictObject({
      perWeek: z.number().nullable().openapi({ description: "Production deployments per week" }),
      deployDaysPerWeekMedian: z.number().nullable().openapi({ description: "Median distinct deployment days per ISO week (empty weeks count 0)" }),
      deployDaysPerMonthMedian: z.number().nullable(),
      count: z.number().int(),
      tier: tierSchema, minimum: tierMinimum,
    })
    .openapi("DeploymentFrequency"),
  leadTime: z
    .strictObject({
      medianMinutes: minutes("Median lead time for changes deployed in the window"),
      p90Minutes: minutes("90th percentile"),
      count: z.number().int(),
      breakdown: z.strictObject({
        codingMinutes: minutes("Median first commit → opened"),
        pickupMinutes: minutes("Median opened → first review"),
        reviewMinutes: minutes("Median first review → merged"),
        deployMinutes: minutes("Median merged → deployed"),
      }),
      tier: tierSchema, minimum: tierMinimum,
    })
    .openapi("LeadTime"),
  changeFailureRate: z
    .strictObject({ rate: fraction("Failed / all production deployments"), failed: z.number().int(), total: z.number().int(), tier: tierSchema, minimum: tierMinimum })
    .openapi("ChangeFailureRate"),
  recoveryTime: z
    .strictObject({ medianMinutes: minutes("Failed deployment recovery time, median"), count: z.number().int(), tier: tierSchema, minimum: tierMinimum })
    .openapi("RecoveryTime"),
  timeToRestore: timeToRestoreSchema,
  reworkRate: z.strictObject({ rate: fraction("Unplanned share of production deployments"), reworked: z.number().int(), total: z.number().int() }).openapi("ReworkRate"),
  notes: notesSchema,
};
export const doraResultSchema = z.strictObject(doraResultShape);
export type _DoraResult = InSync<Same<z.output<typeof doraResultSchema>, DoraResult>>;

export const doraResponse = z
  .strictObject({ team: z.string().openapi({ example: "payments" }), range: rangeSchema, ...doraResultShape })
  .openapi("DoraResponse", { description: "DORA metrics and rework rate of one team over a range" });
