import fs from "node:fs";
import { formatProblem } from "../../ingest/parse.ts";
import { IMPORT_BATCH_LINES, importStream } from "../../ingest/importStream.ts";
import type { CliContext } from "../context.ts";

/**
 * `opsledger import FILE` (NDJSON or a JSON array; `-` reads stdin). The whole file is validated
 * before anything is written, with bounded memory (ingest/importStream.ts). Returns the exit code.
 */
export async function importFile(ctx: CliContext, file: string): Promise<number> {
  let input: NodeJS.ReadableStream;
  if (file === "-") input = process.stdin;
  else {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (error) {
      ctx.log(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    input = fs.createReadStream(file);
  }
  const started = performance.now();
  // CPU time beside wall time: on a shared machine it is the figure that compares between runs.
  const cpuAtStart = process.cpuUsage();
  const outcome = await importStream(ctx.connection.db, input);
  const written = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  if (!outcome.ok) {
    ctx.log(`${file === "-" ? "stdin" : file}: batch rejected, nothing written`);
    for (const problem of outcome.problems) ctx.log(`  ${formatProblem(problem)}`);
    return 1;
  }
  await ctx.deriver.drain();
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  const summary = Object.entries(outcome.written).map(([kind, n]) => `${n} ${kind}`).join(", ");
  console.log(
    `imported ${outcome.total} records (${summary}) in ${outcome.batches} batch${outcome.batches === 1 ? "" : "es"} of up to ${IMPORT_BATCH_LINES} lines: ` +
      `validated and written in ${seconds(started, written)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU), read model derived in ${seconds(written, performance.now())} s`,
  );
  return 0;
}
