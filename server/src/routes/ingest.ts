import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../deps.ts";
import { ingestText } from "../ingest/ingest.ts";
import { formatProblem } from "../ingest/parse.ts";

/** POST /api/ingest: a JSON array or NDJSON batch, validated whole, written whole or not at all. */
export const ingestRoutes = (deps: AppDeps) =>
  new Hono().post(
    "/ingest",
    bodyLimit({
      maxSize: deps.env.ingestLimitBytes,
      onError: (c) => c.json({ error: `request body larger than ${deps.env.ingestLimitBytes} bytes; split the batch` }, 413),
    }),
    async (c) => {
      const outcome = await ingestText(deps.db, await c.req.text());
      // What a client reads after a 200 includes what it wrote.
      if (outcome.ok) await deps.deriver.drain();
      if (!outcome.ok) {
        return c.json({ error: `batch rejected, nothing written: ${outcome.problems.map(formatProblem).join("; ")}`, problems: outcome.problems }, 400);
      }
      return c.json({ written: outcome.written, total: outcome.total }, 200);
    },
  );
