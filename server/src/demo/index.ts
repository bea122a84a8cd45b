import type { Db } from "@opsledger/db";

export interface DemoOptions {
  /** Multiplies the volume of activity (not the number of teams), for benchmarks. */
  scale: number;
  seed: number;
  /** The demo's "today": the 12 months of history end here. */
  now: number;
  log?: (line: string) => void;
}

/** Placeholder until the demo generator lands. */
export async function loadDemo(_db: Db, _options: DemoOptions): Promise<{ records: number }> {
  return { records: 0 };
}
