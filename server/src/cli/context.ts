import { connect, migrateToLatest, redactUrl, writeRecords, type Connection } from "@opsledger/db";
import { derivationSettings, inlineDeriver, type Deriver } from "../derive/deriver.ts";
import { loadConfig } from "../config/load.ts";
import { configRecords } from "../config/configRecords.ts";
import type { Config } from "../config/schema.ts";
import { readEnvironment, type Environment } from "../env.ts";
import { createLogger, type Logger } from "../observability/log.ts";
import { createScrubber, secretValues } from "../observability/redact.ts";

export interface CliContext {
  env: Environment;
  config: Config;
  connection: Connection;
  /** A line for the person at the terminal (stderr), secrets masked; JSON log lines under `serve`. */
  log: (line: string) => void;
  /** Brings the read model up to date; commands that write call it before they finish. */
  deriver: Deriver;
  /** Structured logs (stdout): what `serve` writes (built from LOG_LEVEL when a context leaves it out). */
  logger?: Logger;
}

export interface ContextOptions {
  /** Run pending migrations and refresh the config's teams (default true). */
  migrate?: boolean;
  /**
   * Bring the read model up to date before the command (default: when migrating). `rederive`
   * says no: it derives everything itself, and a stale database was otherwise derived twice.
   */
  ensureDerived?: boolean;
  log?: (line: string) => void;
  /** Every line as a JSON log line (serve, start): a server's output is for machines. */
  structured?: boolean;
}

/** Everything a command needs, built once: environment, validated config, migrated database. */
export async function openContext(options: ContextOptions = {}): Promise<CliContext> {
  const env = readEnvironment();
  const logger = createLogger({ level: env.logLevel });
  const scrub = createScrubber(secretValues(process.env));
  const log = options.structured === true ? (line: string) => logger.info(line) : (options.log ?? ((line: string) => console.error(scrub(line))));
  const config = loadConfig(env.configPath, { required: env.configPathExplicit });
  const connection = connect(env.databaseUrl);
  if (options.migrate !== false) {
    await migrateToLatest(connection.db, (line) => log(line));
    // Teams and people from the config are the source of truth for ownership; refresh them each start.
    const records = configRecords(config);
    if (records.length > 0) await writeRecords(connection.db, records);
  }
  log(`database: ${redactUrl(env.databaseUrl)}`);
  const deriver = inlineDeriver(connection.db, derivationSettings(config, log));
  // Facts made with other settings (a changed production pattern, say) are made again.
  if (options.ensureDerived ?? options.migrate !== false) await deriver.ensure();
  return { env, config, connection, log, logger, deriver };
}
