// Bundles a TypeScript entry of the server into one ES module under server/dist/, for the CLI's
// own process (bin/opsledger.js) and for the worker threads `serve` starts
// (server/src/workers/bundle.ts). Loaded through tsx, a process or thread registered its loader
// (in Node 20, a hooks thread of its own), transformed the app's 200 modules again and kept the
// results and their source maps: about 70 MB more for the main thread and 40 MB per worker thread
// than the bundle. Plain JavaScript, so bin/opsledger.js can run it before anything is loaded.
//
// Built at each start from the sources (esbuild, a few hundred ms), so a bundle is never older
// than they are. The file is named after its content: processes started from other sources never
// overwrite each other's, and it is written whole before it is renamed into place. `npm run
// build` writes the bundles ahead (scripts/bundle.ts): where the app's folder is read-only (the
// container), a start finds those files, the same bytes, and writes nothing.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";


/** Packages stay imports (native modules, their own files); the workspace's TypeScript packages are bundled. */
const packagesExternal = {
  name: "packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@opsledger/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Bundles `entry` (a path from the project root `root`) as server/dist/<name>.<content hash>.mjs;
 * answers its file URL. The caller names the root: this module is itself bundled into the CLI,
 * where its own location is the bundle's.
 */
export async function bundleEntry(root, entry, name) {
  // server/dist/ is as deep as server/src/: what server/src/paths.ts finds from its own location it
  // finds the same from a bundle there, and packages resolve from the same node_modules.
  const outDir = path.join(root, "server", "dist");
  const result = await build({
    entryPoints: [path.join(root, entry)],
    // Paths in the bundle's comments are relative to the root, so the same sources give the same bytes from any working directory.
    absWorkingDir: root,
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
  const file = path.join(outDir, `${name}.${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(outDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  return pathToFileURL(file).href;
}
