import { z } from "@hono/zod-openapi";
import type { RecordKind, WriteCounts } from "@opsledger/db";
import type { InSync, Same } from "./sync.ts";

const RECORD_KINDS = ["team", "person", "deployment", "change", "ci_run", "incident", "alert", "page", "oncall_shift", "acknowledgement", "committer", "repo_practice", "maturity_declaration"] as const satisfies readonly RecordKind[];
export type _RecordKinds = InSync<Same<(typeof RECORD_KINDS)[number], RecordKind>>;

export const writeCountsSchema = z.partialRecord(z.enum(RECORD_KINDS), z.number().int()).openapi("WriteCounts", { description: "Records written (upserted), by kind" });
export type _WriteCounts = InSync<Same<z.output<typeof writeCountsSchema>, WriteCounts>>;

export const ingestResponse = z
  .strictObject({
    written: writeCountsSchema,
    total: z.number().int().openapi({ description: "Records in the batch; 0 for an empty batch (an empty body or [])" }),
  })
  .openapi("IngestResponse");

export const webhookResponse = z
  .union([
    z.strictObject({ status: z.literal("processed"), written: writeCountsSchema }),
    z.strictObject({ status: z.literal("duplicate"), delivery: z.string() }),
    z.strictObject({ status: z.literal("ignored"), reason: z.string() }),
  ])
  .openapi("WebhookResponse");
