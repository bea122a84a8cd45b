/**
 * GitHub collection: for each repo in scope, five streams, each with a cursor per
 * (stream, repo) written with `setSyncCursor` in the same transaction as the rows it covers, so a
 * crash at any point and a rerun leave no gaps and no duplicates.
 *
 * - pulls: merged PRs newest-updated first, stopping at the stored watermark (one request when
 *   nothing changed). With the "merge" fallback, merges to the default branch are also proxy
 *   deployments.
 * - deployments: GitHub Deployments oldest first from a checkpoint held before the first one that
 *   may still change; production deployments get the commits shipped since the previous one
 *   (REST compare). Or the configured fallback: deploy workflow runs, or releases.
 * - workflow_runs: REST /actions/runs, attempt-aware, with a look-back for re-runs.
 * - committers: default-branch history of the last 90 days, tallied per login (or email).
 * - practices: what the default branch shows now (tree at HEAD, workflow tools, branch protection
 *   and rulesets), one observation per repo and day, for the maturity scorecard.
 */
import { environmentKey, getSyncCursor, type Db, type Deployment, type NormalizedRecord, type SyncKey } from "@opsledger/db";
import { z } from "zod";
import {
  comparePage,
  deploymentsResult,
  historyResult,
  orgReposResult,
  practicesResult,
  pullRequestCommitsResult,
  pullRequestFilesResult,
  pullRequestReviewsResult,
  pullRequestsResult,
  releasesResult,
  repoInfoResult,
  workflowRun,
  workflowRunsPage,
  type CommitNode,
  type HistoryNode,
  type PullRequestNode,
  type WorkflowRun,
} from "./api-types.ts";
import { chosenStreams, noProgress, patternOption, readCursor, RunLog, validateOptions, writePage, type CollectPlan, type CollectSummary, type Collector, type ProgressSink, type ProgressTask, type RunRequest, type StreamPlan } from "../contract.ts";
import type { ClientStats, GithubClient, GraphqlProblem, GraphqlResult } from "./client.ts";
import {
  deploymentState,
  isProduction,
  mapCommitters,
  mapPractices,
  mapDeployment,
  mapDeployRun,
  mapPullRequest,
  mapRelease,
  mapWorkflowRun,
  mergeProxyDeployment,
  committerKey,
  needsMoreReviews,
  tallyCommitters,
  SOURCE,
  type CommitterTally,
  type Review,
} from "./mapper.ts";
import {
  DEPLOYMENTS_PAGE_SIZE,
  DEPLOYMENTS_QUERY,
  estimateQueryCost,
  HISTORY_PAGE_SIZE,
  HISTORY_QUERY,
  MAX_COMMIT_PAGES_PER_PULL,
  MAX_FILE_PAGES_PER_PULL,
  ORG_REPOS_QUERY,
  PRACTICES_QUERY,
  PULL_COMMITS_QUERY,
  PULL_FILES_QUERY,
  PULL_REVIEWS_QUERY,
  PULLS_PAGE_SIZE,
  PULLS_QUERY,
  RELEASES_PAGE_SIZE,
  RELEASES_QUERY,
  REPO_INFO_QUERY,
  STATUSES_PER_DEPLOYMENT,
} from "./queries.ts";

export type GithubStream = "pulls" | "deployments" | "workflow_runs" | "committers" | "practices";
export const GITHUB_STREAMS: readonly GithubStream[] = ["pulls", "deployments", "workflow_runs", "committers", "practices"];

export type DeploymentFallback = "deployments" | "workflow" | "release" | "merge";

export interface GithubRepoRule {
  /** Where deployments come from: GitHub Deployments, or a fallback for repos without them. */
  fallback: DeploymentFallback;
  /** Deploy workflow file names (deploy.yml) or ids, for the "workflow" fallback. */
  workflows: string[];
  /** Case-insensitive pattern of production environment names. */
  production: string;
}

export type { ProgressSink };

export interface GithubCollectorOptions {
  db: Db;
  client: GithubClient;
  /** An organisation: every non-archived repo, filtered by `repoPattern` when given. */
  org?: string | null;
  repoPattern?: string | null;
  /** Repos named one by one ("owner/name"); added to the org's. */
  repos?: readonly string[];
  /** Collect only these repos (the CLI's --repo), whether or not they are in the configured scope. */
  only?: readonly string[] | null;
  /** Lower bound (epoch ms) for a first sync; later syncs continue from their cursors. */
  since?: number | null;
  rule: (repo: string) => GithubRepoRule;
  streams?: readonly GithubStream[];
  now?: () => number;
  progress?: ProgressSink;
  log?: (line: string) => void;
  /** Page sizes (tests shrink them); GitHub's limits are 1–100. */
  pullsPageSize?: number;
  deploymentsPageSize?: number;
  restPageSize?: number;
  /** How far back a re-run sweep of workflow runs reads again (re-runs keep their run's created_at). Default 24 h. */
  rerunLookbackMs?: number;
  /** How often that sweep happens; syncs in between read only runs created since the watermark. Default 6 h. */
  rerunSweepEveryMs?: number;
  /** The active-committer window. Default 90 days. */
  committerWindowMs?: number;
  /** Follow-up pages of commits / changed files read per PR past the first 100 (budgets; a warning past them). */
  maxCommitPagesPerPull?: number;
  maxFilePagesPerPull?: number;
}

export interface RepoSummary {
  repo: string;
  written: Record<GithubStream, number>;
  deploymentSource: DeploymentFallback;
  /** Production deployments whose shipped commits could not be listed (deleted commit, compare 404). */
  commitsUnknown: number;
  /** Records read but not written, by reason. */
  skipped: Record<string, number>;
}

/** What a sync did: the contract's summary, per repo rows written per stream, and the client's request counts (ClientStats). */
export interface GithubSyncSummary extends CollectSummary, ClientStats {
  repos: RepoSummary[];
  written: Record<GithubStream, number>;
  commitsUnknown: number;
}

