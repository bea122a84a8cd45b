/**
 * The floor an import is measured against: the same records, already parsed and converted to
 * rows (untimed), upserted with the bare driver — better-sqlite3 prepared statements, or pg
 * multi-row statements — in transactions of the import's batch size, with the same conflict keys
 * (RECORD_KEYS) and the same child rows (commits, changed files) as db/src/writes/writeRecords.ts, and nothing
 * else: no validation, no change detection, no derive queue, no facts.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { RECORD_KEYS, type NormalizedRecord } from "@opsledger/db";
import {
  acknowledgementToRow,
  alertToRow,
  changeToRow,
  ciRunToRow,
  committerToRow,
  deploymentToRow,
  incidentToRow,
  pageToRow,
  personToRow,
  shiftToRow,
} from "../../db/src/rows.ts";

type Row = Record<string, unknown>;
interface TableRows {
  table: string;
  keys: readonly string[];
  /** Children conflict on their whole key and change nothing else. */
  child: boolean;
  rows: Row[];
}

const PARENTS: { kind: NormalizedRecord["kind"]; table: keyof typeof RECORD_KEYS; toRow: (r: never) => unknown }[] = [
  { kind: "person", table: "people", toRow: personToRow },
  { kind: "deployment", table: "deployments", toRow: deploymentToRow },
  { kind: "change", table: "changes", toRow: changeToRow },
  { kind: "ci_run", table: "ci_runs", toRow: ciRunToRow },
  { kind: "incident", table: "incidents", toRow: incidentToRow },
  { kind: "alert", table: "alerts", toRow: alertToRow },
  { kind: "page", table: "pages", toRow: pageToRow },
  { kind: "oncall_shift", table: "oncall_shifts", toRow: shiftToRow },
  { kind: "acknowledgement", table: "acknowledgements", toRow: acknowledgementToRow },
  { kind: "committer", table: "committers", toRow: committerToRow },
];

/** One batch of records as the rows of each table (teams are left out: a handful per file). */
export function rowsOf(records: readonly NormalizedRecord[]): TableRows[] {
  const out: TableRows[] = PARENTS.map((p) => ({ table: p.table, keys: RECORD_KEYS[p.table], child: false, rows: [] as Row[] }));
  const deploymentCommits: Row[] = [];
  const changeCommits: Row[] = [];
  const changeFiles: Row[] = [];
  for (const record of records) {
    const at = PARENTS.findIndex((p) => p.kind === record.kind);
    if (at < 0) continue;
    out[at]?.rows.push((PARENTS[at]?.toRow as (r: NormalizedRecord) => Row)(record));
    if (record.kind === "deployment") for (const sha of record.commits ?? []) deploymentCommits.push({ source: record.source, deployment_id: record.id, sha });
    if (record.kind === "change") {
      for (const sha of record.commits) changeCommits.push({ source: record.source, change_id: record.id, sha });
      for (const path of record.files ?? []) changeFiles.push({ source: record.source, change_id: record.id, path });
    }
  }
  out.push(
    { table: "deployment_commits", keys: ["source", "deployment_id", "sha"], child: true, rows: deploymentCommits },
    { table: "change_commits", keys: ["source", "change_id", "sha"], child: true, rows: changeCommits },
    { table: "change_files", keys: ["source", "change_id", "path"], child: true, rows: changeFiles },
  );
  return out.filter((t) => t.rows.length > 0);
}

const conflictClause = (t: TableRows, columns: string[]): string => {
  const rest = columns.filter((c) => !t.keys.includes(c));
  return t.child || rest.length === 0 ? `ON CONFLICT (${t.keys.join(", ")}) DO NOTHING` : `ON CONFLICT (${t.keys.join(", ")}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(", ")}`;
};

/** Upsert batches into a SQLite file with better-sqlite3 alone (the app's pragmas); seconds taken. */
export function rawSqlite(file: string, batches: readonly TableRows[][]): number {
  const db = new Database(file);
  for (const p of ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000", "cache_size = -65536", "temp_store = MEMORY", "wal_autocheckpoint = 16384"]) db.pragma(p);
  const statements = new Map<string, Database.Statement>();
  const statementFor = (t: TableRows, columns: string[]) => {
    const key = `${t.table}(${columns.join(",")})`;
    let s = statements.get(key);
    if (s === undefined) {
      s = db.prepare(`INSERT INTO ${t.table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ${conflictClause(t, columns)}`);
      statements.set(key, s);
    }
    return s;
  };
  const writeBatch = db.transaction((tables: readonly TableRows[]) => {
    for (const t of tables) {
      const columns = Object.keys(t.rows[0] ?? {});
      const s = statementFor(t, columns);
      for (const row of t.rows) s.run(columns.map((c) => sqliteValue(row[c])));
    }
  });
  const started = performance.now();
  for (const batch of batches) writeBatch(batch);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

const sqliteValue = (v: unknown): unknown => (typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);

/** Upsert batches into Postgres with pg alone: statements of up to 500 rows, a transaction a batch; seconds taken. */
export async function rawPostgres(url: string, batches: readonly TableRows[][]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  for (const batch of batches) {
    await client.query("BEGIN");
    for (const t of batch) {
      const columns = Object.keys(t.rows[0] ?? {});
      for (let i = 0; i < t.rows.length; i += 500) {
        const part = t.rows.slice(i, i + 500);
        // Rows repeating a key within one statement would make Postgres refuse it; the writer collapses them too.
        const unique = [...new Map(part.map((r) => [t.keys.map((k) => String(r[k])).join("\u0000"), r])).values()];
        const values: unknown[] = [];
        const tuples = unique.map((row) => `(${columns.map((c) => `$${values.push(row[c] ?? null)}`).join(", ")})`);
        await client.query(`INSERT INTO ${t.table} (${columns.join(", ")}) VALUES ${tuples.join(", ")} ${conflictClause(t, columns)}`, values);
      }
    }
    await client.query("COMMIT");
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return seconds;
}
