/**
 * `restore`: a backup into an empty database of either kind. The database is brought to the
 * backup's migrations (so the rows fit the tables they came from), the rows are loaded and
 * checked against the manifest in one transaction (a damaged file writes nothing), and then the
 * remaining migrations run, as they would have on the original database.
 */
import { Migrator, NO_MIGRATIONS } from "kysely";
import type { Db } from "../connection.ts";
import { applicationTables } from "../dialect.ts";
import { migrations } from "../migrations/index.ts";
import { readBackupLines } from "./file.ts";
import { isHeader, type BackupHeader, type Manifest, type Value } from "./format.ts";
import { compareWithManifest, readBackup } from "./read.ts";
import { countRows, insertRows, rowsPerInsert, tableSummary } from "./tables.ts";

export class RestoreError extends Error {}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const { value } of readBackupLines(file)) {
    if (!isHeader(value)) break;
    return value;
  }
  throw new RestoreError(`${file} is not an opsledger backup (no backup header)`);
}

/** The backup's migrations must be the first of this version's, in order. */
function checkMigrations(header: BackupHeader): void {
  const known = Object.keys(migrations).sort();
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new RestoreError(`the backup was made by a newer opsledger: it has migrations this version does not know (${unknown.join(", ")}); restore with that version or a later one`);
  }
  const prefix = known.slice(0, header.migrations.length);
  if (prefix.join("\n") !== header.migrations.join("\n")) {
    throw new RestoreError(`the backup's migrations (${header.migrations.join(", ")}) are not the first ${header.migrations.length} of this version's; restore with the version that made it`);
  }
}

export interface RestoreResult {
  header: BackupHeader;
  manifest: Manifest;
  /** Migrations run after loading, to bring the restored database to this version. */
  migratedAfter: string[];
}

export async function restoreDatabase(db: Db, file: string, log: (line: string) => void = () => {}): Promise<RestoreResult> {
  const header = await readBackupHeader(file);
  checkMigrations(header);

  // Empty means no rows at all: the database may be new or freshly migrated, nothing more.
  const existing = await applicationTables(db);
  const occupied: string[] = [];
  for (const table of existing) {
    const n = await countRows(db, table.name);
    if (n > 0) occupied.push(`${table.name} (${n} rows)`);
  }
  if (occupied.length > 0) {
    throw new RestoreError(`the database is not empty: ${occupied.join(", ")}; restore needs an empty database (a new SQLite file or a new Postgres database)`);
  }

  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const last = header.migrations.at(-1);
  const to = await migrator.migrateTo(last ?? NO_MIGRATIONS);
  if (to.error) throw to.error instanceof Error ? to.error : new Error(String(to.error));

  const tables = new Map((await applicationTables(db)).map((t) => [t.name, new Set(t.columns)]));
  const manifest = await db.transaction().execute(async (trx) => {
    const loaded = new Map<string, string[]>();
    let table: { name: string; columns: string[]; batch: Value[][]; size: number } | null = null;
    const flush = async () => {
      if (table === null || table.batch.length === 0) return;
      await insertRows(trx, table.name, table.columns, table.batch);
      table.batch = [];
    };
    const reading = await readBackup(file, {
      table: (name, columns) => {
        const have = tables.get(name);
        if (have === undefined) throw new RestoreError(`the backup has a table ${name} that the database does not have after migrating to ${last ?? "nothing"}`);
        const missing = columns.filter((c) => !have.has(c));
        if (missing.length > 0) throw new RestoreError(`the backup's ${name} has columns the database's does not: ${missing.join(", ")}`);
        loaded.set(name, columns);
        table = { name, columns, batch: [], size: rowsPerInsert(columns.length) };
      },
      row: async (values) => {
        if (table === null) return;
        table.batch.push(values);
        if (table.batch.length >= table.size) await flush();
      },
      endTable: async (name) => {
        await flush();
        log(`restored ${name}`);
        table = null;
      },
    });
    const damaged = compareWithManifest(reading.manifest, reading.computed);
    if (damaged.length > 0) {
      throw new RestoreError(`the backup does not match its own manifest (${damaged.map((d) => d.table).join(", ")}): the file is damaged; nothing was restored`);
    }
    // What landed in the database must add up to the manifest too, before anything is committed.
    for (const [name, expected] of Object.entries(reading.manifest)) {
      const columns = loaded.get(name);
      if (columns === undefined) throw new RestoreError(`the manifest names ${name}, which the backup holds no section for: the file is damaged; nothing was restored`);
      const actual = await tableSummary(trx, name, columns);
      if (actual.rows !== expected.rows || actual.checksum !== expected.checksum) {
        throw new RestoreError(`${name} does not add up after loading (${actual.rows} rows, expected ${expected.rows}); nothing was restored`);
      }
    }
    return reading.manifest;
  });

  const after = await migrator.migrateToLatest();
  if (after.error) throw after.error instanceof Error ? after.error : new Error(String(after.error));
  return { header, manifest, migratedAfter: (after.results ?? []).map((r) => r.migrationName) };
}
