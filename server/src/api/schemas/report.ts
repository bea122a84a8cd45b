import { z } from "@hono/zod-openapi";
import type { Report } from "../../reports/index.ts";
import type { TrendFigure } from "../../metrics/index.ts";
import { ciCount, isoInstant, orNull, tierMinimum, tierSchema, weeklyPointSchema } from "./common.ts";
import { opsStatusSchema } from "./oncall.ts";
import { investmentSchema, opsBreakdownSchema } from "./opsWork.ts";
import { seriesMetricSchema } from "./series.ts";
import { signalIdSchema, signalStatusSchema, verdictSchema } from "./signals.ts";
import { fundItemSchema, maturitySummarySchema } from "./maturity.ts";
import type { InSync, Same } from "./sync.ts";

const quarterSchema = z
  .strictObject({
    label: z.string().openapi({ example: "2026-Q3" }),
    from: isoInstant,
    to: isoInstant.openapi({ description: "Exclusive" }),
    asOf: isoInstant.openapi({ description: "The quarter's end, or the moment the report was made while the quarter runs" }),
    complete: z.boolean(),
  })
  .openapi("ReportQuarter");

const chartSchema = z
  .strictObject({
    title: z.string(),
    metric: seriesMetricSchema,
    unit: z.enum(["count", "fraction", "minutes"]),
    thresholds: z.array(z.strictObject({ label: z.string(), value: z.number() })),
    points: z.array(weeklyPointSchema),
  })
  .openapi("ReportChart");

const TREND_FIGURES = ["deploysPerWeek", "leadTime", "changeFailureRate", "recoveryTime", "ciMedianMinutes", "ciFailureRate", "opsShare"] as const satisfies readonly TrendFigure[];
const trendSchema = z.enum(["better", "worse", "same"]).nullable().openapi("Trend");

const figuresSchema = z
  .strictObject({
    deploymentFrequency: z.strictObject({ perWeek: z.number().nullable(), count: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
    leadTime: z.strictObject({ medianMinutes: z.number().nullable(), count: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
    changeFailureRate: z.strictObject({ rate: z.number().nullable(), failed: z.number().int(), total: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
    recoveryTime: z.strictObject({ medianMinutes: z.number().nullable(), count: z.number().int(), tier: tierSchema, minimum: tierMinimum }),
    ciMedianMinutes: z.number().nullable(),
    ciFailureRate: z.number().nullable(),
    ciRuns: z.number().int().openapi({ description: "CI runs started in the quarter, any status" }),
    ciCount: ciCount,
    opsShare: z.number().nullable().openapi({ description: "The ops-work ledger's minutes over every member's working minutes in the quarter" }),
    opsEstimatedShare: z.number().nullable().openapi({ description: "The part of it estimated from activity (ops changes)" }),
    opsStatus: opsStatusSchema,
    opsBreakdown: opsBreakdownSchema,
    members: z.number().int().openapi({ description: "How many members the ops share is over (its count)" }),
    investment: investmentSchema,
    verdict: verdictSchema,
    firing: z.array(signalIdSchema),
    warning: z.array(signalIdSchema),
    hoursPerWeek: z.number().nullable(),
    costPerWeek: z.number().nullable(),
  })
  .openapi("QuarterFigures");

export const reportSchema = z
  .strictObject({
    organization: z.string(),
    generatedAt: isoInstant,
    quarter: quarterSchema,
    previousQuarter: quarterSchema,
    currency: z.string(),
    hourlyRate: z.number(),
    verdict: z.strictObject({
      verdict: verdictSchema,
      headline: z.string(),
      hoursPerWeek: z.number().nullable(),
      costPerWeek: z.number().nullable(),
      teams: z.array(z.strictObject({ team: z.string(), name: z.string(), verdict: verdictSchema, firing: z.array(signalIdSchema), warning: z.array(signalIdSchema) })),
      previous: z.strictObject({ verdict: verdictSchema, hoursPerWeek: z.number().nullable(), costPerWeek: z.number().nullable() }),
    }),
    signals: z.array(
      z.strictObject({
        id: signalIdSchema,
        title: z.string(),
        rule: z.string(),
        firing: z.number().int(),
        warning: z.number().int(),
        findings: z.array(
          z.strictObject({
            team: z.string(),
            teamName: z.string(),
            status: signalStatusSchema,
            value: z.number().nullable(),
            threshold: z.number(),
            criticalThreshold: z.number().nullable(),
            sentence: z.string(),
            chart: orNull(chartSchema),
          }),
        ),
      }),
    ),
    teams: z.array(
      z.strictObject({
        team: z.string(),
        name: z.string(),
        current: orNull(figuresSchema).openapi({ description: "Null when the team had no data that quarter" }),
        previous: orNull(figuresSchema),
        trends: z
          .strictObject(Object.fromEntries(TREND_FIGURES.map((f) => [f, trendSchema])) as Record<TrendFigure, typeof trendSchema>)
          .openapi({ description: "Each figure this quarter against the previous one: better, worse, same (within 5%), or null without data on either side" }),
      }),
    ),
    maturity: z
      .array(
        z.strictObject({
          team: z.string(),
          name: z.string(),
          phase: maturitySummarySchema.shape.phase,
          previousPhase: orNull(maturitySummarySchema.shape.phase),
          line: z.string(),
          verdict: verdictSchema,
          fundFirst: z.array(fundItemSchema),
        }),
      )
      .openapi({ description: "A one-line phase per team (the maturity scorecard as of the quarter's end) and, for each team whose verdict is fund-now, what to fund first" }),
  })
  .openapi("Report", { description: "The quarterly leadership report: the org verdict, the signals that fire with evidence, every team quarter over quarter" });
export type _Report = InSync<Same<z.output<typeof reportSchema>, Report>>;
