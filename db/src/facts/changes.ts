/** The deriver's reads and writes of change facts (`fact_changes`) and of the changes they come from. */
import type { Db } from "../connection.ts";
import type { Change, EpochMs } from "../model.ts";
import { groupShas, inChunks } from "../queries/readHelpers.ts";
import { changeFromRow } from "../rows.ts";
import { chunk, upsertRows } from "../writes/upsert.ts";
import type { ChangeFact } from "./model.ts";
import { OR_KEYS_PER_STATEMENT, byKeys, type SourcedKey } from "./keys.ts";
import { changeFactFromRow, changeFactToRow } from "./rows.ts";

/** The changes of these rows with their commits and changed files (the ledger's ops fraction reads the files). */
async function withCommits(db: Db, rows: Awaited<ReturnType<typeof changeRows>>): Promise<Change[]> {
  const keys = rows.map((r) => ({ source: r.source, id: r.id }));
  const [commits, files] = await Promise.all([
    byKeys(keys, (ids) => db.selectFrom("change_commits").select(["source", "change_id as id", "sha"]).where("change_id", "in", ids).execute()),
    byKeys(keys, (ids) => db.selectFrom("change_files").select(["source", "change_id as id", "path"]).where("change_id", "in", ids).execute()),
  ]);
  const shasOf = groupShas(commits.map((c) => ({ source: c.source, owner: c.id, sha: c.sha })));
  // groupShas groups any text by owner: here, paths.
  const pathsOf = groupShas(files.map((f) => ({ source: f.source, owner: f.id, sha: f.path })));
  return rows.map((r) => changeFromRow(r, shasOf(r.source, r.id) ?? [], pathsOf(r.source, r.id) ?? []));
}

const changeRows = (db: Db, ids: string[]) => db.selectFrom("changes").selectAll().where("id", "in", ids).execute();

/** Change records (with their commits) by key. */
export async function getChangesByKeys(db: Db, keys: readonly SourcedKey[]): Promise<Change[]> {
  return withCommits(db, await byKeys(keys, (ids) => changeRows(db, ids)));
}

/** Every change of a repo, with its commits and changed files. */
export async function getChangesOfRepo(db: Db, repo: string): Promise<Change[]> {
  const [rows, commits, files] = await Promise.all([
    db.selectFrom("changes").selectAll().where("repo", "=", repo).execute(),
    db
      .selectFrom("change_commits as cc")
      .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "cc.source").onRef("c.id", "=", "cc.change_id"))
      .select(["cc.source as source", "cc.change_id as owner", "cc.sha as sha"])
      .where("c.repo", "=", repo)
      .execute(),
    db
      .selectFrom("change_files as cf")
      .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "cf.source").onRef("c.id", "=", "cf.change_id"))
      .select(["cf.source as source", "cf.change_id as owner", "cf.path as sha"])
      .where("c.repo", "=", repo)
      .execute(),
  ]);
  const shasOf = groupShas(commits);
  const pathsOf = groupShas(files);
  return rows.map((r) => changeFromRow(r, shasOf(r.source, r.id) ?? [], pathsOf(r.source, r.id) ?? []));
}

/** Changes attributed (by their current facts) to one of these deployments. */
export async function getChangeKeysAttributedTo(db: Db, deploymentIds: readonly string[]): Promise<(SourcedKey & { repo: string })[]> {
  return inChunks(deploymentIds, (ids) => db.selectFrom("fact_changes").select(["source", "id", "repo"]).where("deployment_id", "in", ids).execute());
}