const DAY = 86_400_000;
/** A deployment or release still not final after this long is treated as settled. */
const SETTLE_MS = 7 * DAY;

/** The database or a transaction on it: whatever `getSyncCursor` reads from. */
export type CursorReader = Parameters<typeof getSyncCursor>[0];

type HistoryConnection = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (HistoryNode | null)[] };

const emptyCounts = (): Record<GithubStream, number> => ({ pulls: 0, deployments: 0, workflow_runs: 0, committers: 0, practices: 0 });

function splitRepo(repo: string): { owner: string; name: string } {
  const [owner = "", name = ""] = repo.split("/");
  if (!owner || !name || repo.split("/").length !== 2) throw new Error(`"${repo}" is not a repository: use owner/name`);
  return { owner, name };
}

const key = (stream: string, repo: string): SyncKey => ({ source: SOURCE, stream, scope: repo });

const pullsCursor = z.object({
  watermark: z.string().nullable(),
  atWatermark: z.array(z.string()),
  run: z.object({ after: z.string().nullable(), top: z.string().nullable(), topIds: z.array(z.string()), hadErrors: z.boolean() }).nullable(),
});
const orderedCursor = z.object({
  after: z.string().nullable(),
  lastProd: z.record(z.string(), z.string()),
  /** GitHub id of the last deployment before the checkpoint: everything up to it is stored final. */
  lastId: z.number().nullable().default(null),
});
const workflowDeployCursor = z.object({ watermark: z.string().nullable(), recent: z.array(z.string()), lastSha: z.string().nullable(), branch: z.string().nullable() });
const attemptKey = z.tuple([z.string(), z.string()]);
const runsCursor = z.object({
  watermark: z.string().nullable(),
  recent: z.array(attemptKey),
  /** When the last re-run sweep (a read of the whole look-back window) finished, epoch ms. */
  sweptAt: z.number().nullable().default(null),
  run: z
    .object({ page: z.number(), floor: z.string().nullable(), sweep: z.boolean().default(false), top: z.string().nullable(), pending: z.string().nullable(), keys: z.array(attemptKey) })
    .nullable(),
});
const committersCursor = z.object({
  since: z.string(),
  seen: z.array(z.string()),
  tallies: z.record(z.string(), z.object({ firstCommitAt: z.number(), lastCommitAt: z.number(), commits: z.number() })),
});

interface RepoContext {
  repo: string;
  owner: string;
  name: string;
  defaultBranch: string | null;
  rule: GithubRepoRule;
  summary: RepoSummary;
}

/** One collection: the options, the clock and the run's log; one method per stream. */
class Run {
  constructor(
    readonly options: GithubCollectorOptions,
    readonly now: () => number,
    readonly log: RunLog,
  ) {}

  warn(line: string): void {
    this.log.warn(line);
  }

  problems(repo: string, what: string, errors: GraphqlProblem[]): void {
    for (const e of errors) this.warn(`${repo} ${what}: GitHub returned an error with partial data${e.path ? ` at ${e.path}` : ""}: ${e.message}`);
  }

  /** Count a record read but not written, with why (the summary and the CLI say it). */
  skip(ctx: RepoContext, reason: string, n = 1): void {
    if (n <= 0) return;
    ctx.summary.skipped[reason] = (ctx.summary.skipped[reason] ?? 0) + n;
    this.log.skip(reason, n);
  }

  count(ctx: RepoContext, stream: GithubStream, n: number): void {
    ctx.summary.written[stream] += n;
    this.log.wrote(stream, n);
  }

  /** Rows and their cursor in one transaction (contract.ts `writePage`); refused values are counted per repo too. */
  async write(ctx: RepoContext, rows: NormalizedRecord[], cursor: { key: SyncKey; value: unknown }): Promise<NormalizedRecord[]> {
    return writePage(this.options.db, rows, { key: cursor.key, value: JSON.stringify(cursor.value) }, { log: this.log, at: this.now(), label: ctx.repo, skip: (reason) => this.skip(ctx, reason) });
  }

  // ---- pulls ------------------------------------------------------------------------------------

  async pulls(ctx: RepoContext, task: ProgressTask): Promise<void> {
    const k = key("pulls", ctx.repo);
    const stored = readCursor(await getSyncCursor(this.options.db, k), pullsCursor);
    const cur = stored ?? { watermark: null, atWatermark: [], run: null };
    const run = cur.run ?? { after: null, top: null, topIds: [], hadErrors: false };
    const floor = cur.watermark ?? (this.options.since == null ? null : new Date(this.options.since).toISOString());
    const floorMs = floor === null ? null : Date.parse(floor);
    const seen = new Set(cur.atWatermark);
    const first = this.options.pullsPageSize ?? PULLS_PAGE_SIZE;
    for (;;) {
      const { data, errors } = await this.options.client.graphql(PULLS_QUERY, { owner: ctx.owner, name: ctx.name, first, after: run.after }, pullRequestsResult);
      if (data.repository === null) throw new Error(`${ctx.repo}: repository not found or not visible to the token`);
      ctx.defaultBranch ??= data.repository.defaultBranchRef?.name ?? null;
      if (errors.length > 0) {
        run.hadErrors = true;
        this.problems(ctx.repo, "pull requests", errors);
      }
      const conn = data.repository.pullRequests;
      if (cur.watermark === null && run.after === null) task.total(conn.totalCount);
      const records: NormalizedRecord[] = [];
      let stop = false;
      for (const node of conn.nodes) {
        if (node === null) {
          this.skip(ctx, "pull request GitHub could not return (GraphQL error; read again next sync)");
          continue;
        }
        const updated = Date.parse(node.updatedAt);
        if (floorMs !== null && updated < floorMs) {
          stop = true;
          break;
        }
        task.advance();
        if (node.updatedAt === cur.watermark && seen.has(node.id)) continue;
        if (run.top === null || updated > Date.parse(run.top)) {
          run.top = node.updatedAt;
          run.topIds = [node.id];
        } else if (node.updatedAt === run.top) run.topIds.push(node.id);
        let reviews: Review[] = [];
        if (needsMoreReviews(node)) reviews = await this.moreReviews(ctx, node.number, node.reviews?.pageInfo.endCursor ?? null);
        const change = mapPullRequest(ctx.repo, node, { reviews, commits: await this.moreCommits(ctx, node), files: await this.moreFiles(ctx, node) });
        if (change === null) {
          this.skip(ctx, "merged pull request without a merge commit");
          continue;
        }
        records.push({ kind: "change", ...change });
        if (ctx.rule.fallback === "merge" && ctx.defaultBranch !== null && node.baseRefName === ctx.defaultBranch) {
          records.push({ kind: "deployment", ...mergeProxyDeployment(change) });
        }
      }
      const done = stop || !conn.pageInfo.hasNextPage;
      run.after = conn.pageInfo.endCursor ?? run.after;
      const next = done
        ? run.hadErrors || run.top === null
          ? { watermark: cur.watermark, atWatermark: cur.atWatermark, run: null }
          : { watermark: run.top, atWatermark: run.topIds, run: null }
        : { ...cur, run };
      const written = await this.write(ctx, records, { key: k, value: next });
      this.count(ctx, "pulls", written.filter((r) => r.kind === "change").length);
      this.count(ctx, "deployments", written.filter((r) => r.kind === "deployment").length);
      if (done) break;
    }
    if (run.hadErrors) this.warn(`${ctx.repo} pull requests: the watermark was kept so the next sync reads this window again`);
  }

