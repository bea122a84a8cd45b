/**
 * The worker threads' code as one bundled module, built by esbuild when `serve` starts. Loaded
 * through tsx, every thread registered its own loader (in Node 20, a hooks thread of its own),
 * transformed the app's 200 modules again and kept the results: about 40 MB per thread more than
 * the bundle, for three to five threads. Built at each start from the sources (about 0.3 s), so
 * it can never be older than they are; when it cannot be built, the threads load through tsx.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const ENTRY = fileURLToPath(new URL("./requestWorker.ts", import.meta.url));
/** Paths in the bundle's comments are relative to this, so the same sources give the same bytes from any working directory. */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/**
 * server/dist/, as deep as server/src/, so what a module finds from its own location it finds the
 * same from the bundle: the version in ../../package.json (version.ts), packages from node_modules.
 */
const OUT_DIR = fileURLToPath(new URL("../../dist/", import.meta.url));

/** Packages stay imports (native modules, their own files); the workspace's TypeScript packages are bundled. */
const packagesExternal: Plugin = {
  name: "packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@opsledger/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Builds the bundle and answers its file URL. The file is named after its content, so servers
 * started from other sources never overwrite each other's (a thread that restarts loads the file
 * again), and it is written whole before it is renamed into place. `npm run build` writes it
 * ahead (scripts/bundleWorkers.ts): where the app's folder is read-only (the container), the
 * start finds that file, the same bytes, and writes nothing.
 */
export async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    keepNames: true,
    plugins: [packagesExternal],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error("esbuild produced no output");
  const file = path.join(OUT_DIR, `requestWorker.${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return pathToFileURL(file).href;
}
