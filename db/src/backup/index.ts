export { backupDatabase, type BackupResult } from "./backup.ts";
export { restoreDatabase, readBackupHeader, RestoreError, type RestoreResult } from "./restore.ts";
export { verifyBackup, type TableCheck, type VerifyResult } from "./verify.ts";
export type { BackupHeader, Manifest, TableSummary } from "./format.ts";