  /**
   * The commits of a PR past its first 100, page by page to the end (lead time looks every sha up
   * in the deployments' commit lists), within a budget of follow-up pages; past it, a warning.
   */
  async moreCommits(ctx: RepoContext, pr: PullRequestNode): Promise<CommitNode[]> {
    const out: CommitNode[] = [];
    let info = pr.commits.pageInfo;
    const budget = this.options.maxCommitPagesPerPull ?? MAX_COMMIT_PAGES_PER_PULL;
    for (let pages = 0; info.hasNextPage && info.endCursor !== null; pages++) {
      if (pages >= budget) {
        this.warn(`${ctx.repo}#${pr.number} has ${pr.commits.totalCount} commits; only the first ${pr.commits.nodes.length + out.length} were read (budget: ${budget} follow-up pages), so lead time may not find the rest`);
        break;
      }
      const { data, errors } = await this.options.client.graphql(PULL_COMMITS_QUERY, { owner: ctx.owner, name: ctx.name, number: pr.number, after: info.endCursor }, pullRequestCommitsResult);
      this.problems(ctx.repo, `commits of #${pr.number}`, errors);
      const commits = data.repository?.pullRequest?.commits;
      if (!commits) break;
      for (const n of commits.nodes) if (n) out.push(n);
      info = commits.pageInfo;
    }
    return out;
  }

  /** The changed file paths of a PR past its first 100, within a budget; past it, a warning (`changedFiles` keeps the true count). */
  async moreFiles(ctx: RepoContext, pr: PullRequestNode): Promise<string[]> {
    const out: string[] = [];
    if (pr.files === null) return out;
    let info = pr.files.pageInfo;
    const budget = this.options.maxFilePagesPerPull ?? MAX_FILE_PAGES_PER_PULL;
    for (let pages = 0; info.hasNextPage && info.endCursor !== null; pages++) {
      if (pages >= budget) {
        this.warn(`${ctx.repo}#${pr.number} changed ${pr.changedFiles} files; only the first ${(pr.files.nodes?.length ?? 0) + out.length} paths were read (budget: ${budget} follow-up pages)`);
        break;
      }
      const { data, errors } = await this.options.client.graphql(PULL_FILES_QUERY, { owner: ctx.owner, name: ctx.name, number: pr.number, after: info.endCursor }, pullRequestFilesResult);
      this.problems(ctx.repo, `files of #${pr.number}`, errors);
      const files = data.repository?.pullRequest?.files;
      if (!files) break;
      for (const f of files.nodes ?? []) if (f) out.push(f.path);
      info = files.pageInfo;
    }
    return out;
  }

  async moreReviews(ctx: RepoContext, number: number, after: string | null): Promise<Review[]> {
    const out: Review[] = [];
    let cursor = after;
    for (;;) {
      const { data, errors } = await this.options.client.graphql(PULL_REVIEWS_QUERY, { owner: ctx.owner, name: ctx.name, number, after: cursor }, pullRequestReviewsResult);
      this.problems(ctx.repo, `reviews of #${number}`, errors);
      const reviews = data.repository?.pullRequest?.reviews;
      if (!reviews) return out;
      for (const r of reviews.nodes) if (r) out.push(r);
      if (!reviews.pageInfo.hasNextPage || reviews.pageInfo.endCursor === null) return out;
      cursor = reviews.pageInfo.endCursor;
    }
  }

  // ---- deployments ------------------------------------------------------------------------------

  /** Shas shipped between two deployments (REST compare, every page), or null when GitHub cannot say. */
  async shipped(ctx: RepoContext, base: string, head: string): Promise<{ commits: string[] | null; behind: boolean }> {
    if (base === head) return { commits: [], behind: false };
    const commits: string[] = [];
    let behind = false;
    let page = await this.options.client.rest(
      "/repos/{owner}/{repo}/compare/{basehead}",
      { owner: ctx.owner, repo: ctx.name, basehead: `${base}...${head}`, per_page: this.options.restPageSize ?? 100 },
      comparePage,
    );
    for (;;) {
      if (page === null) {
        ctx.summary.commitsUnknown++;
        this.warn(`${ctx.repo}: cannot compare ${base.slice(0, 7)}...${head.slice(0, 7)} (a commit was deleted or force-pushed away); deployment ${head.slice(0, 7)} has no commit list, so lead time falls back to time`);
        return { commits: null, behind: false };
      }
      behind ||= page.data.status === "behind";
      commits.push(...page.data.commits.map((c) => c.sha));
      if (page.next === null) return { commits, behind };
      page = await this.options.client.rest(page.next, {}, comparePage);
    }
  }

