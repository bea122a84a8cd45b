/**
 * Which records of a small batch are already stored exactly as written: a replayed webhook, an
 * overlapping re-sync, a re-import. Their keys are not queued, so the deriver does nothing for
 * them. Compared on the stored row form (and, for deployments and changes, their lists), read
 * back before the upsert.
 */
import type { Kysely, Transaction } from "kysely";
import type { NormalizedRecord, RecordKind } from "../model.ts";
import { inChunks } from "../queries/readHelpers.ts";
import { alertToRow, changeToRow, ciRunToRow, committerToRow, deploymentToRow, incidentToRow, pageToRow, shiftToRow } from "../rows.ts";
import type { Database } from "../schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;
type RecordOf<K extends RecordKind> = Extract<NormalizedRecord, { kind: K }>;

/** Batches larger than this are not compared: they are bulk loads, and derived in full anyway. */
export const COMPARE_UP_TO = 2_000;

const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => {
  for (const [k, v] of Object.entries(a)) if ((v ?? null) !== (b[k] ?? null)) return false;
  return true;
};
const sortedList = (values: readonly string[] | null | undefined): string => JSON.stringify([...(values ?? [])].sort());
const key = (source: string, id: string) => `${source}\u0000${id}`;

async function storedById<T extends { source: string; id: string }>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  const rows = await inChunks(ids, read);
  return new Map(rows.map((r) => [key(r.source, r.id), r]));
}

async function childLists(trx: Executor, table: "deployment_commits" | "change_commits" | "change_files", parent: "deployment_id" | "change_id", ids: readonly string[]): Promise<Map<string, string[]>> {
  const column = table === "change_files" ? "path" : "sha";
  const rows = await inChunks(ids, (chunk) =>
    trx
      .selectFrom(table as "change_files")
      .select(["source", `${parent as "change_id"} as owner`, `${column as "path"} as value`])
      .where(parent as "change_id", "in", chunk)
      .execute(),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const k = key(r.source, r.owner);
    const list = out.get(k);
    if (list) list.push(r.value);
    else out.set(k, [r.value]);
  }
  return out;
}

/** The records of `list` (one kind) stored exactly as they are; the rest must be derived. */
export async function unchangedRecords(trx: Executor, kind: RecordKind, list: readonly NormalizedRecord[]): Promise<Set<NormalizedRecord>> {
  const unchanged = new Set<NormalizedRecord>();
  if (list.length === 0 || list.length > COMPARE_UP_TO) return unchanged;
  switch (kind) {
    case "deployment": {
      const records = list as RecordOf<"deployment">[];
      const ids = records.map((r) => r.id);
      const [rows, commits] = await Promise.all([storedById(ids, (c) => trx.selectFrom("deployments").selectAll().where("id", "in", c).execute()), childLists(trx, "deployment_commits", "deployment_id", ids)]);
      for (const r of records) {
        const stored = rows.get(key(r.source, r.id));
        if (stored && same(deploymentToRow(r) as Record<string, unknown>, stored) && sortedList(r.commits) === sortedList(commits.get(key(r.source, r.id)))) unchanged.add(r);
      }
      return unchanged;
    }
    case "change": {
      const records = list as RecordOf<"change">[];
      const ids = records.map((r) => r.id);
      const [rows, commits, files] = await Promise.all([
        storedById(ids, (c) => trx.selectFrom("changes").selectAll().where("id", "in", c).execute()),
        childLists(trx, "change_commits", "change_id", ids),
        childLists(trx, "change_files", "change_id", ids),
      ]);
      for (const r of records) {
        const k = key(r.source, r.id);
        const stored = rows.get(k);
        if (stored && same(changeToRow(r) as Record<string, unknown>, stored) && sortedList(r.commits) === sortedList(commits.get(k)) && sortedList(r.files) === sortedList(files.get(k))) unchanged.add(r);
      }
      return unchanged;
    }
    case "ci_run":
    case "incident":
    case "alert":
    case "page": {
      const table = kind === "ci_run" ? "ci_runs" : kind === "incident" ? "incidents" : kind === "alert" ? "alerts" : "pages";
      const toRow = (r: NormalizedRecord): Record<string, unknown> =>
        r.kind === "ci_run" ? ciRunToRow(r) : r.kind === "incident" ? incidentToRow(r) : r.kind === "alert" ? alertToRow(r) : r.kind === "page" ? pageToRow(r) : {};
      const records = list as (RecordOf<"ci_run"> | RecordOf<"incident"> | RecordOf<"alert"> | RecordOf<"page">)[];
      const rows = await storedById(
        records.map((r) => r.id),
        (c) => trx.selectFrom(table as "pages").selectAll().where("id", "in", c).execute() as Promise<{ source: string; id: string }[]>,
      );
      for (const r of records) {
        const stored = rows.get(key(r.source, r.id));
        if (stored && same(toRow(r), stored as unknown as Record<string, unknown>)) unchanged.add(r);
      }
      return unchanged;
    }
    case "oncall_shift": {
      const records = list as RecordOf<"oncall_shift">[];
      const rows = await inChunks(
        [...new Set(records.map((r) => r.person))],
        (c) => trx.selectFrom("oncall_shifts").selectAll().where("person", "in", c).execute(),
      );
      const stored = new Set(rows.map((r) => JSON.stringify([r.source, r.person, r.schedule, r.level, r.start_at, r.end_at])));
      for (const r of records) {
        const row = shiftToRow(r);
        if (stored.has(JSON.stringify([row.source, row.person, row.schedule, row.level, row.start_at, row.end_at]))) unchanged.add(r);
      }
      return unchanged;
    }
    case "acknowledgement": {
      // The key is the whole record: stored means unchanged.
      const records = list as RecordOf<"acknowledgement">[];
      const rows = await inChunks(
        [...new Set(records.map((r) => r.incidentId))],
        (c) => trx.selectFrom("acknowledgements").select(["source", "incident_id", "person", "at"]).where("incident_id", "in", c).execute(),
      );
      const stored = new Set(rows.map((r) => JSON.stringify([r.source, r.incident_id, r.person, r.at])));
      for (const r of records) if (stored.has(JSON.stringify([r.source, r.incidentId, r.person, r.at]))) unchanged.add(r);
      return unchanged;
    }
    case "committer": {
      const records = list as RecordOf<"committer">[];
      const rows = await inChunks(
        [...new Set(records.map((r) => r.repo))],
        (c) => trx.selectFrom("committers").selectAll().where("repo", "in", c).execute(),
      );
      const stored = new Map(rows.map((r) => [JSON.stringify([r.source, r.repo, r.login]), r]));
      for (const r of records) {
        const row = committerToRow(r);
        const s = stored.get(JSON.stringify([row.source, row.repo, row.login]));
        if (s && same(row as Record<string, unknown>, s)) unchanged.add(r);
      }
      return unchanged;
    }
    default:
      return unchanged;
  }
}
