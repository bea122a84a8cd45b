/**
 * The backup file: gzip-compressed NDJSON, portable between SQLite and Postgres.
 *   line 1         {"opsledger":"backup","version":1,"createdAt":…,"dialect":…,"migrations":[…],"tables":[…]}
 *   per table      {"table":"deployments","columns":["id",…]} then one JSON array of values per row
 *   last line      {"manifest":{"deployments":{"rows":N,"checksum":"…"},…}}
 * A table's checksum does not depend on the order its rows come back in (which differs between
 * databases' collations): it is the sum, modulo 2^256, of the SHA-256 of each row's canonical
 * JSON — its values in column-name order. Equal multisets of rows give equal sums.
 */
import { createHash } from "node:crypto";

export const BACKUP_FORMAT = "backup";
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  opsledger: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  dialect: string;
  /** Applied migrations of the database backed up, in order. */
  migrations: string[];
  tables: string[];
}

export interface TableSummary {
  rows: number;
  checksum: string;
}

export type Manifest = Record<string, TableSummary>;

/** A column value as stored in every table: text, a number, or null. */
export type Value = string | number | null;

export function checkValue(table: string, column: string, value: unknown): Value {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "bigint") return Number(value);
  throw new Error(`${table}.${column} holds a ${typeof value} value; a backup carries only text, numbers and nulls`);
}

const MOD = 1n << 256n;

/** Order-independent checksum of a table's rows (see the file comment). */
export class TableChecksum {
  private sum = 0n;
  rows = 0;
  private readonly order: number[];

  constructor(columns: readonly string[]) {
    // Values are hashed in column-name order, so a table whose columns were created in another order still matches.
    this.order = columns.map((name, i) => ({ name, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((c) => c.i);
  }

  add(values: readonly Value[]): void {
    const canonical = JSON.stringify(this.order.map((i) => values[i] ?? null));
    this.sum = (this.sum + BigInt(`0x${createHash("sha256").update(canonical).digest("hex")}`)) % MOD;
    this.rows += 1;
  }

  summary(): TableSummary {
    return { rows: this.rows, checksum: this.sum.toString(16).padStart(64, "0") };
  }
}

export function isHeader(value: unknown): value is BackupHeader {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.opsledger === BACKUP_FORMAT && typeof v.version === "number" && Array.isArray(v.migrations) && Array.isArray(v.tables);
}
