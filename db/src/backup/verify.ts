/**
 * `verify`: does the file add up to its own manifest (it is whole), and does the database hold
 * exactly what the manifest says (a restore, or the database the backup was taken of, when
 * nothing was written since)? Row counts and checksums per table, read in one snapshot.
 */
import type { Db } from "../connection.ts";
import { applicationTables, inSnapshot } from "../dialect.ts";
import type { BackupHeader, TableSummary } from "./format.ts";
import { compareWithManifest, readBackup } from "./read.ts";
import { countRows, tableSummary } from "./tables.ts";

export interface TableCheck {
  table: string;
  expected: TableSummary | null;
  /** What the file's rows add up to. */
  file: TableSummary | null;
  /** What the database's rows add up to; null when the database was not checked or lacks the table. */
  database: TableSummary | null;
  ok: boolean;
}

export interface VerifyResult {
  header: BackupHeader;
  fileOk: boolean;
  /** Null when only the file was checked. */
  databaseOk: boolean | null;
  tables: TableCheck[];
  /** Tables of the database that the backup does not have, with their row counts (not a failure: a later version's tables). */
  extraTables: { table: string; rows: number }[];
}

export async function verifyBackup(db: Db | null, file: string): Promise<VerifyResult> {
  const columnsByTable = new Map<string, string[]>();
  const reading = await readBackup(file, { table: (name, columns) => void columnsByTable.set(name, columns) });
  const fileDifferences = new Set(compareWithManifest(reading.manifest, reading.computed).map((d) => d.table));
  const names = [...new Set([...Object.keys(reading.manifest), ...Object.keys(reading.computed)])].sort();

  let database: Map<string, TableSummary | null> | null = null;
  let extraTables: { table: string; rows: number }[] = [];
  if (db !== null) {
    const found = await inSnapshot(db, async (trx) => {
      const present = new Set((await applicationTables(trx)).map((t) => t.name));
      const summaries = new Map<string, TableSummary | null>();
      for (const name of names) {
        const columns = columnsByTable.get(name);
        summaries.set(name, present.has(name) && columns !== undefined ? await tableSummary(trx, name, columns) : null);
      }
      const extra: { table: string; rows: number }[] = [];
      for (const name of [...present].sort()) if (!names.includes(name)) extra.push({ table: name, rows: await countRows(trx, name) });
      return { summaries, extra };
    });
    database = found.summaries;
    extraTables = found.extra;
  }

  const same = (a: TableSummary | null | undefined, b: TableSummary | null | undefined) => a != null && b != null && a.rows === b.rows && a.checksum === b.checksum;
  const tables = names.map((table): TableCheck => {
    const expected = reading.manifest[table] ?? null;
    const inDb = database === null ? null : (database.get(table) ?? null);
    const ok = !fileDifferences.has(table) && (database === null || same(expected, inDb));
    return { table, expected, file: reading.computed[table] ?? null, database: inDb, ok };
  });
  return {
    header: reading.header,
    fileOk: fileDifferences.size === 0,
    databaseOk: database === null ? null : tables.every((t) => same(t.expected, t.database)),
    tables,
    extraTables,
  };
}
