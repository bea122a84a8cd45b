/** Bundles `entry` (a path from the project root `root`) as server/dist/<name>.<content hash>.mjs; answers its file URL. */
export function bundleEntry(root: string, entry: string, name: string): Promise<string>;