  /**
   * Fill in the commits of a production deployment: those since the last successful deployment of
   * the same environment line — environments compared as the production pattern compares them
   * (`environmentKey`: Production and production are one line). A success moves the line on; a
   * failure gets the commits it tried to ship and leaves the line where it was.
   */
  async attachCommits(ctx: RepoContext, dep: Deployment, lastProd: Record<string, string>, withinSince: boolean): Promise<Deployment> {
    const failed = dep.status === "failure";
    if ((dep.status !== "success" && !failed) || !isProduction(dep.environment, ctx.rule.production)) return dep;
    const line = environmentKey(dep.environment);
    const prev = lastProd[line];
    if (!failed) lastProd[line] = dep.sha;
    if (prev === undefined || !withinSince) return dep;
    const { commits, behind } = await this.shipped(ctx, prev, dep.sha);
    return failed ? { ...dep, commits } : { ...dep, commits, rollback: dep.rollback || behind };
  }

  async deployments(ctx: RepoContext, task: ProgressTask): Promise<void> {
    if (ctx.rule.fallback === "merge") {
      task.done("from merges to the default branch (pulls stream)");
      return;
    }
    if (ctx.rule.fallback === "workflow") return this.workflowDeployments(ctx, task);
    const isRelease = ctx.rule.fallback === "release";
    const k = key(isRelease ? "deployments:release" : "deployments", ctx.repo);
    const cur = readCursor(await getSyncCursor(this.options.db, k), orderedCursor) ?? { after: null, lastProd: {}, lastId: null };
    // Cursors written before environments were compared by environmentKey hold raw names.
    const lastProd: Record<string, string> = Object.fromEntries(Object.entries(cur.lastProd).map(([env, sha]) => [environmentKey(env), sha]));
    let checkpoint = { after: cur.after, lastProd: { ...lastProd }, lastId: cur.lastId };
    let after = cur.after;
    let blocked = false;
    const since = this.options.since ?? null;
    const first = isRelease ? RELEASES_PAGE_SIZE : (this.options.deploymentsPageSize ?? DEPLOYMENTS_PAGE_SIZE);
    let total = 0;
    for (;;) {
      const vars = { owner: ctx.owner, name: ctx.name, first, after };
      const items: { cursor: string; dep: Deployment | null; final: boolean; createdAt: number; seq?: number | null }[] = [];
      let pageInfo: { hasNextPage: boolean; endCursor: string | null };
      if (isRelease) {
        const { data, errors } = await this.options.client.graphql(RELEASES_QUERY, vars, releasesResult);
        if (data.repository === null) throw new Error(`${ctx.repo}: repository not found or not visible to the token`);
        this.problems(ctx.repo, "releases", errors);
        pageInfo = data.repository.releases.pageInfo;
        for (const edge of data.repository.releases.edges) {
          if (edge === null) continue;
          if (edge.node !== null && mapRelease(ctx.repo, edge.node) === null) this.skip(ctx, "release that is a draft or a prerelease (not a deployment)");
          if (edge.node === null) {
            items.push({ cursor: edge.cursor, dep: null, final: false, createdAt: 0 });
            continue;
          }
          const createdAt = Date.parse(edge.node.createdAt);
          items.push({ cursor: edge.cursor, dep: mapRelease(ctx.repo, edge.node), final: !edge.node.isDraft || this.now() - createdAt > SETTLE_MS, createdAt });
        }
      } else {
        const { data, errors } = await this.options.client.graphql(DEPLOYMENTS_QUERY, vars, deploymentsResult);
        if (data.repository === null) throw new Error(`${ctx.repo}: repository not found or not visible to the token`);
        this.problems(ctx.repo, "deployments", errors);
        const conn = data.repository.deployments;
        if (after === null && cur.after === null) {
          task.total(conn.totalCount);
          if (conn.totalCount === 0) this.warn(`${ctx.repo} has no GitHub Deployments; set sources.github.deployments."${ctx.repo}".fallback to workflow, release or merge`);
        }
        pageInfo = conn.pageInfo;
        for (const edge of conn.edges) {
          if (edge === null) continue;
          if (edge.node === null) {
            items.push({ cursor: edge.cursor, dep: null, final: false, createdAt: 0 });
            continue;
          }
          const createdAt = Date.parse(edge.node.createdAt);
          const state = deploymentState(edge.node);
          if ((edge.node.statuses?.totalCount ?? 0) > STATUSES_PER_DEPLOYMENT && state.status !== "success") {
            this.warn(`${ctx.repo}: deployment ${edge.node.databaseId ?? edge.node.id} has ${edge.node.statuses?.totalCount} statuses; only the newest ${STATUSES_PER_DEPLOYMENT} were read, so an earlier success may be missed`);
          }
          items.push({ cursor: edge.cursor, dep: mapDeployment(ctx.repo, edge.node), final: state.final || this.now() - createdAt > SETTLE_MS, createdAt, seq: edge.node.databaseId });
        }
      }
      const records: NormalizedRecord[] = [];
      for (const item of items) {
        task.advance();
        if (item.dep === null && !isRelease) this.skip(ctx, "deployment GitHub could not return (GraphQL error; read again next sync)");
        if (item.dep !== null) {
          const withinSince = since === null || item.createdAt >= since;
          const dep = await this.attachCommits(ctx, item.dep, lastProd, withinSince);
          if (withinSince) records.push({ kind: "deployment", ...dep });
        }
        // Everything from the first deployment that may still change is read again next time.
        if (!item.final || item.dep === null) blocked = true;
        if (!blocked) checkpoint = { after: item.cursor, lastProd: { ...lastProd }, lastId: item.seq ?? checkpoint.lastId };
      }
      total += (await this.write(ctx, records, { key: k, value: checkpoint })).length;
      after = pageInfo.endCursor ?? after;
      if (!pageInfo.hasNextPage) break;
    }
    this.count(ctx, "deployments", total);
  }

