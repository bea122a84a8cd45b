/**
 * The worker threads give way to the main thread when the cores are short: the main thread reads
 * the sockets and answers /api/health, and a probe that waits behind a read thread's figures for
 * a CPU slice misses its 50 ms as surely as one that waits behind the loop. On Linux a thread
 * has a priority of its own (its id names it to setpriority); elsewhere the threads keep the
 * process's.
 */
import fs from "node:fs";
import os from "node:os";

/** Steps of niceness below the main thread: about a third of its share of a contended core. */
const STEPS = 5;

export function yieldToMainThread(): void {
  let tid: number;
  try {
    tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return;
  }
  if (!Number.isInteger(tid) || tid <= 0) return;
  try {
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + STEPS));
  } catch {
    // A platform that refuses: the thread keeps the process's priority.
  }
}
