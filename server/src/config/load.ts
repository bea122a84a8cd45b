/**
 * Load `opsledger.config.yaml`: YAML syntax errors and schema violations both come back as
 * `ConfigError` naming the file, the line and the key, so a user can fix the file without guessing.
 */
import fs from "node:fs";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import { repoServiceProblems } from "../validation.ts";
import { configSchema, defaultConfig, type Config } from "./schema.ts";

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number | null; key: string; message: string }[],
  ) {
    super(
      `invalid configuration in ${file}:\n` +
        problems.map((p) => `  ${p.line === null ? "" : `line ${p.line}: `}${p.key ? `${p.key}: ` : ""}${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export const DEFAULT_CONFIG_PATH = "opsledger.config.yaml";

/**
 * Read and validate the file. A missing file at the default path means "defaults"; a missing
 * file the user named explicitly is an error.
 */
export function loadConfig(file: string, options: { required?: boolean } = {}): Config {
  if (!fs.existsSync(file)) {
    if (options.required) throw new ConfigError(file, [{ line: null, key: "", message: "file not found" }]);
    return defaultConfig();
  }
  return parseConfig(fs.readFileSync(file, "utf8"), file);
}

export function parseConfig(text: string, file = "opsledger.config.yaml"): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? null, key: "", message: e.message.split("\n")[0] ?? e.code })),
    );
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return checkReferences(parsed.data, doc, lineCounter, file);
  throw new ConfigError(
    file,
    parsed.error.issues.map((issue) => ({
      line: lineOf(doc, lineCounter, issue.path as (string | number)[]),
      key: issue.path.map(String).join("."),
      message: issue.message,
    })),
  );
}

/** The line of the deepest node on `path` that exists (an unknown key is reported where its parent is). */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

/** Cross-field rules zod cannot see: unique ids, team members who are configured people, repo → service mappings inside their team. */
function checkReferences(config: Config, doc: Document, counter: LineCounter, file: string): Config {
  const problems: ConstructorParameters<typeof ConfigError>[1] = [];
  const duplicates = (ids: string[], section: "teams" | "people") =>
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) problems.push({ line: lineOf(doc, counter, [section, i, "id"]), key: `${section}.${i}.id`, message: `duplicate id "${id}"` });
    });
  duplicates(config.teams.map((t) => t.id), "teams");
  duplicates(config.people.map((p) => p.id), "people");
  if (config.people.length > 0) {
    const people = new Set(config.people.map((p) => p.id));
    config.teams.forEach((team, t) =>
      team.members.forEach((member, m) => {
        if (!people.has(member))
          problems.push({ line: lineOf(doc, counter, ["teams", t, "members", m]), key: `teams.${t}.members.${m}`, message: `"${member}" is not one of the configured people` });
      }),
    );
  }
  config.teams.forEach((team, t) => {
    for (const problem of repoServiceProblems(team.repos, team.services, team.repoServices)) {
      const path = ["teams", t, "repoServices", ...problem.path];
      problems.push({ line: lineOf(doc, counter, path), key: path.join("."), message: problem.message });
    }
  });
  if (problems.length > 0) throw new ConfigError(file, problems);
  return config;
}
