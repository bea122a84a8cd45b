export * from "./model.ts";
export * from "./facts/model.ts";
export type { Database } from "./schema.ts";
export { connect, migrateToLatest, migrationStatus, type Connection, type Db, type MigrationStep, type MigrationStatus } from "./connection.ts";
export { parseDatabaseUrl, redactUrl, DEFAULT_DATABASE_URL, type DialectName } from "./dialect.ts";
export { writeRecords, writeRecordsIn, RECORD_KEYS, type WriteCounts } from "./writes/writeRecords.ts";
export { getTeams, getTeam } from "./queries/getTeams.ts";
export { countRecords } from "./queries/countRecords.ts";
export { enqueueTouched, readQueue, deleteQueued, queueStatus, touchedKey, REDERIVE_ALL, type TouchedKey, type QueuedTouches } from "./queries/deriveQueue.ts";
export { getSyncCursor, setSyncCursor, recordWebhookDelivery, type SyncKey } from "./queries/syncState.ts";
export { getTeamActivity, type TeamActivity } from "./queries/getTeamActivity.ts";
export { getTeamDelivery, type TeamDelivery, type TeamDeliveryOptions } from "./queries/getTeamDelivery.ts";
export { getTeamOncall, type TeamOncall } from "./queries/getTeamOncall.ts";
export { getTeamCiRuns } from "./queries/getTeamCiRuns.ts";
export { getTeamAlerts } from "./queries/getTeamAlerts.ts";
export { getTeamAlertKeys } from "./queries/getTeamAlertKeys.ts";
export { getTeamCommitters } from "./queries/getTeamCommitters.ts";
export type { ActivityWindow } from "./queries/readHelpers.ts";
export { environmentKey } from "./environment.ts";
export { valueProblems, describeValueProblems, isInt4, hasNul, utf8Bytes, INT_MIN, INT_MAX, KEY_MAX_BYTES, PATH_MAX_BYTES, NUL_MESSAGE, int4Message, keyMessage, type ValueProblem } from "./values.ts";
export * from "./facts/keys.ts";
export * from "./facts/state.ts";
export * from "./facts/identities.ts";
export * from "./facts/ownership.ts";
export * from "./facts/deploys.ts";
export * from "./facts/deployFlags.ts";
export * from "./facts/changes.ts";
export * from "./facts/teamDeploys.ts";
export * from "./facts/incidents.ts";
export * from "./facts/alerts.ts";
export * from "./facts/ciRuns.ts";
export * from "./facts/people.ts";
export * from "./facts/rollups.ts";
export * from "./facts/weekValues.ts";
export * from "./facts/ciWorkflowWeeks.ts";
export * from "./facts/alertKeys.ts";
export { getTeamWeeks } from "./queries/getTeamWeeks.ts";
export { getTeamDays } from "./queries/getTeamDays.ts";
export { getPersonWeeks } from "./queries/getPersonWeeks.ts";
export { getPersonDays } from "./queries/getPersonDays.ts";
export { getTeamLedger } from "./queries/getTeamLedger.ts";
export { getPeopleFacts, type PeopleFacts } from "./queries/getPeopleFacts.ts";
export { getTeamCiFacts } from "./queries/getTeamCiFacts.ts";
export { getTeamAlertFacts } from "./queries/getTeamAlertFacts.ts";
export { getAlertKeysFirstSeen } from "./queries/getAlertKeysFirstSeen.ts";
export { getInterruptionsOf } from "./queries/getInterruptionsOf.ts";
export { getPeoplePages, getPeoplePagesOfFacts, type PersonPages } from "./queries/getPeoplePages.ts";
export { getPeopleNames } from "./queries/getPeopleNames.ts";
export { getChangeAuthors } from "./queries/getChangeAuthors.ts";
export { getChangeOpsFractions } from "./queries/getChangeOpsFractions.ts";
export * from "./queries/getDrilldown.ts";
export * from "./notificationModel.ts";
export { getNotificationStates, applyNotificationTransition, type NotificationTransition } from "./queries/notificationStates.ts";
export { insertNotification, getNotificationHistory, getNotifications, type NotificationHistoryQuery } from "./queries/notifications.ts";
export { claimDeliveries, recordDeliveryAttempt, settleDelivery, type ClaimedDelivery } from "./queries/notificationDeliveries.ts";
export { startNotificationRun, finishNotificationRun, getNotificationRuns } from "./queries/notificationRuns.ts";
export { insertApiToken, getApiToken, listApiTokens, countActiveApiTokens, revokeApiToken, touchApiToken, type StoredApiToken } from "./queries/apiTokens.ts";
export { recordCollectorRun, getCollectorRunTotals, type CollectorRun, type CollectorRunTotals } from "./queries/collectorRuns.ts";
export { backupDatabase, restoreDatabase, readBackupHeader, verifyBackup, RestoreError, type BackupResult, type RestoreResult, type VerifyResult, type TableCheck, type BackupHeader, type Manifest, type TableSummary } from "./backup/index.ts";
export { applicationTables } from "./dialect.ts";
export { countRows } from "./backup/tables.ts";
export {
  getTeamMaturityEvidence,
  type TeamMaturityEvidence,
  type MaturityDeployEvidence,
  type MaturityDeployRef,
  type MaturityRepoDeploys,
  type MaturityRepoReviews,
} from "./queries/getTeamMaturityEvidence.ts";
export { repoPracticeFromRow } from "./rows.ts";
