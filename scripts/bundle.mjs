// `npm run build`: the CLI's and the worker threads' bundles (bin/bundle.mjs) written ahead, for
// servers whose app folder is read-only at run time.
import { fileURLToPath } from "node:url";
import { bundleEntry } from "../bin/bundle.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));

for (const [entry, name] of [
  ["server/src/cli/main.ts", "cli"],
  ["server/src/workers/requestWorker.ts", "requestWorker"],
]) {
  console.log(`${name} bundle: ${new URL(await bundleEntry(root, entry, name)).pathname}`);
}
