/**
 * Reading and writing backup files. A backup is written to FILE.partial and renamed when complete,
 * so an interrupted backup never leaves a file that looks whole.
 */
import fs from "node:fs";
import readline from "node:readline";
import { once } from "node:events";
import { createGunzip, createGzip } from "node:zlib";
import { finished } from "node:stream/promises";

export interface LineWriter {
  write(line: string): Promise<void>;
  /** Finish the file and move it into place. */
  close(): Promise<void>;
  /** Remove what was written. */
  abort(): Promise<void>;
}

export function createBackupWriter(file: string): LineWriter {
  const partial = `${file}.partial`;
  // Opened here, so a file in the way (EEXIST) or a folder that does not exist fails the call at once.
  const fd = fs.openSync(partial, "wx");
  const out = fs.createWriteStream(partial, { fd });
  const gzip = createGzip();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };
  out.on("error", fail);
  gzip.on("error", fail);
  gzip.pipe(out);
  return {
    async write(line) {
      if (failure !== null) throw failure;
      if (!gzip.write(`${line}\n`)) await once(gzip, "drain");
    },
    async close() {
      gzip.end();
      await finished(out);
      if (failure !== null) throw failure;
      fs.renameSync(partial, file);
    },
    async abort() {
      gzip.destroy();
      out.destroy();
      fs.rmSync(partial, { force: true });
    },
  };
}

/** The file's lines, numbered from 1, each parsed as JSON; a line that is not JSON throws with its number. */
export async function* readBackupLines(file: string): AsyncGenerator<{ line: number; value: unknown }> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n += 1;
      if (text === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(`${file}: line ${n} is not JSON: the file is damaged or not an opsledger backup`);
      }
      yield { line: n, value };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "Z_DATA_ERROR" || (error as NodeJS.ErrnoException).code === "Z_BUF_ERROR") {
      throw new Error(`${file} is not a gzip file (or it is cut short): not an opsledger backup`);
    }
    throw error;
  }
}
