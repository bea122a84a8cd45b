import { writeRecords, type Db, type WriteCounts } from "@opsledger/db";
import { parseIngestBatch, type IngestProblem } from "./parse.ts";

export type IngestOutcome = { ok: true; written: WriteCounts; total: number } | { ok: false; problems: IngestProblem[] };

/** Validate a whole batch, then write it in one transaction; an invalid batch writes nothing. */
export async function ingestText(db: Db, text: string): Promise<IngestOutcome> {
  const parsed = parseIngestBatch(text);
  if (!parsed.ok) return parsed;
  const written = await writeRecords(db, parsed.records);
  return { ok: true, written, total: parsed.records.length };
}
