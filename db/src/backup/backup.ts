/**
 * `backup`: every application table, read inside one snapshot (dialect.ts `inSnapshot`) so the
 * file is consistent while a server or an import keeps writing, into the portable format of
 * format.ts. Restores into SQLite or Postgres alike.
 */
import type { Db } from "../connection.ts";
import { applicationTables, dialectOf, inSnapshot } from "../dialect.ts";
import { createBackupWriter } from "./file.ts";
import { BACKUP_FORMAT, BACKUP_VERSION, TableChecksum, type BackupHeader, type Manifest } from "./format.ts";
import { appliedMigrations, tableRows } from "./tables.ts";

export interface BackupResult {
  header: BackupHeader;
  manifest: Manifest;
}

export async function backupDatabase(db: Db, file: string, options: { now: number }): Promise<BackupResult> {
  const writer = createBackupWriter(file);
  try {
    const result = await inSnapshot(db, async (trx): Promise<BackupResult> => {
      // The first read fixes the snapshot on SQLite; everything after sees the same instant.
      const migrations = await appliedMigrations(trx);
      const tables = await applicationTables(trx);
      const header: BackupHeader = {
        opsledger: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date(options.now).toISOString(),
        dialect: dialectOf(db),
        migrations,
        tables: tables.map((t) => t.name),
      };
      await writer.write(JSON.stringify(header));
      const manifest: Manifest = {};
      for (const table of tables) {
        await writer.write(JSON.stringify({ table: table.name, columns: table.columns }));
        const checksum = new TableChecksum(table.columns);
        for await (const values of tableRows(trx, table.name, table.columns)) {
          checksum.add(values);
          await writer.write(JSON.stringify(values));
        }
        manifest[table.name] = checksum.summary();
      }
      await writer.write(JSON.stringify({ manifest }));
      return { header, manifest };
    });
    await writer.close();
    return result;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