  /** The "workflow" fallback: successful runs of the named deploy workflows on the default branch. */
  async workflowDeployments(ctx: RepoContext, task: ProgressTask): Promise<void> {
    if (ctx.rule.workflows.length === 0) {
      this.warn(`${ctx.repo}: fallback "workflow" names no workflows; set sources.github.deployments."${ctx.repo}".workflows`);
      return;
    }
    const k = key("deployments:workflow", ctx.repo);
    const cur = readCursor(await getSyncCursor(this.options.db, k), workflowDeployCursor) ?? { watermark: null, recent: [], lastSha: null, branch: null };
    // The default branch rarely changes; remembered in the cursor so an idle sync is one request.
    const branch = ctx.defaultBranch ?? cur.branch ?? (await this.repoInfo(ctx)).defaultBranch;
    const lookback = this.options.rerunLookbackMs ?? DAY;
    const from = cur.watermark !== null ? Date.parse(cur.watermark) - lookback : (this.options.since ?? null);
    const recent = new Set(cur.recent);
    const runs: WorkflowRun[] = [];
    for (const workflow of ctx.rule.workflows) {
      const params: Record<string, string | number> = { owner: ctx.owner, repo: ctx.name, workflow_id: workflow, status: "success", per_page: this.options.restPageSize ?? 100 };
      if (branch !== null) params.branch = branch;
      if (from !== null) params.created = `>=${new Date(from).toISOString()}`;
      let page = await this.options.client.rest("/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", params, workflowRunsPage);
      if (page === null) this.warn(`${ctx.repo}: deploy workflow "${workflow}" not found`);
      while (page !== null) {
        runs.push(...page.data.workflow_runs);
        if (page.next === null) break;
        page = await this.options.client.rest(page.next, {}, workflowRunsPage);
      }
    }
    runs.sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at));
    const lastProd: Record<string, string> = cur.lastSha === null ? {} : { production: cur.lastSha };
    const records: NormalizedRecord[] = [];
    let watermark = cur.watermark;
    for (const r of runs) {
      const dep = mapDeployRun(ctx.repo, r);
      if (dep === null || recent.has(dep.id)) continue;
      task.advance();
      records.push({ kind: "deployment", ...(await this.attachCommits(ctx, dep, lastProd, true)) });
      recent.add(dep.id);
      if (watermark === null || Date.parse(r.created_at) > Date.parse(watermark)) watermark = r.created_at;
    }
    const keepFrom = watermark === null ? 0 : Date.parse(watermark) - lookback;
    const keep = runs.filter((r) => Date.parse(r.created_at) >= keepFrom).map((r) => `run:${r.id}-${r.run_attempt}`);
    const written = await this.write(ctx, records, { key: k, value: { watermark, recent: [...new Set(keep)], lastSha: lastProd.production ?? cur.lastSha, branch } });
    this.count(ctx, "deployments", written.length);
  }

  async repoInfo(ctx: RepoContext): Promise<{ defaultBranch: string | null }> {
    const { data } = await this.options.client.graphql(REPO_INFO_QUERY, { owner: ctx.owner, name: ctx.name, since: new Date(committersStart(this.options, this.now())).toISOString() }, repoInfoResult);
    ctx.defaultBranch = data.repository?.defaultBranchRef?.name ?? null;
    return { defaultBranch: ctx.defaultBranch };
  }

  // ---- workflow runs ----------------------------------------------------------------------------

  async workflowRuns(ctx: RepoContext, task: ProgressTask): Promise<void> {
    const k = key("workflow_runs", ctx.repo);
    const cur = readCursor(await getSyncCursor(this.options.db, k), runsCursor) ?? { watermark: null, recent: [], sweptAt: null, run: null };
    const lookback = this.options.rerunLookbackMs ?? DAY;
    // A first sync reads everything; after that, a periodic sweep re-reads the look-back window for
    // re-runs, and the syncs in between read only what was created since (one request when idle).
    const sweep = cur.watermark === null || cur.sweptAt === null || this.now() - cur.sweptAt >= (this.options.rerunSweepEveryMs ?? 6 * 3_600_000);
    const floor = cur.watermark === null ? (this.options.since == null ? null : new Date(this.options.since).toISOString()) : sweep ? new Date(Date.parse(cur.watermark) - lookback).toISOString() : cur.watermark;
    const run = cur.run ?? { page: 1, floor, sweep, top: null, pending: null, keys: [] };
    // Attempt ids already written, with their run's created_at, so re-reading the look-back writes nothing twice.
    const recent = new Map<string, string>([...cur.recent, ...run.keys]);
    const perPage = this.options.restPageSize ?? 100;
    for (;;) {
      const params: Record<string, string | number> = { owner: ctx.owner, repo: ctx.name, per_page: perPage, page: run.page };
      if (run.floor !== null) params.created = `>=${run.floor}`;
      const res = await this.options.client.rest("/repos/{owner}/{repo}/actions/runs", params, workflowRunsPage);
      if (res === null) throw new Error(`${ctx.repo}: GitHub Actions runs not found (is Actions enabled, and can the token read it?)`);
      if (run.page === 1) task.total(res.data.total_count);
      const records: NormalizedRecord[] = [];
      for (const r of res.data.workflow_runs) {
        task.advance();
        if (run.top === null || Date.parse(r.created_at) > Date.parse(run.top)) run.top = r.created_at;
        if (r.status !== "completed") {
          // Hold the watermark back so the run is read again once it has finished.
          if (run.pending === null || Date.parse(r.created_at) < Date.parse(run.pending)) run.pending = r.created_at;
          continue;
        }
        for (let attempt = 1; attempt <= r.run_attempt; attempt++) {
          const id = `${r.id}-${attempt}`;
          if (recent.has(id)) continue;
          let payload: WorkflowRun | null = r;
          if (attempt < r.run_attempt) {
            const earlier = await this.options.client.rest(
              "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}",
              { owner: ctx.owner, repo: ctx.name, run_id: r.id, attempt_number: attempt },
              workflowRun,
            );
            payload = earlier?.data ?? null;
          }
          const mapped = payload === null ? null : mapWorkflowRun(ctx.repo, payload);
          if (payload === null) this.skip(ctx, "earlier attempt of a workflow run GitHub no longer has (404)");
          if (mapped !== null) records.push({ kind: "ci_run", ...mapped });
          recent.set(id, r.created_at);
          run.keys.push([id, r.created_at]);
        }
      }
      const done = res.next === null;
      let value: z.input<typeof runsCursor>;
      if (done) {
        const watermark = run.pending ?? run.top ?? cur.watermark;
        const keepFrom = watermark === null ? 0 : Date.parse(watermark) - lookback;
        value = { watermark, recent: [...recent].filter(([, created]) => Date.parse(created) >= keepFrom), sweptAt: run.sweep ? this.now() : cur.sweptAt, run: null };
      } else {
        value = { ...cur, run: { ...run, page: run.page + 1 } };
      }
      this.count(ctx, "workflow_runs", (await this.write(ctx, records, { key: k, value })).length);
      if (done) break;
      run.page++;
    }
  }

  // ---- committers -------------------------------------------------------------------------------

  async committers(ctx: RepoContext, task: ProgressTask): Promise<void> {
    const k = key("committers", ctx.repo);
    const windowMs = this.options.committerWindowMs ?? 90 * DAY;
    const cur = readCursor(await getSyncCursor(this.options.db, k), committersCursor) ?? {
      since: new Date(committersStart(this.options, this.now())).toISOString(),
      seen: [],
      tallies: {},
    };
    const seen = new Set(cur.seen);
    const fresh: HistoryNode[] = [];
    let after: string | null = null;
    for (;;) {
      const page: GraphqlResult<z.output<typeof historyResult>> = await this.options.client.graphql(HISTORY_QUERY, { owner: ctx.owner, name: ctx.name, since: cur.since, after }, historyResult);
      this.problems(ctx.repo, "commit history", page.errors);
      const history: HistoryConnection | undefined = page.data.repository?.defaultBranchRef?.target?.history;
      if (!history) break;
      for (const n of history.nodes) {
        if (n === null || seen.has(n.oid)) continue;
        if (committerKey(n) === null) this.skip(ctx, "commit with neither a GitHub user nor an email (no committer to count)");
        fresh.push(n);
        task.advance();
      }
      if (!history.pageInfo.hasNextPage || history.pageInfo.endCursor === null) break;
      after = history.pageInfo.endCursor;
    }
    const tallies = tallyCommitters(cur.tallies, fresh);
    const touched = new Set(fresh.map((n) => n.author?.user?.login ?? n.author?.email?.toLowerCase() ?? ""));
    let since = cur.since;
    for (const n of fresh) if (Date.parse(n.committedDate) > Date.parse(since)) since = n.committedDate;
    const atSince = [...fresh, ...[...seen].map((oid) => ({ oid, committedDate: cur.since }))].filter((n) => n.committedDate === since).map((n) => n.oid);
    // Tallies of people gone quiet for longer than the window before the newest commit read are
    // dropped from the cursor (their rows stay): measured from the data, not the wall clock, so a
    // sync of older history keeps them.
    const live = Object.fromEntries(Object.entries(tallies).filter(([, t]) => t.lastCommitAt >= Date.parse(since) - windowMs)) as Record<string, CommitterTally>;
    const rows = mapCommitters(ctx.repo, tallies, touched).map((c): NormalizedRecord => ({ kind: "committer", ...c }));
    this.count(ctx, "committers", (await this.write(ctx, rows, { key: k, value: { since, seen: atSince, tallies: live } })).length);
  }

  // ---- practices --------------------------------------------------------------------------------

  /**
   * One observation of what the default branch shows (no cursor to resume: each sync looks again,
   * and the day's row is replaced). A part GitHub refuses is stored as unknown, and said.
   */
  async practices(ctx: RepoContext, task: ProgressTask): Promise<void> {
    const { data, errors } = await this.options.client.graphql(PRACTICES_QUERY, { owner: ctx.owner, name: ctx.name }, practicesResult);
    if (data.repository === null) throw new Error(`${ctx.repo}: repository not found or not visible to the token`);
    this.problems(ctx.repo, "practices", errors);
    const at = (field: string) => errors.some((e) => (e.path ?? "").includes(field));
    const gaps = { protection: at("branchProtectionRule"), rules: at("rules"), tree: at("root"), workflows: at("workflows") };
    const observedAt = this.now();
    const mapped = mapPractices(ctx.repo, data.repository, observedAt, gaps);
    if (data.repository.viewerPermission !== "ADMIN") {
      this.warn(`${ctx.repo}: the token is not an admin of the repo, so branch protection rules are unreadable; required checks and reviews are known only from rulesets (else unknown)`);
    }
    if (mapped.pathsCut > 0) this.warn(`${ctx.repo}: ${mapped.pathsCut} paths at HEAD past the first ${mapped.practice.paths?.length ?? 0} were not kept`);
    if (mapped.workflowsUnread > 0) this.warn(`${ctx.repo}: ${mapped.workflowsUnread} workflow files were not read in full (binary or too large) when looking for policy and cost tools`);
    task.advance();
    const rows: NormalizedRecord[] = [{ kind: "repo_practice", ...mapped.practice }];
    this.count(ctx, "practices", (await this.write(ctx, rows, { key: key("practices", ctx.repo), value: { observedAt } })).length);
  }
}

