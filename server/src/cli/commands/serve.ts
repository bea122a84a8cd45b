import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { countActiveApiTokens } from "@opsledger/db";
import { createApp } from "../../app.ts";
import { startJobs } from "../../scheduler/index.ts";
import { createTurns, listenerTakingTurns, offloadTakingTurns } from "../../http/turns.ts";
import { bundleWorker } from "../../workers/bundle.ts";
import { startRequestPools } from "../../workers/pool.ts";
import type { Lifecycle } from "../../deps.ts";
import { LOOPBACK_HOSTS } from "../../env.ts";
import { createLogger, type Logger } from "../../observability/log.ts";
import { watchLoopDelay } from "../../observability/loopDelay.ts";
import { createTelemetry } from "../../observability/metrics.ts";
import { isLoopback, trustedProxyList } from "../../security/settings.ts";
import type { CliContext } from "../context.ts";
import { fromRoot } from "../../paths.ts";

export const WEB_DIST = fromRoot("web", "dist");

export interface ServeOptions {
  port?: number;
  host?: string;
}

/** A loop held longer than this is logged as it happens: past it, /api/health misses its 50 ms. */
const STALL_LOG_MS = 50;

/** How long shutdown waits for in-flight requests before closing their connections: a read's deadline, and a little. */
const drainMs = (ctx: CliContext) => ctx.env.requestTimeoutMs + 5000;

/**
 * Refuses what would leave the data open or unreadable: a non-loopback address with no way to
 * authenticate, or tokens the server cannot check.
 */
export async function checkExposure(ctx: CliContext, hostname: string, logger: Logger): Promise<void> {
  trustedProxyList(ctx.env.trustedProxies);
  const tokens = await countActiveApiTokens(ctx.connection.db);
  if (tokens > 0 && ctx.env.secret === null) {
    throw new Error(`${tokens} API token(s) exist but OPSLEDGER_SECRET is not set, so none could be checked: set OPSLEDGER_SECRET to the value the tokens were created with`);
  }
  if (!isLoopback(hostname) && tokens === 0 && ctx.env.trustedProxies.length === 0) {
    throw new Error(
      [
        `refusing to listen on ${hostname} without authentication: anyone who can reach it could read your data and rewrite it.`,
        "Either create an admin token (set OPSLEDGER_SECRET, e.g. `export OPSLEDGER_SECRET=$(openssl rand -hex 32)`, then `opsledger token create --name admin --role admin`),",
        "or put opsledger behind an authenticating proxy (OPSLEDGER_TRUSTED_PROXIES=<proxy address>, OPSLEDGER_PROXY_USER_HEADER),",
        "or listen on 127.0.0.1 (--host 127.0.0.1).",
      ].join("\n"),
    );
  }
  if (!isLoopback(hostname) && ctx.env.allowedHosts.every((h) => LOOPBACK_HOSTS.includes(h))) {
    logger.warn(
      `OPSLEDGER_ALLOWED_HOSTS is not set: only requests naming ${LOOPBACK_HOSTS.join(", ")} are answered (others get 421); set it to the names clients use to reach this server`,
    );
  }
}

/** The address as a URL a person can paste: IPv6 in brackets, and what 0.0.0.0 and :: mean. */
export function listeningUrl(info: AddressInfo): string {
  const host = info.family === "IPv6" || info.address.includes(":") ? `[${info.address}]` : info.address;
  const all = info.address === "0.0.0.0" || info.address === "::" ? " (every interface)" : "";
  return `http://${host}:${info.port}${all}`;
}

/** Serve the API and the built web app until the process is stopped; SIGTERM drains first. */
export async function serve(ctx: CliContext, options: ServeOptions): Promise<void> {
  const port = options.port ?? ctx.env.port ?? 8080;
  const hostname = options.host ?? ctx.env.host ?? "127.0.0.1";
  const logger = ctx.logger ?? createLogger({ level: ctx.env.logLevel });
  await checkExposure(ctx, hostname, logger);
  const lifecycle: Lifecycle = { draining: false };
  // API requests are answered on worker threads, so no read or write holds the loop that answers
  // the probes; this thread's deriver gives way to the writer's, which runs after the writes.
  const worker = await bundleWorker().catch((error: unknown) => {
    logger.warn({ err: error }, "could not bundle the worker threads' code: they load it through tsx (more memory per thread)");
    return undefined;
  });
  const pools = startRequestPools({ config: ctx.config, readers: ctx.env.readThreads ?? undefined, worker });
  const served: CliContext = { ...ctx, deriver: pools.deriver };
  // This thread's share of every request is taken one request per turn of the loop (../../http/turns.ts).
  const turns = createTurns();
  const app = createApp({
    db: ctx.connection.db,
    config: ctx.config,
    env: ctx.env,
    webDist: WEB_DIST,
    now: ctx.env.now,
    log: logger,
    telemetry: createTelemetry({ processMetrics: true }),
    bindHost: hostname,
    lifecycle,
    deriver: pools.deriver,
    offload: offloadTakingTurns(pools.offload, turns),
    resultCacheBytes: ctx.env.resultCacheBytes,
  });
  // Collection, rule evaluation and digests on their schedules (SQLite: jobs run in this process).
  // They run on the pools' jobs thread: an evaluation reads and computes as much as an org summary.
  const jobs = ctx.config.schedule.enabled
    ? await startJobs(served, { schedule: true, work: ctx.connection.dialect === "sqlite" || ctx.config.schedule.work, run: pools.runJob })
    : null;
  // The main thread answers the probes: how long its loop is held is the server's first health figure.
  const loop = watchLoopDelay({ stallMs: STALL_LOG_MS, onStall: (heldMs) => logger.warn({ heldMs }, `event loop held for ${heldMs} ms`) });
  await new Promise<void>((resolve, reject) => {
    const server = createServer(listenerTakingTurns(getRequestListener(app.fetch, { hostname }), turns));
    server.listen(port, hostname, () => {
      const info = server.address() as AddressInfo;
      logger.info({ address: info.address, port: info.port }, `opsledger listening on ${listeningUrl(info)}`);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      loop.stop();
      void (jobs?.stop() ?? Promise.resolve()).then(() => pools.close()).finally(() => ctx.connection.close());
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${hostname} is already in use: stop the other process or pass --port`)
          : error,
      );
    });
    const stop = (signal: string) => {
      if (lifecycle.draining) return;
      lifecycle.draining = true;
      logger.info({ signal }, "shutting down: no new connections; finishing the requests in flight");
      // The database closes only once every request has been answered (or cut off after the drain time).
      const force = setTimeout(() => {
        logger.warn("requests still running after the drain time: closing their connections");
        if ("closeAllConnections" in server) server.closeAllConnections();
      }, drainMs(ctx));
      force.unref();
      server.close(() => {
        clearTimeout(force);
        void (jobs?.stop() ?? Promise.resolve())
          .then(() => pools.deriver.idle())
          .then(() => pools.close())
          .finally(() => ctx.connection.close())
          .then(() => {
          loop.stop();
          const delay = loop.summary();
          logger.info({ loopDelay: delay }, `event loop delay while serving: max ${delay.maxMs} ms, p99 ${delay.p99Ms} ms`);
          logger.info("stopped");
          resolve();
        });
      });
      if ("closeIdleConnections" in server) server.closeIdleConnections();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}
