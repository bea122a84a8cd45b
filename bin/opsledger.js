#!/usr/bin/env node
// Runs the TypeScript CLI with no build step between a clone and a run: bundled at start
// (./bundle.mjs: less memory than a loader transforming every module), or, when the bundle cannot
// be built, directly through tsx.
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./bundle.mjs";

let cli;
try {
  cli = await bundleEntry(fileURLToPath(new URL("../", import.meta.url)), "server/src/cli/main.ts", "cli");
} catch (error) {
  process.stderr.write(`opsledger: could not bundle the CLI (${error instanceof Error ? error.message : String(error)}); running its sources through tsx\n`);
  const { register } = await import("tsx/esm/api");
  register();
  cli = new URL("../server/src/cli/main.ts", import.meta.url).href;
}
const { main } = await import(cli);
await main(process.argv);