/**
 * How far the pull has stored a repo's records in full: merged PRs updated up to `pullsThrough`
 * (epoch ms) and GitHub Deployments up to id `deploymentsThrough`. A webhook about something at or
 * before these must not replace the fuller pulled record with its thinner payload.
 */
export async function githubCollectedThrough(db: CursorReader, repo: string): Promise<{ pullsThrough: number | null; deploymentsThrough: number | null }> {
  const pulls = readCursor(await getSyncCursor(db, key("pulls", repo)), pullsCursor);
  const deployments = readCursor(await getSyncCursor(db, key("deployments", repo)), orderedCursor);
  return {
    pullsThrough: pulls?.watermark ? Date.parse(pulls.watermark) : null,
    deploymentsThrough: deployments?.lastId ?? null,
  };
}

/**
 * Where a first committers sync starts reading history: the active-committer window back from the
 * sync's end, or the sync's own start (`since`) when that is earlier — a sync of older data reads
 * that data's committers instead of finding none in the last 90 days of the wall clock.
 */
export function committersStart(options: Pick<GithubCollectorOptions, "since" | "committerWindowMs">, until: number): number {
  const windowStart = until - (options.committerWindowMs ?? 90 * DAY);
  return options.since == null ? windowStart : Math.min(options.since, windowStart);
}

