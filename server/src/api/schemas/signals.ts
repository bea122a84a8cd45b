import { z } from "@hono/zod-openapi";
import type { EvidenceFact, Signal, SignalId, SignalsResult, SignalStatus, Verdict } from "../../metrics/index.ts";
import { asOfField } from "../../http/range.ts";
import { isoInstant, namedSeriesSchema } from "./common.ts";
import type { InSync, Same } from "./sync.ts";

export const SIGNAL_IDS = ["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"] as const satisfies readonly SignalId[];
export type _SignalIds = InSync<Same<(typeof SIGNAL_IDS)[number], SignalId>>;
export const signalIdSchema = z.enum(SIGNAL_IDS).openapi("SignalId");
const STATUSES = ["firing", "warning", "ok", "unknown"] as const satisfies readonly SignalStatus[];
export type _Statuses = InSync<Same<(typeof STATUSES)[number], SignalStatus>>;
export const signalStatusSchema = z.enum(STATUSES).openapi("SignalStatus");
const VERDICTS = ["fund-now", "watch", "not-yet", "no-data"] as const satisfies readonly Verdict[];
export type _Verdicts = InSync<Same<(typeof VERDICTS)[number], Verdict>>;
export const verdictSchema = z
  .enum(VERDICTS)
  .openapi("Verdict", { description: "fund-now when any signal fires, watch when any warns, else not-yet; no-data when the period holds no record of the team (no verdict without evidence)" });

const evidenceFactSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type _EvidenceFact = InSync<Same<z.output<typeof evidenceFactSchema>, EvidenceFact>>;

export const signalSchema = z
  .strictObject({
    id: signalIdSchema,
    status: signalStatusSchema,
    basis: z.enum(["measured", "declared"]).openapi({ description: "measured from records, or declared in the configuration (compliance targets, service lists)" }),
    value: z.number().nullable(),
    threshold: z.number(),
    criticalThreshold: z.number().nullable().openapi({ description: "A second threshold where the signal has one (ops-load: critical)" }),
    evidence: z.strictObject({
      facts: z.record(z.string(), evidenceFactSchema).openapi({ description: "Short facts behind the value" }),
      records: z.array(z.strictObject({ kind: z.string(), ids: z.array(z.string()) })).openapi({ description: "Records behind the value, by kind" }),
      series: z.array(namedSeriesSchema),
    }),
    message: z.string(),
  })
  .openapi("Signal");
export type _Signal = InSync<Same<z.output<typeof signalSchema>, Signal>>;

const signalsShape = {
  team: z.string().openapi({ example: "payments" }),
  signals: z.array(signalSchema),
  verdict: verdictSchema,
  hoursPerWeek: z.number().nullable().openapi({ description: "Engineer-hours a week lost to ops work over the last 4 weeks; null without on-call data" }),
  costPerWeek: z.number().nullable().openapi({ description: "hoursPerWeek × the configured hourly rate" }),
  currency: z.string(),
  hourlyRate: z.number().openapi({ description: "The configured loaded cost of an engineer-hour (thresholds.hourlyRate)", example: 100 }),
};
const signalsResultWithoutAsOf = z.strictObject(signalsShape);
export type _SignalsResult = InSync<Same<z.output<typeof signalsResultWithoutAsOf>, Omit<SignalsResult, "asOf">>>;

export const signalsQuery = z.strictObject({
  asOf: asOfField.asOf.openapi({ description: "The signals as of this instant (a date means the end of that day); default and upper bound: now", example: "2026-10-31" }),
});

export const signalsResponse = z
  .strictObject({ ...signalsShape, asOf: isoInstant })
  .openapi("SignalsResponse", { description: "The five fund-DevOps signals and the team's verdict" });
