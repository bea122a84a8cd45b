import { z } from "@hono/zod-openapi";
import { isoInstant, rangeSchema } from "./common.ts";

const bands = {
  business: z.number().int(),
  offHours: z.number().int(),
  sleep: z.number().int(),
};

export const personParams = z.strictObject({
  person: z.string().min(1).openapi({ param: { name: "person", in: "path" }, description: "A person id", example: "maria-gonzalez" }),
});

export const personResponse = z
  .strictObject({
    person: z.string().openapi({ description: "The person id", example: "maria-gonzalez" }),
    name: z.string().openapi({ example: "Maria Gonzalez" }),
    timezone: z.string().openapi({ description: "The person's IANA zone: every band, hour and night below is read in it", example: "America/New_York" }),
    teams: z.array(z.strictObject({ team: z.string(), name: z.string() })).openapi({ description: "The teams the person is a member of" }),
    range: rangeSchema,
    bands: z.strictObject(bands).openapi({ description: "Interruptions by band of the person's local time: business (Mon–Fri 08–18), off-hours, sleep (22–08)" }),
    byHour: z.array(z.strictObject({ hour: z.number().int().openapi({ description: "Hour of the person's local day, 0–23" }), ...bands })),
    nights: z.array(z.string()).openapi({ description: "Nights with at least one sleep-hour interruption, each the local date (YYYY-MM-DD) of the evening it began" }),
    weeks: z.array(
      z.strictObject({
        weekStart: z.string().openapi({ description: "Monday of the ISO week, YYYY-MM-DD (UTC)" }),
        partial: z.boolean().openapi({ description: "The range covers only part of the week" }),
        measuredMinutes: z.number().openapi({ description: "Ops-work ledger minutes measured from records (alerts, incidents, pipeline and deployment toil)" }),
        estimatedMinutes: z.number().openapi({ description: "Ops-work ledger minutes estimated from activity (ops changes)" }),
        interruptions: z.number().int(),
        sleepInterruptions: z.number().int(),
      }),
    ),
    shifts: z.array(z.strictObject({ schedule: z.string(), level: z.number().int(), start: isoInstant, end: isoInstant, hours: z.number() })).openapi({ description: "On-call shifts overlapping the range, clipped to it" }),
    interruptions: z.array(
      z.strictObject({
        at: isoInstant,
        local: z.string().openapi({ description: "The person's local date and time, YYYY-MM-DD HH:mm", example: "2026-11-03 03:16" }),
        band: z.enum(["business", "offHours", "sleep"]),
        incidentId: z.string(),
      }),
    ).openapi({ description: "The person's interruptions in the range, newest first" }),
  })
  .openapi("PersonView");
