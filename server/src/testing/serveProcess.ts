/** `opsledger serve` as a child process, for the CLI tests: started, waited for until it says where it listens. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";

export const BIN = path.resolve(import.meta.dirname, "../../../bin/opsledger.js");

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Everything it wrote so far, stdout and stderr. */
  output: () => string;
  exited: Promise<number | null>;
}

export async function startServeProcess(args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { cwd: options.cwd, env: options.env });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^\s"]+:(\d+)/.exec(output);
      if (match?.[1]) resolve(Number(match[1]));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}
