/** The real `opsledger` binary as a child process, for tests of what happens across processes. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { childEnv } from "@opsledger/db/testing";

const BIN = path.resolve(import.meta.dirname, "../../../bin/opsledger.js");

export interface RunningProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Wait until its output matches, or fail naming what it printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-whatever, as on a crash or an OOM kill. */
  kill(): Promise<void>;
}

export function startOpsledger(args: string[], env: Record<string, string>, cwd: string): RunningProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv(env) });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match !== null) return match;
        if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
        if (Date.now() > until) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A wait for a condition polled from outside (a database row, a request seen), failing with `what`. */
export async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
