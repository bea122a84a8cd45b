// Preloaded into a benchmarked opsledger process (NODE_OPTIONS=--import=…): at exit it writes the
// process's peak resident set size (bytes; every thread counts) to BENCH_RSS_FILE.
import fs from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
