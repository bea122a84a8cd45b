export * from "./model.ts";
export type { Database } from "./schema.ts";
export { connect, migrateToLatest, migrationStatus, type Connection, type Db, type MigrationStep, type MigrationStatus } from "./connection.ts";
export { parseDatabaseUrl, redactUrl, DEFAULT_DATABASE_URL, type DialectName } from "./dialect.ts";
export { writeRecords, writeRecordsIn, type WriteCounts } from "./writes/writeRecords.ts";
export { getTeams, getTeam } from "./queries/getTeams.ts";
export { countRecords } from "./queries/countRecords.ts";
export { getSyncCursor, setSyncCursor, recordWebhookDelivery, type SyncKey } from "./queries/syncState.ts";
