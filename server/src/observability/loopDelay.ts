/**
 * How long the main thread's event loop was held (issue 11: /api/health answers within 50 ms
 * under any load). The histogram gives the max and p99 over the server's life; a ticker names
 * each stall as it happens, so a log line says when the loop was held and for how long, beside
 * the requests that were running then.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

/** Loop delay figures in milliseconds. */
export interface LoopDelaySummary {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

export interface LoopDelayWatch {
  summary(): LoopDelaySummary;
  stop(): void;
}

/** The ticker's period: a stall is seen as the tick arriving this much later than due. */
const TICK_MS = 20;
/** The histogram's sampling period; what it records is the whole interval between two samples. */
const RESOLUTION_MS = 10;

export function watchLoopDelay(options: { stallMs: number; onStall: (heldMs: number) => void }): LoopDelayWatch {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let due = performance.now() + TICK_MS;
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = now - due;
    if (late >= options.stallMs) options.onStall(Math.round(late));
    due = now + TICK_MS;
  }, TICK_MS);
  // The watch never keeps the process alive on its own.
  ticker.unref();
  // The delay is what the interval took beyond its period.
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
  return {
    summary: () => ({
      maxMs: histogram.count === 0 ? 0 : ms(histogram.max),
      p99Ms: histogram.count === 0 ? 0 : ms(histogram.percentile(99)),
      meanMs: histogram.count === 0 ? 0 : ms(histogram.mean),
    }),
    stop: () => {
      clearInterval(ticker);
      histogram.disable();
    },
  };
}
