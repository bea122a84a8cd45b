/**
 * The Hono application: the API's route groups (declared with zod schemas, so `AppType` carries
 * every response type to the web client and /api/openapi.json documents them), the middleware in
 * front of everything (request ids and logs, security headers, host and cross-site checks,
 * authentication, deadlines), /metrics, the API reference, and the built web app with a
 * single-page fallback. Errors are mapped to problem details in one place.
 */
import fs from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { serveStatic } from "@hono/node-server/serve-static";
import type { AppDeps, ServerDeps } from "./deps.ts";
import { documentConfig, registerSecuritySchemes } from "./api/openapi.ts";
import type { AppEnv } from "./http/context.ts";
import { deadline } from "./http/deadline.ts";
import { handleError, problem } from "./http/errors.ts";
import { offloaded } from "./http/offload.ts";
import { resultCache } from "./http/resultCache.ts";
import { ingestRecord } from "./ingest/schema.ts";
import { settingsFromConfig } from "./metrics/index.ts";
import { silentLogger } from "./observability/log.ts";
import { createTelemetry } from "./observability/metrics.ts";
import { requestContext } from "./observability/requestContext.ts";
import { registerProductMetrics } from "./observability/teamFigures.ts";
import { docsRoutes } from "./routes/docs.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { maturityRoutes } from "./routes/maturity.ts";
import { recordsRoutes } from "./routes/records.ts";
import { peopleRoutes } from "./routes/people.ts";
import { reportRoutes } from "./routes/reports.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { sessionRoutes } from "./routes/session.ts";
import { teamRoutes } from "./routes/teams.ts";
import { WEBHOOK_MAX_BODY, webhookRoutes } from "./routes/webhooks.ts";
import { createAuth } from "./security/auth.ts";
import { contentTypeCheck, crossOriginCheck, hostCheck, securityHeaders } from "./security/browser.ts";
import { securitySettings, type SecuritySettings } from "./security/settings.ts";

/** AppDeps with every default filled in, plus the security settings and the auth built from them. */
export interface ResolvedDeps extends ServerDeps {
  security: SecuritySettings;
  auth: ReturnType<typeof createAuth>;
}

export function resolveDeps(deps: AppDeps): ResolvedDeps {
  const full: ServerDeps = {
    ...deps,
    log: deps.log ?? silentLogger(),
    telemetry: deps.telemetry ?? createTelemetry(),
    bindHost: deps.bindHost ?? null,
    lifecycle: deps.lifecycle ?? { draining: false },
    offload: deps.offload ?? null,
    requestLog: deps.requestLog ?? true,
    resultCacheBytes: deps.resultCacheBytes ?? 0,
  };
  const security = securitySettings(deps.env, { bindHost: full.bindHost });
  return { ...full, security, auth: createAuth({ db: deps.db, security, now: deps.now }) };
}

export function createApi(deps: AppDeps, resolved: ResolvedDeps = resolveDeps(deps)) {
  const api = new OpenAPIHono()
    .route("/", healthRoutes(resolved))
    .route("/", sessionRoutes({ ...resolved, isOpen: resolved.auth.isOpen }))
    .route("/", teamRoutes(resolved))
    .route("/", ingestRoutes(resolved))
    .route("/", webhookRoutes(resolved))
    .route("/", metricsRoutes(resolved))
    .route("/", maturityRoutes(resolved))
    .route("/", recordsRoutes(resolved))
    .route("/", peopleRoutes(resolved))
    .route("/", reportRoutes(resolved))
    .route("/", notificationRoutes(resolved));
  registerSecuritySchemes(api);
  // The ingest body is parsed line by line by the ingest parser; its record schema (what a client
  // sends, before the parser's transforms) is documented here, as zod's own JSON Schema of it.
  api.openAPIRegistry.registerComponent("schemas", "IngestRecord", ingestRecordJsonSchema());
  return api;
}

export type AppType = ReturnType<typeof createApi>;

function ingestRecordJsonSchema() {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(ingestRecord, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return schema as Record<string, unknown>;
}

/** The OpenAPI 3.1 document of an API. */
export const openApiDocument = (api: AppType) => api.getOpenAPI31Document(documentConfig);

export function createApp(deps: AppDeps) {
  const resolved = resolveDeps(deps);
  const { log, telemetry, security } = resolved;
  const app = new Hono<AppEnv>();
  app.onError(handleError((c, error) => (c.var.log ?? log).error({ err: error, method: c.req.method, path: c.req.path }, "request failed")));
  app.notFound((c) => problem(c, 404, "not-found", `no such endpoint: ${c.req.method} ${c.req.path}`));

  app.use("*", requestContext(log, telemetry, { logRequests: resolved.requestLog }));
  // While shutting down, clients are asked not to reuse their connection, so draining ends.
  app.use("*", async (c, next) => {
    await next();
    if (resolved.lifecycle.draining) c.header("Connection", "close");
  });
  app.use("*", securityHeaders());
  app.use("*", hostCheck(security.allowedHosts));
  app.use("*", crossOriginCheck());
  app.use("*", resolved.auth.middleware);
  app.use("/api/*", contentTypeCheck());
  app.use("/api/*", deadline(deps.env.requestTimeoutMs, telemetry));
  if (resolved.resultCacheBytes > 0) {
    const lookups = telemetry.counter("result_cache_lookups_total", "Figure requests by how they were answered: computed (miss), kept from before (hit), or shared with the same request in flight (shared)", ["outcome"]);
    app.use("/api/*", resultCache(deps.db, { maxBytes: resolved.resultCacheBytes, now: deps.now, counted: (outcome) => lookups.inc({ outcome }) }).middleware);
  }
  // Past the checks, the API's requests are answered by the worker threads when there are some.
  if (resolved.offload !== null) app.use("/api/*", offloaded(resolved.offload, Math.max(deps.env.ingestLimitBytes, WEBHOOK_MAX_BODY)));

  registerProductMetrics(telemetry, { db: deps.db, settings: settingsFromConfig(deps.config), now: deps.now, cacheMs: deps.env.metricsCacheMs, log });
  app.get("/metrics", async (c) => c.body(await telemetry.registry.metrics(), 200, { "Content-Type": telemetry.registry.contentType }));

  const api = createApi(deps, resolved);
  let document: ReturnType<typeof openApiDocument> | null = null;
  app.get("/api/openapi.json", (c) => c.json((document ??= openApiDocument(api))));
  app.route("/api", docsRoutes());
  app.route("/api", api);
  app.all("/api/*", (c) => problem(c, 404, "not-found", `no such endpoint: ${c.req.method} ${c.req.path}`));

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
