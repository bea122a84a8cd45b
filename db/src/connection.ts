import { Migrator, type Kysely, type MigrationResultSet } from "kysely";
import { createKysely, parseDatabaseUrl, type ConnectionOptions, type DialectName } from "./dialect.ts";
import { migrations } from "./migrations/index.ts";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

export interface Connection {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Open the database `DATABASE_URL` names (see `parseDatabaseUrl`). Does not migrate. */
export function connect(databaseUrl: string, options: ConnectionOptions = {}): Connection {
  const location = parseDatabaseUrl(databaseUrl);
  const db = createKysely(location, options);
  return { db, dialect: location.dialect, close: () => db.destroy() };
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

export interface MigrationStep {
  name: string;
  status: "Success" | "Error" | "NotExecuted";
}

/** Run every pending migration; throws (after reporting each step) if one fails. */
export async function migrateToLatest(db: Db, log: (line: string) => void = () => {}): Promise<MigrationStep[]> {
  const { error, results }: MigrationResultSet = await migrator(db).migrateToLatest();
  const steps = (results ?? []).map((r) => ({ name: r.migrationName, status: r.status }));
  for (const step of steps) log(`migration ${step.name}: ${step.status.toLowerCase()}`);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return steps;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const all = await migrator(db).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
