import { z } from "@hono/zod-openapi";
import { integerParam } from "../../http/range.ts";
import { keySuggestionSchema, sprintStatusSchema } from "./alerts.ts";
import { fraction, isoInstant, minutes, rangeSchema } from "./common.ts";

/** At most this many sprints in one trend: each is a full alert-quality read. */
export const MAX_TREND_SPRINTS = 12;

export const sprintsQuery = z.strictObject({
  sprint: integerParam("sprint", -5000, 5000).openapi({
    description: "The sprint under review, the last of the trend: sprint 0 starts on the configured anchor (sprints.anchor), each lasts sprints.lengthDays",
    example: "20",
  }),
  last: integerParam("last", 1, MAX_TREND_SPRINTS)
    .optional()
    .openapi({ description: `How many sprints, ending with \`sprint\` (default 6, at most ${MAX_TREND_SPRINTS})`, example: "6" }),
});

const sprintFiguresSchema = z
  .strictObject({
    sprint: z.number().int(),
    range: rangeSchema,
    sprintWindow: rangeSchema.openapi({ description: "The sprint's whole window" }),
    sprintStatus: sprintStatusSchema.openapi({ description: "running: figures so far; upcoming: empty" }),
    count: z.number().int().openapi({ description: "Alerts created in the range on the team's services (as GET /teams/{team}/alerts?sprint=n)" }),
    noise: z.number().int().openapi({ description: "Noise alerts" }),
    actionableRatio: fraction("actionable / all"),
    timeToAcknowledge: z
      .strictObject({ medianMinutes: minutes("Median created → first acknowledgement of the team's incidents"), count: z.number().int() })
      .openapi({ description: "MTTA, as GET /teams/{team}/oncall over the range" }),
    sleepPages: z.number().int().nullable().openapi({ description: "Interruptions of the members in their sleep hours (22–08 local)" }),
  })
  .openapi("SprintFigures");

const keyHistorySchema = z
  .strictObject({
    key: z.string(),
    service: z.string(),
    firstSeen: isoInstant.nullable().openapi({ description: "When the key first fired on the team's services" }),
    counts: z.array(z.number().int()).openapi({ description: "Alerts of the key in each sprint, in the order of `sprints`" }),
    suggestion: keySuggestionSchema,
  })
  .openapi("KeyHistory");

export const sprintsResponse = z
  .strictObject({
    team: z.string().openapi({ example: "payments" }),
    sprint: z.number().int().openapi({ description: "The sprint under review" }),
    sprints: z.array(sprintFiguresSchema).openapi({ description: "Oldest first; the last is `sprint`" }),
    keys: z.array(keyHistorySchema).openapi({ description: "The noisy keys of the sprint under review (its top noisy alerts), each with its history over the sprints" }),
  })
  .openapi("SprintTrend", { description: "Alert figures over the last sprints, and the noisy keys' history" });
