import { z } from "@hono/zod-openapi";
import type { CiResult, CiStats, CiWorkflowStats } from "../../metrics/index.ts";
import { fraction, minutes, notesSchema, rangeSchema } from "./common.ts";
import type { InSync, Same } from "./sync.ts";

const ciStatsShape = {
  runs: z.number().int().openapi({ description: "Runs started in the window, any status" }),
  successes: z.number().int(),
  failures: z.number().int(),
  cancelled: z.number().int(),
  skipped: z.number().int(),
  durationMedianMinutes: minutes("Median finished − started of successful and failed runs"),
  durationP90Minutes: minutes("90th percentile duration"),
  failureRate: fraction("failures / (successes + failures)"),
  pairs: z.number().int().openapi({ description: "(workflow, sha) pairs run in the window" }),
  flaky: z.number().int().openapi({ description: "Pairs whose first attempt failed and a later one succeeded" }),
  flakyRate: fraction("flaky / pairs"),
  queueMedianMinutes: minutes("Median started − queued"),
  queueCount: z.number().int(),
};
export const ciStatsSchema = z.strictObject(ciStatsShape).openapi("CiStats");
export type _CiStats = InSync<Same<z.output<typeof ciStatsSchema>, CiStats>>;
export const ciWorkflowStatsSchema = z.strictObject({ repo: z.string(), workflow: z.string(), ...ciStatsShape }).openapi("CiWorkflowStats");
export type _CiWorkflowStats = InSync<Same<z.output<typeof ciWorkflowStatsSchema>, CiWorkflowStats>>;

const ciResultShape = { overall: ciStatsSchema, workflows: z.array(ciWorkflowStatsSchema), notes: notesSchema };
const ciResultSchema = z.strictObject(ciResultShape);
export type _CiResult = InSync<Same<z.output<typeof ciResultSchema>, CiResult>>;

export const ciResponse = z
  .strictObject({ team: z.string().openapi({ example: "payments" }), range: rangeSchema, ...ciResultShape })
  .openapi("CiResponse", { description: "CI health of the team's repos, overall and per (repo, workflow)" });
