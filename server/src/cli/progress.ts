/**
 * Progress for long collections: a bar per (repo or stream) on a terminal, plain log lines
 * otherwise (CI, pipes, log files), behind one interface so collectors never know which.
 */
import cliProgress from "cli-progress";

export interface ProgressTask {
  /** Set how many units the task has, when it becomes known. */
  total(n: number): void;
  advance(n?: number): void;
  done(summary?: string): void;
}

export interface ProgressReporter {
  task(label: string): ProgressTask;
  stop(): void;
}

export function createProgress(options: { tty?: boolean; log?: (line: string) => void } = {}): ProgressReporter {
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const log = options.log ?? ((line: string) => console.error(line));
  if (!tty) {
    return {
      task(label) {
        let count = 0;
        let of: number | null = null;
        log(`${label}: started`);
        return {
          total: (n) => {
            of = n;
          },
          advance: (n = 1) => {
            count += n;
          },
          done: (summary) => log(`${label}: ${summary ?? `${count}${of === null ? "" : `/${of}`} done`}`),
        };
      },
      stop() {},
    };
  }
  const multibar = new cliProgress.MultiBar(
    { format: " {bar} {percentage}% | {value}/{total} | {label}", hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  return {
    task(label) {
      const bar = multibar.create(1, 0, { label });
      let value = 0;
      let of = 1;
      return {
        total: (n) => {
          of = Math.max(n, 1);
          bar.setTotal(of);
        },
        advance: (n = 1) => {
          value += n;
          if (value > of) bar.setTotal((of = value));
          bar.update(value, { label });
        },
        done: (summary) => {
          bar.setTotal(Math.max(value, 1));
          bar.update(Math.max(value, 1), { label: summary ? `${label}: ${summary}` : label });
        },
      };
    },
    stop: () => multibar.stop(),
  };
}

/** A collector's skipped records, by reason, for its summary: nothing it read is dropped without a word. */
export function skippedLines(skipped: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return [];
  const total = entries.reduce((n, [, k]) => n + k, 0);
  return [`  skipped: ${total} record(s) read but not written:`, ...entries.map(([reason, n]) => `    ${n} ${reason}`)];
}
