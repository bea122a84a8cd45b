import { z } from "@hono/zod-openapi";
import type { OrgVerdict } from "../../metrics/index.ts";
import { ciCount, fraction, isoInstant, minutes, rangeSchema, tierSchema, tierMinimum } from "./common.ts";
import { doraResultShape } from "./dora.ts";
import { opsStatusSchema } from "./oncall.ts";
import { investmentSchema, opsBreakdownSchema } from "./opsWork.ts";
import { signalIdSchema, signalStatusSchema, verdictSchema } from "./signals.ts";
import { maturitySummarySchema } from "./maturity.ts";
import type { InSync, Same } from "./sync.ts";

export const orgVerdictSchema = z
  .strictObject({
    verdict: verdictSchema,
    hoursPerWeek: z.number().nullable(),
    costPerWeek: z.number().nullable(),
    currency: z.string(),
    teams: z.array(z.strictObject({ team: z.string(), verdict: verdictSchema, firing: z.array(signalIdSchema), warning: z.array(signalIdSchema) })),
  })
  .openapi("OrgVerdict");
export type _OrgVerdict = InSync<Same<z.output<typeof orgVerdictSchema>, OrgVerdict>>;

const signalStatuses = z.strictObject({
  "team-size": signalStatusSchema,
  "delivery-pressure": signalStatusSchema,
  architecture: signalStatusSchema,
  compliance: signalStatusSchema,
  "ops-load": signalStatusSchema,
});

export const orgSummaryTeamSchema = z
  .strictObject({
    team: z.string().openapi({ description: "The team id", example: "payments" }),
    name: z.string(),
    dora: z.strictObject({
      deploymentFrequency: z.strictObject({ perWeek: z.number().nullable(), count: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
      leadTime: z.strictObject({ medianMinutes: minutes("Median lead time"), count: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
      changeFailureRate: doraResultShape.changeFailureRate,
      recoveryTime: doraResultShape.recoveryTime,
    }),
    opsShare: fraction("Ops share over the range: the ops-work ledger's minutes over every member's working minutes, as the ops-work endpoint's headline"),
    opsEstimatedShare: fraction("The part of the ops share estimated from activity (ops changes), shown apart from the measured part"),
    members: z.number().int().openapi({ description: "How many members the ops share is over (its count)", example: 6 }),
    opsStatus: opsStatusSchema,
    opsBreakdown: opsBreakdownSchema,
    investment: investmentSchema,
    ciMedianMinutes: minutes("CI median duration"),
    ciFailureRate: fraction("CI failure rate"),
    ciCount,
    verdict: verdictSchema,
    signals: signalStatuses.openapi({ description: "Each signal's status, as of the end of the range" }),
    hoursPerWeek: z.number().nullable(),
    costPerWeek: z.number().nullable(),
    maturity: maturitySummarySchema.openapi({ description: "The maturity scorecard's phase as of the end of the range, in one line (details: /teams/{team}/maturity)" }),
  })
  .openapi("OrgSummaryTeam");

export const orgSummaryResponse = z
  .strictObject({
    organization: z.string(),
    range: rangeSchema,
    asOf: isoInstant.openapi({ description: "The end of the range; the signals are as of this instant" }),
    teams: z.array(orgSummaryTeamSchema),
    verdict: orgVerdictSchema,
    currency: z.string(),
    hourlyRate: z.number().openapi({ description: "The configured loaded cost of an engineer-hour every cost is computed at (thresholds.hourlyRate)", example: 100 }),
  })
  .openapi("OrgSummaryResponse", { description: "Every team's headline figures for one range, computed as the team endpoints compute them" });
