/**
 * `opsledger backup FILE`, `restore FILE`, `verify FILE`: a portable logical export of every
 * table (db/src/backup), restorable into SQLite or Postgres, checked row for row against the
 * manifest it carries.
 */
import fs from "node:fs";
import { backupDatabase, restoreDatabase, verifyBackup, type TableCheck } from "@opsledger/db";
import type { CliContext } from "../context.ts";

export async function backupCommand(ctx: CliContext, file: string): Promise<number> {
  if (fs.existsSync(file)) {
    ctx.log(`${file} exists: give a new file name (a backup never overwrites one)`);
    return 1;
  }
  const { manifest } = await backupDatabase(ctx.connection.db, file, { now: ctx.env.now() });
  const rows = Object.values(manifest).reduce((n, t) => n + t.rows, 0);
  console.log(`backed up ${Object.keys(manifest).length} tables, ${rows} rows, to ${file}`);
  return 0;
}

export async function restoreCommand(ctx: CliContext, file: string): Promise<number> {
  const result = await restoreDatabase(ctx.connection.db, file, (line) => ctx.log(line));
  const rows = Object.values(result.manifest).reduce((n, t) => n + t.rows, 0);
  console.log(`restored ${Object.keys(result.manifest).length} tables, ${rows} rows, from ${file} (made ${result.header.createdAt} on ${result.header.dialect}); every table matches the manifest`);
  if (result.migratedAfter.length > 0) console.log(`then ran ${result.migratedAfter.length} newer migration(s): ${result.migratedAfter.join(", ")}`);
  return 0;
}

const summary = (t: TableCheck["expected"]) => (t === null ? "missing" : `${t.rows} rows, ${t.checksum.slice(0, 12)}`);

export async function verifyCommand(ctx: CliContext, file: string, options: { fileOnly?: boolean }): Promise<number> {
  const result = await verifyBackup(options.fileOnly === true ? null : ctx.connection.db, file);
  for (const t of result.tables) {
    const where = result.databaseOk === null ? `file ${summary(t.file)}` : `file ${summary(t.file)}, database ${summary(t.database)}`;
    console.log(`${t.ok ? "ok  " : "FAIL"} ${t.table}: manifest ${summary(t.expected)}; ${where}`);
  }
  for (const extra of result.extraTables) console.log(`     ${extra.table}: not in the backup (${extra.rows} rows in the database)`);
  if (!result.fileOk) {
    ctx.log(`${file} does not match its own manifest: the file is damaged`);
    return 1;
  }
  if (result.databaseOk === false) {
    ctx.log("the database differs from the backup in the tables marked FAIL");
    return 1;
  }
  console.log(result.databaseOk === null ? `${file} is whole: every table matches its manifest` : `the database matches ${file}: every table's rows and checksum`);
  return 0;
}
