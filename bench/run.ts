/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's memory does not
 * colour the next. Figures are printed for the issue notes; nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const benches = ["bench/readModel.ts", "collectors/src/pagerduty/bench.ts", "collectors/src/github/bench.ts", "collectors/src/gitlab/bench.ts", "bench/dashboard.ts"].filter((f) => fs.existsSync(f));
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
