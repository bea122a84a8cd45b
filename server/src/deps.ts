import type { Db } from "@opsledger/db";
import type { Config } from "./config/schema.ts";
import type { Deriver } from "./derive/deriver.ts";
import type { Environment } from "./env.ts";
import type { Offload } from "./http/offload.ts";
import type { Logger } from "./observability/log.ts";
import type { Telemetry } from "./observability/metrics.ts";

/** What routes and commands are handed: built once at start-up, never constructed deeper in. */
export interface AppDeps {
  db: Db;
  config: Config;
  env: Environment;
  /** Directory of the built web app, or null to serve the API only. */
  webDist: string | null;
  now: () => number;
  /** Brings the read model up to date after a write (routes that write wait for it). */
  deriver: Deriver;
  /** Structured logs (default: none, for apps built in tests and benches). */
  log?: Logger;
  /** The Prometheus registry and counters (default: a registry of the app's own). */
  telemetry?: Telemetry;
  /** The address `serve` listens on; null or left out in-process, which counts as loopback. */
  bindHost?: string | null;
  /** Shared with `serve`: true once shutdown began, so /api/ready turns away new traffic. */
  lifecycle?: Lifecycle;
  /** Where API requests are answered when not here: `serve`'s worker threads (null: in this thread). */
  offload?: Offload | null;
  /** Bytes of figure answers kept between requests (http/resultCache.ts); 0 or left out: none. */
  resultCacheBytes?: number;
  /** One log line per request (default true); a worker thread leaves it to the main thread. */
  requestLog?: boolean;
}

export interface Lifecycle {
  draining: boolean;
}

/** AppDeps with every default filled in: what the route groups get. */
export type ServerDeps = Required<AppDeps>;