/** The repos in scope: the org's non-archived repos matching the pattern, plus named ones. */
export async function resolveRepos(options: Pick<GithubCollectorOptions, "client" | "org" | "repoPattern" | "repos" | "only">): Promise<{ repo: string; defaultBranch: string | null }[]> {
  if (options.only && options.only.length > 0) return options.only.map((repo) => (splitRepo(repo), { repo, defaultBranch: null }));
  const out = new Map<string, string | null>();
  if (options.org) {
    const pattern = options.repoPattern ? new RegExp(options.repoPattern, "i") : null;
    let after: string | null = null;
    for (;;) {
      const res: GraphqlResult<z.output<typeof orgReposResult>> = await options.client.graphql(ORG_REPOS_QUERY, { org: options.org, after }, orgReposResult);
      const data = res.data;
      if (data.organization === null) throw new Error(`organization "${options.org}" not found or not visible to the token`);
      for (const r of data.organization.repositories.nodes) {
        if (r === null || r.isArchived) continue;
        const name = r.nameWithOwner.split("/")[1] ?? r.nameWithOwner;
        if (pattern === null || pattern.test(name) || pattern.test(r.nameWithOwner)) out.set(r.nameWithOwner, r.defaultBranchRef?.name ?? null);
      }
      const pi: { hasNextPage: boolean; endCursor: string | null } = data.organization.repositories.pageInfo;
      if (!pi.hasNextPage || pi.endCursor === null) break;
      after = pi.endCursor;
    }
  }
  for (const repo of options.repos ?? []) {
    splitRepo(repo);
    if (!out.has(repo)) out.set(repo, null);
  }
  return [...out].map(([repo, defaultBranch]) => ({ repo, defaultBranch }));
}

/** GitHub refuses connections outside 1–100 nodes; a page size from elsewhere is kept inside them. */
const pageSize = (n: number | undefined, fallback: number): number => (n === undefined || !Number.isFinite(n) ? fallback : Math.min(100, Math.max(1, Math.floor(n))));

/** The client's counters in the contract's terms: 5xx retries apart from rate-limit waits. */
export const githubCounters = (stats: ClientStats) => ({ requests: stats.requests, retries: stats.retries, rateLimitWaits: stats.rateLimitWaits, rateLimitWaitMs: stats.rateLimitWaitMs });

/**
 * Collect every stream of every repo in scope; returns what was written and what it cost. A
 * failure stops the run and is thrown (everything written before it is kept with its cursor);
 * `contain` records it in the summary instead and goes on with the next stream.
 */
export async function collectGithub(input: GithubCollectorOptions, run: { contain?: boolean } = {}): Promise<GithubSyncSummary> {
  const options: GithubCollectorOptions = {
    ...input,
    pullsPageSize: pageSize(input.pullsPageSize, PULLS_PAGE_SIZE),
    deploymentsPageSize: pageSize(input.deploymentsPageSize, DEPLOYMENTS_PAGE_SIZE),
    restPageSize: pageSize(input.restPageSize, 100),
  };
  const now = options.now ?? Date.now;
  const progress = options.progress ?? noProgress;
  const log = new RunLog(SOURCE, () => githubCounters(options.client.stats()), options.log ?? (() => {}));
  const collection = new Run(options, now, log);
  const streams = options.streams ?? GITHUB_STREAMS;
  const repos = await resolveRepos(options);
  if (repos.length === 0) collection.warn("no repositories in scope: set sources.github.org or sources.github.repos, or pass --repo");
  const summaries: RepoSummary[] = [];
  for (const { repo, defaultBranch } of repos) {
    const { owner, name } = splitRepo(repo);
    const rule = options.rule(repo);
    const summary: RepoSummary = { repo, written: emptyCounts(), deploymentSource: rule.fallback, commitsUnknown: 0, skipped: {} };
    summaries.push(summary);
    const ctx: RepoContext = { repo, owner, name, defaultBranch, rule, summary };
    for (const stream of streams) {
      const task = progress.task(`${repo} ${stream}`);
      const result = await log.stream(
        stream,
        repo,
        async () => {
          if (stream === "pulls") await collection.pulls(ctx, task);
          else if (stream === "deployments") await collection.deployments(ctx, task);
          else if (stream === "workflow_runs") await collection.workflowRuns(ctx, task);
          else if (stream === "committers") await collection.committers(ctx, task);
          else await collection.practices(ctx, task);
        },
        { contain: run.contain === true },
      );
      task.done(result.status === "failed" ? `failed: ${result.error ?? ""}` : `${summary.written[stream]} written`);
    }
  }
  const written = emptyCounts();
  for (const s of summaries) for (const stream of GITHUB_STREAMS) written[stream] += s.written[stream];
  const stats = options.client.stats();
  const common = log.summary(repos.map((r) => r.repo));
  return {
    ...stats,
    ...common,
    repos: summaries,
    written,
    commitsUnknown: summaries.reduce((n, s) => n + s.commitsUnknown, 0),
  };
}

