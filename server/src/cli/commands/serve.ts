import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve as serveNode } from "@hono/node-server";
import { createApp } from "../../app.ts";
import { startJobs } from "../../scheduler/index.ts";
import type { CliContext } from "../context.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../web/dist");

export interface ServeOptions {
  port?: number;
  host?: string;
}

/** Serve the API and the built web app until the process is stopped. */
export async function serve(ctx: CliContext, options: ServeOptions): Promise<void> {
  const port = options.port ?? ctx.env.port ?? 8080;
  const hostname = options.host ?? ctx.env.host ?? "127.0.0.1";
  const app = createApp({ db: ctx.connection.db, config: ctx.config, env: ctx.env, webDist: WEB_DIST, now: ctx.env.now, deriver: ctx.deriver });
  // Collection, rule evaluation and digests on their schedules (SQLite: jobs run in this process).
  const jobs = ctx.config.schedule.enabled ? await startJobs(ctx, { schedule: true, work: ctx.connection.dialect === "sqlite" || ctx.config.schedule.work }) : null;
  await new Promise<void>((resolve, reject) => {
    const server = serveNode({ fetch: app.fetch, port, hostname }, (info) => {
      ctx.log(`opsledger listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${info.port}`);
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      void (jobs?.stop() ?? Promise.resolve()).finally(() => ctx.connection.close());
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${hostname} is already in use: stop the other process or pass --port`)
          : error,
      );
    });
    const stop = () => {
      server.close();
      void (jobs?.stop() ?? Promise.resolve()).finally(() => ctx.connection.close().then(resolve));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
