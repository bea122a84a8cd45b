import type { Db } from "@opsledger/db";
import type { Config } from "./config/schema.ts";
import type { Deriver } from "./derive/deriver.ts";
import type { Environment } from "./env.ts";

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
}
