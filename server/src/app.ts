/**
 * The Hono application: API routes chained so `AppType` carries every response type to the web
 * client, the built web app with a single-page fallback, and errors mapped in one place.
 */
import fs from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { AppDeps } from "./deps.ts";
import { handleError } from "./http/errors.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { teamRoutes } from "./routes/teams.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { gitlabWebhookRoutes } from "./routes/gitlabWebhooks.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { recordsRoutes } from "./routes/records.ts";
import { reportRoutes } from "./routes/reports.ts";

export function createApi(deps: AppDeps) {
  return new Hono()
    .route("/", healthRoutes(deps))
    .route("/", teamRoutes(deps))
    .route("/", ingestRoutes(deps))
    .route("/", webhookRoutes(deps))
    .route("/", gitlabWebhookRoutes(deps))
    .route("/", metricsRoutes(deps))
    .route("/", recordsRoutes(deps))
    .route("/", reportRoutes(deps));
}

export type AppType = ReturnType<typeof createApi>;

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError(handleError);
  app.route("/api", createApi(deps));
  app.all("/api/*", (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  const dist = deps.webDist;
  if (dist !== null && fs.existsSync(path.join(dist, "index.html"))) {
    const root = path.relative(process.cwd(), dist) || ".";
    const indexHtml = fs.readFileSync(path.join(dist, "index.html"), "utf8");
    app.use("/*", serveStatic({ root }));
    // Client-side routes (/teams/payments, /reports/2026-Q3) all load the same page.
    app.get("/*", (c) => c.html(indexHtml));
  } else {
    app.get("/", (c) => c.text("opsledger API is running; the web app is not built (npm run build).", 200));
  }
  return app;
}
