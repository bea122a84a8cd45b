/**
 * Walk a backup file's lines in order, checking its structure: a header, table sections (a
 * table line, then rows as arrays as long as its column list), and the manifest last. Every
 * table's rows are checksummed on the way, so a caller learns at the end whether the file
 * matches its own manifest.
 */
import { readBackupLines } from "./file.ts";
import { checkValue, isHeader, TableChecksum, type BackupHeader, type Manifest, type TableSummary, type Value } from "./format.ts";

export interface BackupVisitor {
  header?(header: BackupHeader): Promise<void> | void;
  table?(name: string, columns: string[]): Promise<void> | void;
  row?(values: Value[]): Promise<void> | void;
  endTable?(name: string): Promise<void> | void;
}

export interface BackupReading {
  header: BackupHeader;
  manifest: Manifest;
  /** What the rows in the file add up to, per table. */
  computed: Record<string, TableSummary>;
}

function fail(file: string, line: number, message: string): never {
  throw new Error(`${file}: line ${line}: ${message}`);
}

interface OpenTable {
  name: string;
  columns: string[];
  checksum: TableChecksum;
}

export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<BackupReading> {
  let header: BackupHeader | null = null;
  let manifest: Manifest | null = null;
  const computed: Record<string, TableSummary> = {};
  const state: { table: OpenTable | null } = { table: null };
  const endTable = async () => {
    const table = state.table;
    if (table === null) return;
    computed[table.name] = table.checksum.summary();
    await visitor.endTable?.(table.name);
    state.table = null;
  };
  for await (const { line, value } of readBackupLines(file)) {
    if (header === null) {
      if (!isHeader(value)) fail(file, line, "not an opsledger backup (no backup header)");
      header = value as BackupHeader;
      await visitor.header?.(header);
      continue;
    }
    if (manifest !== null) fail(file, line, "data after the manifest");
    if (Array.isArray(value)) {
      const table = state.table;
      if (table === null) fail(file, line, "a row outside any table");
      if (value.length !== table.columns.length) fail(file, line, `a row of ${table.name} has ${value.length} values for ${table.columns.length} columns`);
      const values = value.map((v, i) => checkValue(table.name, table.columns[i] ?? String(i), v));
      table.checksum.add(values);
      await visitor.row?.(values);
      continue;
    }
    const obj = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof obj.table === "string" && Array.isArray(obj.columns) && obj.columns.every((c) => typeof c === "string")) {
      await endTable();
      const columns = obj.columns as string[];
      state.table = { name: obj.table, columns, checksum: new TableChecksum(columns) };
      await visitor.table?.(obj.table, columns);
      continue;
    }
    if (typeof obj.manifest === "object" && obj.manifest !== null) {
      await endTable();
      manifest = obj.manifest as Manifest;
      continue;
    }
    fail(file, line, "neither a table, a row nor the manifest");
  }
  if (header === null) throw new Error(`${file} is empty: not an opsledger backup`);
  if (manifest === null) throw new Error(`${file} has no manifest: the backup was cut short`);
  return { header, manifest, computed };
}

/** Tables whose computed rows differ from the manifest (either way), with both sides. */
export function compareWithManifest(manifest: Manifest, computed: Record<string, TableSummary | undefined>): { table: string; expected: TableSummary | null; actual: TableSummary | null }[] {
  const names = [...new Set([...Object.keys(manifest), ...Object.keys(computed)])].sort();
  const differences: { table: string; expected: TableSummary | null; actual: TableSummary | null }[] = [];
  for (const table of names) {
    const expected = manifest[table] ?? null;
    const actual = computed[table] ?? null;
    if (expected?.rows !== actual?.rows || expected?.checksum !== actual?.checksum) differences.push({ table, expected, actual });
  }
  return differences;
}
