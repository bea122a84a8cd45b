import fs from "node:fs";
import { ingestText } from "../../ingest/ingest.ts";
import { formatProblem } from "../../ingest/parse.ts";
import type { CliContext } from "../context.ts";

/** `opsledger import FILE` (NDJSON or a JSON array; `-` reads stdin). Returns the exit code. */
export async function importFile(ctx: CliContext, file: string): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    ctx.log(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  const outcome = await ingestText(ctx.connection.db, text);
  if (!outcome.ok) {
    ctx.log(`${file === "-" ? "stdin" : file}: batch rejected, nothing written`);
    for (const problem of outcome.problems) ctx.log(`  ${formatProblem(problem)}`);
    return 1;
  }
  await ctx.deriver.drain();
  const summary = Object.entries(outcome.written).map(([kind, n]) => `${n} ${kind}`).join(", ");
  console.log(`imported ${outcome.total} records (${summary})`);
  return 0;
}
