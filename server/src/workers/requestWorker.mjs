// Piscina loads a worker's handler by file path and Node 20 gives worker threads no `--import`:
// this plain module registers the same TypeScript loader bin/opsledger.js uses, then hands over.
import { register } from "tsx/esm/api";

register();
const { default: handle } = await import("./requestWorker.ts");
export default handle;
