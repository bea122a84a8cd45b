/**
 * Where the server finds its own files, in one place. Computed from this module's location, which
 * is two folders below the project root as source (server/src/paths.ts) and as bundled code
 * (server/dist/*.mjs, bin/opsledger.js and the worker threads run bundles), so every path below
 * is right either way. A module deeper in server/src must not find files from its own location:
 * inside a bundle that location is the bundle's.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project root (package.json, web/, server/). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A path under the project root. */
export const fromRoot = (...parts: string[]): string => path.join(ROOT, ...parts);

/** A file under the project root as a URL, for `import()` and `new Worker()`. */
export const urlFromRoot = (...parts: string[]): string => pathToFileURL(fromRoot(...parts)).href;
