import { connect, migrateToLatest, redactUrl, writeRecords, type Connection } from "@opsledger/db";
import { derivationSettings, inlineDeriver, type Deriver } from "../derive/deriver.ts";
import { loadConfig } from "../config/load.ts";
import { configRecords } from "../config/configRecords.ts";
import type { Config } from "../config/schema.ts";
import { readEnvironment, type Environment } from "../env.ts";

export interface CliContext {
  env: Environment;
  config: Config;
  connection: Connection;
  log: (line: string) => void;
  /** Brings the read model up to date; commands that write call it before they finish. */
  deriver: Deriver;
}

/** Everything a command needs, built once: environment, validated config, migrated database. */
export async function openContext(options: { migrate?: boolean; log?: (line: string) => void } = {}): Promise<CliContext> {
  const log = options.log ?? ((line: string) => console.error(line));
  const env = readEnvironment();
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
  if (options.migrate !== false) await deriver.ensure();
  return { env, config, connection, log, deriver };
}
