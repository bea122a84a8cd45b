// `npm run build`: the worker threads' bundle (server/src/workers/bundle.ts) written ahead, for
// servers whose app folder is read-only at run time.
import { bundleWorker } from "../server/src/workers/bundle.ts";

console.log(`worker bundle: ${new URL(await bundleWorker()).pathname}`);
