import { z } from "@hono/zod-openapi";
import type { SeriesMetric, SeriesResult } from "../../metrics/index.ts";
import { documentedRangeFields, namedSeriesSchema, notesSchema, rangeSchema } from "./common.ts";
import type { InSync, Same } from "./sync.ts";

export const SERIES_METRICS = [
  "deployments",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "ci-duration",
  "ci-failure-rate",
  "ops-share",
  "alerts",
] as const satisfies readonly SeriesMetric[];
export type _SeriesMetrics = InSync<Same<(typeof SERIES_METRICS)[number], SeriesMetric>>;
export const seriesMetricSchema = z.enum(SERIES_METRICS).openapi("SeriesMetric");

const seriesShape = {
  metric: seriesMetricSchema,
  series: z.array(namedSeriesSchema).openapi({ description: "lead-time: total and its parts; ops-share: the team's share, then each ledger category's part of it (alerts, incidents, pipeline, deployments, ops_changes); alerts: alerts, noise, actionable-ratio" }),
  notes: notesSchema,
};
const seriesResultSchema = z.strictObject(seriesShape);
export type _SeriesResult = InSync<Same<z.output<typeof seriesResultSchema>, SeriesResult>>;

export const seriesQuery = z.strictObject({
  ...documentedRangeFields,
  metric: z.enum(SERIES_METRICS).openapi({ description: "Which metric", example: "ops-share" }),
  bucket: z.enum(["week"]).default("week").openapi({ description: "Only week: one point per ISO week overlapping the range", example: "week" }),
});

export const seriesResponse = z
  .strictObject({ team: z.string().openapi({ example: "payments" }), range: rangeSchema, bucket: z.enum(["week"]), ...seriesShape })
  .openapi("SeriesResponse", { description: "One metric as a weekly series; the first and last weeks are cut to the range" });
