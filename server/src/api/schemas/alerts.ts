import { z } from "@hono/zod-openapi";
import { ALERT_PATTERNS, type AlertQualityResult, type KeySuggestion, type NoiseReason, type SprintStatus } from "../../metrics/index.ts";
import { integerParam } from "../../http/range.ts";
import { bandCountsSchema, documentedRangeFields, fraction, minutes, notesSchema, orNull, rangeSchema } from "./common.ts";
import type { InSync, Same } from "./sync.ts";

const NOISE_REASONS = ["marked", "auto_resolved", "repeat"] as const satisfies readonly NoiseReason[];
export type _NoiseReasons = InSync<Same<(typeof NOISE_REASONS)[number], NoiseReason>>;
export const noiseReasonSchema = z.enum(NOISE_REASONS).openapi("NoiseReason");
export const keySuggestionSchema = z
  .strictObject({
    pattern: z
      .enum(ALERT_PATTERNS)
      .nullable()
      .openapi({ description: "What the key's alerts in the window keep doing (docs/alert-patterns.md); null: no clear pattern, or too few alerts to tell" }),
    matching: z.number().int().openapi({ description: "Alerts of the key that show the pattern (0 without one)" }),
    count: z.number().int().openapi({ description: "Alerts of the key in the window" }),
    evidence: z.string().openapi({ description: "The facts that triggered it", example: "9 of 11 resolved on their own with nobody acknowledging, after 4 min (median)." }),
    advice: z.string().openapi({ description: "What to do about it" }),
  })
  .openapi("KeySuggestion");
export type _KeySuggestion = InSync<Same<z.output<typeof keySuggestionSchema>, KeySuggestion>>;

const alertQualityShape = {
  count: z.number().int().openapi({ description: "Alerts created in the window on the team's services" }),
  actionable: z.number().int(),
  noise: z.number().int(),
  noiseByReason: z.strictObject({ marked: z.number().int(), auto_resolved: z.number().int(), repeat: z.number().int() }),
  actionableRatio: fraction("actionable / all"),
  timeToFix: z.strictObject({ medianMinutes: minutes("Median created → resolved of actionable alerts"), count: z.number().int() }),
  topNoisyKeys: z.array(
    z.strictObject({ key: z.string(), service: z.string(), count: z.number().int(), noiseCount: z.number().int(), suggestion: keySuggestionSchema }),
  ),
  keys: z
    .strictObject({ new: z.number().int(), recurring: z.number().int(), newKeys: z.array(z.string()), recurringKeys: z.array(z.string()) })
    .openapi({ description: "Keys firing in the window: new (not seen in the 90 days before) and recurring" }),
  pagesByBand: orNull(bandCountsSchema),
  wokenUp: z
    .array(z.strictObject({ person: z.string(), name: z.string(), count: z.number().int() }))
    .openapi({ description: "People paged in their sleep hours, most often first" }),
  notes: notesSchema,
};
const alertQualitySchema = z.strictObject(alertQualityShape);
export type _AlertQuality = InSync<Same<z.output<typeof alertQualitySchema>, AlertQualityResult>>;

const SPRINT_STATUSES = ["complete", "running", "upcoming"] as const satisfies readonly SprintStatus[];
export type _SprintStatuses = InSync<Same<(typeof SPRINT_STATUSES)[number], SprintStatus>>;
export const sprintStatusSchema = z.enum(SPRINT_STATUSES);

export const alertsQuery = z.strictObject({
  ...documentedRangeFields,
  // Thousands of sprints either side of the anchor is centuries; beyond that dates overflow.
  sprint: integerParam("sprint", -5000, 5000)
    .optional()
    .openapi({
      description: "A sprint number instead of from/to: sprint 0 starts on the configured anchor (sprints.anchor), each lasts sprints.lengthDays; negative numbers are before it",
      example: "20",
    }),
});

export const alertsResponse = z
  .strictObject({
    team: z.string().openapi({ example: "payments" }),
    range: rangeSchema,
    sprint: z.number().int().nullable(),
    sprintWindow: orNull(rangeSchema).openapi({ description: "The sprint's whole window; null without sprint" }),
    sprintStatus: sprintStatusSchema.nullable().openapi({ description: "running: figures so far; upcoming: empty; null without sprint" }),
    ...alertQualityShape,
  })
  .openapi("AlertsResponse", { description: "Alert quality for a sprint review" });
