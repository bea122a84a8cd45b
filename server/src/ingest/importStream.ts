/**
 * Importing a file of any size with bounded memory (issue 11, "Streaming import"). The ingest
 * contract says a batch is all or nothing, and one invalid line rejects it; for a file that does
 * not fit in memory that holds as follows:
 *
 * 1. every line is read, parsed and validated, one at a time; valid records are spooled to a
 *    temporary file in their normalized form; an invalid line is reported (with its number,
 *    field and reason) and, if there is any, nothing is written at all;
 * 2. the spooled records are written in batches of `batchLines`, each in its own transaction.
 *
 * Nothing is written from an invalid file. A failure while writing (the database goes away) keeps
 * the batches already committed; writes are idempotent upserts, so running the same import again
 * completes it. A JSON array (`[` first) is read whole: use NDJSON for large files.
 */
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { writeRecords, type Db, type NormalizedRecord, type WriteCounts } from "@opsledger/db";
import { parseIngestBatch, validateLines, type IngestProblem } from "./parse.ts";

/** Lines per write transaction: large enough that commits stay a small part of the cost. */
export const IMPORT_BATCH_LINES = 20_000;
/** Problems reported at most. */
const MAX_PROBLEMS = 50;

export type ImportOutcome = { ok: true; written: WriteCounts; total: number; batches: number } | { ok: false; problems: IngestProblem[] };

/** Import NDJSON (or a JSON array) from a stream: validate all, then write in batches. */
export async function importStream(db: Db, input: NodeJS.ReadableStream, options: { batchLines?: number } = {}): Promise<ImportOutcome> {
  const batchLines = options.batchLines ?? IMPORT_BATCH_LINES;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-import-"));
  const spool = path.join(dir, "records.ndjson");
  try {
    const validated = await validateToSpool(input, spool);
    if (!validated.ok) return validated;
    let batch: NormalizedRecord[] = [];
    let batches = 0;
    const written: WriteCounts = {};
    const flush = async () => {
      if (batch.length === 0) return;
      const counts = await writeRecords(db, batch);
      for (const [kind, n] of Object.entries(counts) as [keyof WriteCounts, number][]) written[kind] = (written[kind] ?? 0) + n;
      batches += 1;
      batch = [];
    };
    for await (const line of readline.createInterface({ input: fs.createReadStream(spool), crlfDelay: Number.POSITIVE_INFINITY })) {
      batch.push(JSON.parse(line) as NormalizedRecord);
      if (batch.length >= batchLines) await flush();
    }
    await flush();
    return { ok: true, written, total: validated.total, batches };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Pass one: every line parsed and validated; the valid ones spooled. */
async function validateToSpool(input: NodeJS.ReadableStream, spool: string): Promise<{ ok: true; total: number } | { ok: false; problems: IngestProblem[] }> {
  const out = fs.createWriteStream(spool);
  const problems: IngestProblem[] = [];
  let total = 0;
  let lineNumber = 0;
  let first = true;
  let arrayText: string[] | null = null;
  // One write per group, and a wait when the spool is behind: otherwise a fast validator would
  // queue the whole file in the stream's buffer, which is the memory this pass exists to save.
  const write = async (records: readonly NormalizedRecord[]) => {
    total += records.length;
    if (records.length === 0) return;
    if (!out.write(records.map((r) => `${JSON.stringify(r)}\n`).join(""))) await once(out, "drain");
  };
  // Lines are validated in small groups: the same code as a posted batch, without holding the file.
  let pending: { line: number; value: unknown }[] = [];
  const validatePending = async () => {
    if (pending.length === 0) return;
    const result = validateLines(pending);
    pending = [];
    if (result.ok) await write(result.records);
    else problems.push(...result.problems);
  };
  for await (const raw of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    if (arrayText !== null) {
      arrayText.push(raw);
      continue;
    }
    if (raw.trim() === "") continue;
    if (first && raw.trimStart().startsWith("[")) {
      arrayText = [raw];
      continue;
    }
    first = false;
    if (problems.length >= MAX_PROBLEMS) continue;
    try {
      pending.push({ line: lineNumber, value: JSON.parse(raw) });
    } catch (error) {
      problems.push({ line: lineNumber, path: "", message: `not valid JSON: ${(error as Error).message}` });
    }
    if (pending.length >= 1000) await validatePending();
  }
  await validatePending();
  if (arrayText !== null) {
    const parsed = parseIngestBatch(arrayText.join("\n"));
    if (parsed.ok) await write(parsed.records);
    else problems.push(...parsed.problems);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS) };
  if (total === 0) return { ok: false, problems: [{ line: 1, path: "", message: "the batch is empty" }] };
  return { ok: true, total };
}
