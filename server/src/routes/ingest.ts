/** POST /api/ingest: a JSON array or NDJSON batch, validated whole, written whole or not at all. */
import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { ServerDeps } from "../deps.ts";
import { admin, json, routeGroup } from "../api/openapi.ts";
import { accessProblems, problems } from "../api/schemas/common.ts";
import { ingestResponse } from "../api/schemas/ingest.ts";
import { ApiError } from "../http/errors.ts";
import { ingestText } from "../ingest/ingest.ts";
import type { Telemetry } from "../observability/metrics.ts";
import { formatProblem } from "../ingest/parse.ts";

const EXAMPLE_BATCH = [
  { kind: "team", id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"] },
  { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
  { kind: "deployment", id: "d1", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", commits: ["abc"] },
];

const ingest = (limitBytes: number, telemetry: Telemetry) =>
  createRoute({
    method: "post",
    path: "/ingest",
    tags: ["ingest"],
    summary: "Send records in the ingest format",
    description: `A batch of records (docs/ingest.md): a JSON array, or NDJSON with one object per line, \`kind\` first. The batch is validated as a whole: one bad line rejects it with each problem's line, field and reason, and nothing is written. Every write is an idempotent upsert, so sending a batch again changes nothing. An empty batch (an empty body, or \`[]\`) writes nothing and answers 200 with \`total: 0\`. Bodies over ${limitBytes} bytes (OPSLEDGER_INGEST_LIMIT_MB) are refused: split the batch, or use \`opsledger import\`. Admin.`,
    security: admin,
    middleware: [
      bodyLimit({
        maxSize: limitBytes,
        onError: () => {
          telemetry.ingestRejections.inc({ reason: "too_large" });
          throw new ApiError(413, `request body larger than ${limitBytes} bytes; split the batch, or use \`opsledger import\`, which has no limit`);
        },
      }),
    ] as const,
    request: {
      body: {
        required: true,
        // Read as text and validated line by line by the ingest parser (so problems carry line numbers), not here.
        content: {
          "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/IngestRecord" } }, example: EXAMPLE_BATCH },
          "application/x-ndjson": { schema: { type: "string", description: "One ingest record (IngestRecord) as JSON per line" }, example: EXAMPLE_BATCH.map((r) => JSON.stringify(r)).join("\n") },
        },
      },
    },
    responses: {
      200: json(ingestResponse, "Every record was written"),
      ...problems({
        400: "The batch was rejected and nothing written: `errors` lists each problem with its line, field and reason",
        413: "The body is over the limit",
        415: "The Content-Type is not application/json or application/x-ndjson",
        ...accessProblems,
      }),
    },
  });

export const ingestRoutes = (deps: ServerDeps) => {
  const route = ingest(deps.env.ingestLimitBytes, deps.telemetry);
  return routeGroup().openapi(route, async (c) => {
      const outcome = await ingestText(deps.db, await c.req.text());
      // What a client reads after a 200 includes what it wrote.
      if (outcome.ok) await deps.deriver.drain();
      if (!outcome.ok) {
        deps.telemetry.ingestRejections.inc({ reason: "invalid" });
        throw new ApiError(
          400,
          `batch rejected, nothing written: ${outcome.problems.map(formatProblem).join("; ")}`,
          outcome.problems.map((p) => ({ in: "body" as const, line: p.line, field: p.path, detail: p.message })),
          "batch-rejected",
        );
      }
      for (const [kind, n] of Object.entries(outcome.written)) deps.telemetry.ingestRecords.inc({ kind }, n);
      return c.json({ written: outcome.written, total: outcome.total }, 200);
    });
};