/** Changes holding one of these shas, as a commit or as their merge sha. */
export async function getChangeKeysWithShas(db: Db, shas: readonly string[]): Promise<(SourcedKey & { repo: string })[]> {
  const [viaCommits, viaMerge] = await Promise.all([
    inChunks(shas, (chunk) =>
      db
        .selectFrom("change_commits as cc")
        .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "cc.source").onRef("c.id", "=", "cc.change_id"))
        .select(["c.source as source", "c.id as id", "c.repo as repo"])
        .where("cc.sha", "in", chunk)
        .execute(),
    ),
    inChunks(shas, (chunk) => db.selectFrom("changes").select(["source", "id", "repo"]).where("merge_sha", "in", chunk).execute()),
  ]);
  return [...viaCommits, ...viaMerge];
}

/** Changes of a repo merged in (after, upTo]. */
export async function getChangeKeysMergedBetween(db: Db, repo: string, after: EpochMs, upTo: EpochMs): Promise<SourcedKey[]> {
  return db.selectFrom("changes").select(["source", "id"]).where("repo", "=", repo).where("merged_at", ">", after).where("merged_at", "<=", upTo).execute();
}

export async function getChangeFactsByKeys(db: Db, keys: readonly SourcedKey[]): Promise<ChangeFact[]> {
  return (await byKeys(keys, (ids) => db.selectFrom("fact_changes").selectAll().where("id", "in", ids).execute())).map(changeFactFromRow);
}

export async function replaceChangeFacts(db: Db, keys: readonly SourcedKey[], facts: readonly ChangeFact[]): Promise<void> {
  for (const part of chunk(keys, OR_KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom("fact_changes")
      .where((eb) => eb.or(part.map((k) => eb.and([eb("source", "=", k.source), eb("id", "=", k.id)]))))
      .execute();
  }
  await upsertRows(db, "fact_changes", ["source", "id"], facts.map(changeFactToRow));
}

export async function replaceChangeFactsOfRepo(db: Db, repo: string, facts: readonly ChangeFact[]): Promise<void> {
  await db.deleteFrom("fact_changes").where("repo", "=", repo).execute();
  await upsertRows(db, "fact_changes", ["source", "id"], facts.map(changeFactToRow));
}

/** The changes each of these deployments shipped (by their facts). */
export async function getShippedChangeFacts(db: Db, deploymentIds: readonly string[]): Promise<ChangeFact[]> {
  return (await inChunks(deploymentIds, (ids) => db.selectFrom("fact_changes").selectAll().where("deployment_id", "in", ids).execute())).map(changeFactFromRow);
}

/** Changes by these authors that were in progress at some time in [from, to). */
export async function getChangeFactsOfAuthors(db: Db, authors: readonly string[], from: EpochMs, to: EpochMs): Promise<ChangeFact[]> {
  const rows = await inChunks(authors, (chunk) => db.selectFrom("fact_changes").selectAll().where("author", "in", chunk).where("started_at", "<", to).where("merged_at", ">", from).execute());
  return rows.map(changeFactFromRow);
}

/** Who wrote the changes holding each of these shas (as a commit or as the merge sha). */
export async function getAuthorsOfShas(db: Db, shas: readonly string[]): Promise<Map<string, { author: string; bot: boolean }[]>> {
  const [viaCommits, viaMerge] = await Promise.all([
    inChunks(shas, (chunk) =>
      db
        .selectFrom("change_commits as cc")
        .innerJoin("changes as c", (j) => j.onRef("c.source", "=", "cc.source").onRef("c.id", "=", "cc.change_id"))
        .select(["cc.sha as sha", "c.author as author", "c.bot as bot"])
        .where("cc.sha", "in", chunk)
        .execute(),
    ),
    inChunks(shas, (chunk) => db.selectFrom("changes").select(["merge_sha as sha", "author", "bot"]).where("merge_sha", "in", chunk).execute()),
  ]);
  const out = new Map<string, { author: string; bot: boolean }[]>();
  for (const r of [...viaCommits, ...viaMerge]) {
    const list = out.get(r.sha) ?? [];
    if (!list.some((a) => a.author === r.author)) list.push({ author: r.author, bot: r.bot === 1 });
    out.set(r.sha, list);
  }
  return out;
}