const githubOptionsSchema = z.looseObject({
  org: z.string().min(1).nullish(),
  repoPattern: patternOption,
  repos: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/name"')).optional(),
  only: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/name"')).nullish(),
  since: z.number().finite().nullish(),
});

/**
 * The GitHub collector behind the contract (contract.ts). Options are checked here, before any
 * request; `run({ scopes: ["acme/api"] })` collects one repository (a scheduler's job).
 */
export function githubCollector(options: GithubCollectorOptions): Collector & { run(request?: RunRequest): Promise<GithubSyncSummary> } {
  validateOptions(SOURCE, githubOptionsSchema, options);
  const narrowed = (request: RunRequest = {}): GithubCollectorOptions => {
    const streams = chosenStreams(SOURCE, GITHUB_STREAMS, request.streams ?? options.streams);
    const scopes = request.scopes ?? null;
    return {
      ...options,
      streams,
      only: scopes !== null && scopes.length > 0 ? scopes : (options.only ?? null),
      progress: request.progress ?? options.progress,
    };
  };
  return {
    source: SOURCE,
    streams: GITHUB_STREAMS,
    scopes: async () => (await resolveRepos(options)).map((r) => r.repo),
    plan: async (request) => githubContractPlan(await planGithub(narrowed(request)), narrowed(request).streams ?? GITHUB_STREAMS),
    run: async (request) => collectGithub(narrowed(request), { contain: true }),
  };
}

function githubContractPlan(plan: GithubPlan, streams: readonly GithubStream[]): CollectPlan {
  const out: StreamPlan[] = [];
  for (const r of plan.repos) {
    // The dry run estimates GraphQL requests per repo, not per stream; REST (Actions runs, compares) is unknown ahead.
    for (const stream of streams) out.push({ stream, scope: r.repo, incremental: r.incremental[stream], estimatedRequests: null });
  }
  return {
    source: SOURCE,
    scopes: plan.repos.map((r) => r.repo),
    streams: out,
    estimatedRequests: plan.estimatedGraphqlRequests,
    requestsMade: plan.requestsMade,
    notes: [`~${plan.estimatedPoints} GraphQL points (of 5,000 an hour), plus REST for Actions runs and commit compares`],
  };
}

export interface RepoPlan {
  repo: string;
  deploymentSource: DeploymentFallback;
  /** Streams with a stored cursor continue from it; the others start a full sync. */
  incremental: Record<GithubStream, boolean>;
  mergedPulls: number | null;
  deployments: number | null;
  estimatedGraphqlRequests: number;
  estimatedPoints: number;
}

export interface GithubPlan {
  repos: RepoPlan[];
  estimatedGraphqlRequests: number;
  estimatedPoints: number;
  /** Requests the plan itself made (one cheap query per repo, plus the org listing). */
  requestsMade: number;
}

/** `--dry-run`: what a sync would do and roughly what it would cost, from one cheap query per repo. */
export async function planGithub(options: GithubCollectorOptions): Promise<GithubPlan> {
  const repos = await resolveRepos(options);
  const plans: RepoPlan[] = [];
  const pullsPage = options.pullsPageSize ?? PULLS_PAGE_SIZE;
  const depPage = options.deploymentsPageSize ?? DEPLOYMENTS_PAGE_SIZE;
  const pullCost = estimateQueryCost(PULLS_QUERY, { first: pullsPage });
  const depCost = estimateQueryCost(DEPLOYMENTS_QUERY, { first: depPage });
  const historyCost = estimateQueryCost(HISTORY_QUERY, {});
  for (const { repo } of repos) {
    const { owner, name } = splitRepo(repo);
    const rule = options.rule(repo);
    const incremental = emptyCounts() as unknown as Record<GithubStream, boolean>;
    for (const stream of GITHUB_STREAMS) {
      // The merge fallback rides on the pulls stream and its cursor.
      const streamKey = stream !== "deployments" || rule.fallback === "deployments" ? stream : rule.fallback === "merge" ? "pulls" : `deployments:${rule.fallback}`;
      incremental[stream] = (await getSyncCursor(options.db, key(streamKey, repo))) !== null;
    }
    const since = new Date(committersStart(options, (options.now ?? Date.now)())).toISOString();
    const { data } = await options.client.graphql(REPO_INFO_QUERY, { owner, name, since }, repoInfoResult);
    const r = data.repository;
    const commits = r?.defaultBranchRef?.target?.history?.totalCount ?? 0;
    const pulls = r?.pullRequests.totalCount ?? null;
    const deps = r?.deployments.totalCount ?? null;
    const pullRequests = incremental.pulls ? 1 : Math.max(1, Math.ceil((pulls ?? 0) / pullsPage));
    const depRequests = rule.fallback !== "deployments" ? (rule.fallback === "release" ? 1 : 0) : incremental.deployments ? 1 : Math.max(1, Math.ceil((deps ?? 0) / depPage));
    const historyRequests = incremental.committers ? 1 : Math.max(1, Math.ceil(commits / HISTORY_PAGE_SIZE));
    // practices: one request of one point per repo, every sync.
    const practiceRequests = 1;
    plans.push({
      repo,
      deploymentSource: rule.fallback,
      incremental,
      mergedPulls: pulls,
      deployments: deps,
      estimatedGraphqlRequests: pullRequests + depRequests + historyRequests + practiceRequests,
      estimatedPoints: pullRequests * pullCost + depRequests * depCost + historyRequests * historyCost + practiceRequests * estimateQueryCost(PRACTICES_QUERY, {}),
    });
  }
  return {
    repos: plans,
    estimatedGraphqlRequests: plans.reduce((n, p) => n + p.estimatedGraphqlRequests, 0),
    estimatedPoints: plans.reduce((n, p) => n + p.estimatedPoints, 0),
    requestsMade: options.client.stats().requests,
  };
}
