/** A fresh, migrated database on one dialect and the app in front of it, for in-process route tests. */
import { createTestDatabase, type DialectName, type TestDatabase } from "@opsledger/db/testing";
import { createApp } from "../app.ts";
import type { AppDeps } from "../deps.ts";
import { defaultConfig, type Config } from "../config/schema.ts";
import { readEnvironment, type Environment } from "../env.ts";
import { TEST_NOW } from "./clock.ts";
import { derivationSettings, inlineDeriver, type Deriver } from "../derive/deriver.ts";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  /** What the app's writes drain through; tests that write around the app drain it themselves. */
  deriver: Deriver;
  database: TestDatabase;
  config: Config;
  env: Environment;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: DialectName,
  options: { config?: Config; env?: Partial<Environment>; now?: number } & Partial<Pick<AppDeps, "log" | "telemetry" | "bindHost" | "webDist" | "resultCacheBytes">> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = options.config ?? defaultConfig();
  const env = { ...readEnvironment({}), ...options.env };
  const now = options.now ?? TEST_NOW;
  const deriver = inlineDeriver(database.db, derivationSettings(config));
  await deriver.ensure();
  const app = createApp({ db: database.db, config, env, webDist: options.webDist ?? null, now: () => now, log: options.log, telemetry: options.telemetry, bindHost: options.bindHost, resultCacheBytes: options.resultCacheBytes, deriver });
  return {
    app,
    deriver,
    database,
    config,
    env,
    close: async () => {
      await deriver.idle();
      await database.close();
    },
  };
}
