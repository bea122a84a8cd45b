/**
 * The worker threads' code as one bundled module (bin/bundle.mjs), built when `serve` starts;
 * when it cannot be built, the threads load the sources through tsx (more memory per thread).
 */
import { bundleEntry } from "../../../bin/bundle.mjs";
import { ROOT } from "../paths.ts";

export const bundleWorker = (): Promise<string> => bundleEntry(ROOT, "server/src/workers/requestWorker.ts", "requestWorker");
