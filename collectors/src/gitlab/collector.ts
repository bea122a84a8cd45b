/**
 * GitLab collection (gitlab.com or self-managed): for each project in scope, four incremental
 * streams, each with a cursor per (stream, project) written with its rows in one transaction
 * (contract.ts `writePage`), so a crash and a rerun leave no gaps and no duplicates.
 *
 * - merge_requests (GraphQL): merged merge requests by `updatedAfter`, oldest update first, with
 *   commits, notes (approvals, review comments), labels and changed paths in the same page.
 * - pipelines (GraphQL, REST for who retried): pipelines by `updatedAfter` with their jobs; each
 *   finished pipeline becomes one CI run per attempt. A running one is read again once GitLab
 *   updates it.
 * - deployments (REST): deployments by `updated_after`, oldest update first; a production one
 *   (the repo's pattern, or `tier: production`) gets the commits shipped since the previous
 *   successful production deployment of the same environment line (REST compare).
 * - incidents (REST, keyset pages): incident issues of the projects configured for them.
 */
import { environmentKey, getSyncCursor, type Db, type Deployment, type NormalizedRecord, type SyncKey } from "@opsledger/db";
import { z } from "zod";
import { chosenStreams, noProgress, patternOption, readCursor, RunLog, validateOptions, writePage, type CollectPlan, type CollectSummary, type Collector, type ProgressSink, type ProgressTask, type RunRequest } from "../contract.ts";
import {
  mergeRequestsResult,
  mrCommitsResult,
  mrNotesResult,
  pipelineJobsResult,
  pipelinesResult,
  restCompare,
  restDeployment,
  restEnvironment,
  restIncident,
  restJob,
  restProject,
  type JobNode,
  type MergeRequestNode,
  type MrCommit,
  type MrNote,
  type PipelineNode,
} from "./api-types.ts";
import type { GitlabClient, GitlabClientStats, GraphqlProblem, RestPage } from "./client.ts";
import { deploymentStatus, hasRetries, isProductionEnvironment, mapDeployment, mapIncidentIssue, mapMergeRequest, mapPipeline, needsMoreNotes, projectPathOf, repoOf, SOURCE } from "./mapper.ts";
import { MAX_FOLLOW_UP_PAGES, MERGED_MRS_QUERY, MR_COMMITS_QUERY, MR_NOTES_QUERY, MR_PAGE_SIZE, PIPELINE_JOBS_QUERY, PIPELINES_PAGE_SIZE, PIPELINES_QUERY } from "./queries.ts";

export type GitlabStream = "merge_requests" | "pipelines" | "deployments" | "incidents";
export const GITLAB_STREAMS: readonly GitlabStream[] = ["merge_requests", "pipelines", "deployments", "incidents"];

export interface GitlabProjectRule {
  /** Case-insensitive pattern of production environment names (GitLab's `tier: production` counts too). */
  production: string;
}

export interface GitlabCollectorOptions {
  db: Db;
  client: GitlabClient;
  /** Groups by full path: every non-archived project in them and their subgroups… */
  groups?: readonly string[];
  /** …whose path matches this pattern, case-insensitive. */
  projectPattern?: string | null;
  /** Projects named one by one (`gitlab:group/project`), added to the groups'. */
  projects?: readonly string[];
  /** Collect only these projects (a job, the CLI's --project), in or out of the configured scope. */
  only?: readonly string[] | null;
  /** Lower bound (epoch ms) for a first sync; later syncs continue from their cursors. */
  since?: number | null;
  rule: (repo: string) => GitlabProjectRule;
  /** Projects whose incident issues are incidents, and the service each is charged to. */
  incidents?: Readonly<Record<string, string>>;
  streams?: readonly GitlabStream[];
  now?: () => number;
  progress?: ProgressSink;
  log?: (line: string) => void;
  /** Page sizes (tests shrink them); GitLab's limit is 100. */
  mrPageSize?: number;
  pipelinesPageSize?: number;
  restPageSize?: number;
  /** Follow-up pages of commits, notes or jobs read per merge request or pipeline past the first 100. */
  maxFollowUpPages?: number;
}

export interface ProjectSummary {
  repo: string;
  written: Record<GitlabStream, number>;
  /** Production deployments whose shipped commits could not be listed (compare failed). */
  commitsUnknown: number;
}

export interface GitlabSyncSummary extends CollectSummary {
  projects: ProjectSummary[];
  written: Record<GitlabStream, number>;
  commitsUnknown: number;
  graphqlRequests: number;
  restRequests: number;
}

const emptyCounts = (): Record<GitlabStream, number> => ({ merge_requests: 0, pipelines: 0, deployments: 0, incidents: 0 });
const key = (stream: string, repo: string): SyncKey => ({ source: SOURCE, stream, scope: repo });
const within = (n: number | undefined, fallback: number) => (n === undefined || !Number.isFinite(n) ? fallback : Math.min(100, Math.max(1, Math.floor(n))));
const isoOf = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const enc = (path: string) => encodeURIComponent(path);

const mrCursor = z.object({
  watermark: z.string().nullable(),
  /** iids already written at exactly the watermark (GitLab's updatedAfter includes it). */
  atWatermark: z.array(z.string()),
  run: z.object({ floor: z.string().nullable(), after: z.string().nullable() }).nullable(),
});
const pipelinesCursor = z.object({
  watermark: z.string().nullable(),
  /** Pipelines already written at exactly the watermark (updatedAfter includes it): not read again when idle. */
  atWatermark: z.array(z.string()).default([]),
  run: z.object({ floor: z.string().nullable(), after: z.string().nullable(), top: z.string().nullable(), topIds: z.array(z.string()).default([]) }).nullable(),
});
const deploymentsCursor = z.object({
  watermark: z.string().nullable(),
  atWatermark: z.array(z.number()),
  /** Per environment line (`environmentKey`), the sha of the last successful production deployment. */
  lastProd: z.record(z.string(), z.string()),
  /** Environment name → tier, for GitLab versions whose deployment payloads do not carry it. */
  tiers: z.record(z.string(), z.string().nullable()),
});
const incidentsCursor = z.object({ watermark: z.string().nullable(), atWatermark: z.array(z.number()) });

interface ProjectContext {
  repo: string;
  path: string;
  rule: GitlabProjectRule;
  summary: ProjectSummary;
}

const pagination = (options: GitlabCollectorOptions) => ({
  mr: within(options.mrPageSize, MR_PAGE_SIZE),
  pipelines: within(options.pipelinesPageSize, PIPELINES_PAGE_SIZE),
  rest: within(options.restPageSize, 100),
  followUps: options.maxFollowUpPages ?? MAX_FOLLOW_UP_PAGES,
});

/** One collection: its options, clock and log, with one function per stream below. */
interface Sync {
  options: GitlabCollectorOptions;
  client: GitlabClient;
  db: Db;
  now: () => number;
  log: RunLog;
  pages: ReturnType<typeof pagination>;
  webUrl: string;
}

function problems(sync: Sync, ctx: ProjectContext, what: string, errors: GraphqlProblem[]): void {
  for (const e of errors) sync.log.warn(`${ctx.repo} ${what}: GitLab returned an error with partial data${e.path ? ` at ${e.path}` : ""}: ${e.message}`);
}

async function write(sync: Sync, ctx: ProjectContext, stream: GitlabStream, rows: NormalizedRecord[], cursor: unknown): Promise<number> {
  const kept = await writePage(sync.db, rows, { key: key(stream, ctx.repo), value: JSON.stringify(cursor) }, { log: sync.log, at: sync.now(), label: ctx.repo });
  const n = kept.filter((r) => r.kind !== "person").length;
  ctx.summary.written[stream] += n;
  sync.log.wrote(stream, n);
  return n;
}

/** A REST list from its first page through every `rel="next"` link (offset or keyset alike). */
async function* pagesFrom<S extends z.ZodType>(client: GitlabClient, first: RestPage<z.output<S>>, schema: S): AsyncGenerator<RestPage<z.output<S>>> {
  let page: RestPage<z.output<S>> | null = first;
  while (page !== null) {
    yield page;
    if (page.next === null) return;
    page = await client.rest(page.next, {}, schema);
  }
}

// ---- merge requests -----------------------------------------------------------------------------

async function followUp<T>(sync: Sync, ctx: ProjectContext, what: string, first: { hasNextPage: boolean; endCursor: string | null }, page: (after: string) => Promise<{ nodes: (T | null)[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null>): Promise<T[]> {
  const out: T[] = [];
  let info = first;
  for (let pages = 0; info.hasNextPage && info.endCursor !== null; pages++) {
    if (pages >= sync.pages.followUps) {
      sync.log.warn(`${ctx.repo} ${what}: more than ${sync.pages.followUps} follow-up pages; the rest were not read (budget)`);
      break;
    }
    const next = await page(info.endCursor);
    if (next === null) break;
    for (const n of next.nodes) if (n !== null) out.push(n);
    info = next.pageInfo;
  }
  return out;
}

async function moreCommits(sync: Sync, ctx: ProjectContext, mr: MergeRequestNode): Promise<MrCommit[]> {
  if (mr.commits === null) return [];
  return followUp(sync, ctx, `!${mr.iid} commits`, mr.commits.pageInfo, async (after) => {
    const { data, errors } = await sync.client.graphql(MR_COMMITS_QUERY, { fullPath: ctx.path, iid: mr.iid, after }, mrCommitsResult);
    problems(sync, ctx, `commits of !${mr.iid}`, errors);
    return data.project?.mergeRequest?.commits ?? null;
  });
}

async function moreNotes(sync: Sync, ctx: ProjectContext, mr: MergeRequestNode): Promise<MrNote[]> {
  if (!needsMoreNotes(mr)) return [];
  return followUp(sync, ctx, `!${mr.iid} notes`, mr.notes.pageInfo, async (after) => {
    const { data, errors } = await sync.client.graphql(MR_NOTES_QUERY, { fullPath: ctx.path, iid: mr.iid, after }, mrNotesResult);
    problems(sync, ctx, `notes of !${mr.iid}`, errors);
    return data.project?.mergeRequest?.notes ?? null;
  });
}

async function mergeRequests(sync: Sync, ctx: ProjectContext, task: ProgressTask): Promise<void> {
  const k = key("merge_requests", ctx.repo);
  const cur = readCursor(await getSyncCursor(sync.db, k), mrCursor) ?? { watermark: null, atWatermark: [], run: null };
  const run = cur.run ?? { floor: cur.watermark ?? isoOf(sync.options.since), after: null };
  let watermark = cur.watermark;
  let atWatermark = new Set(cur.atWatermark);
  // A merge request GitLab could not return keeps the watermark where it was, so the next sync reads it again.
  let frozen = false;
  for (;;) {
    const { data, errors } = await sync.client.graphql(MERGED_MRS_QUERY, { fullPath: ctx.path, first: sync.pages.mr, after: run.after, updatedAfter: run.floor }, mergeRequestsResult);
    if (data.project === null) throw new Error(`${ctx.repo}: project not found or not visible to the token`);
    problems(sync, ctx, "merge requests", errors);
    const conn = data.project.mergeRequests;
    if (conn === null) throw new Error(`${ctx.repo}: GitLab returned no merge requests connection`);
    if (run.after === null && conn.count !== undefined) task.total(conn.count);
    const rows: NormalizedRecord[] = [];
    for (const mr of conn.nodes) {
      task.advance();
      if (mr === null) {
        sync.log.skip("merge request GitLab could not return (GraphQL error; read again next sync)");
        frozen = true;
        continue;
      }
      if (mr.updatedAt === cur.watermark && cur.atWatermark.includes(mr.iid)) continue;
      const change = mapMergeRequest(ctx.repo, mr, { commits: await moreCommits(sync, ctx, mr), notes: await moreNotes(sync, ctx, mr) });
      if (change === null) sync.log.skip("merged merge request without a merge sha");
      else rows.push({ kind: "change", ...change });
      if (!frozen) {
        if (watermark === null || Date.parse(mr.updatedAt) > Date.parse(watermark)) {
          watermark = mr.updatedAt;
          atWatermark = new Set([mr.iid]);
        } else if (mr.updatedAt === watermark) atWatermark.add(mr.iid);
      }
    }
    const done = !conn.pageInfo.hasNextPage || conn.pageInfo.endCursor === null;
    run.after = conn.pageInfo.endCursor ?? run.after;
    await write(sync, ctx, "merge_requests", rows, { watermark, atWatermark: [...atWatermark], run: done ? null : run });
    if (done) break;
  }
  if (frozen) sync.log.warn(`${ctx.repo} merge requests: some could not be read; they are read again next sync`);
}

// ---- pipelines ----------------------------------------------------------------------------------

async function pipelineJobs(sync: Sync, ctx: ProjectContext, p: PipelineNode): Promise<JobNode[]> {
  const first = (p.jobs?.nodes ?? []).flatMap((j) => (j === null ? [] : [j]));
  if (p.jobs === null) return first;
  const more = await followUp(sync, ctx, `pipeline ${p.iid} jobs`, p.jobs.pageInfo, async (after) => {
    const { data, errors } = await sync.client.graphql(PIPELINE_JOBS_QUERY, { fullPath: ctx.path, iid: p.iid, after }, pipelineJobsResult);
    problems(sync, ctx, `jobs of pipeline ${p.iid}`, errors);
    return data.project?.pipeline?.jobs ?? null;
  });
  return [...first, ...more];
}

/** Who retried each job of a pipeline (GraphQL jobs name no user): one REST list of its jobs, retried ones included. */
async function retriers(sync: Sync, ctx: ProjectContext, pipelineId: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const first = await sync.client.rest(`/projects/${enc(ctx.path)}/pipelines/${pipelineId}/jobs`, { include_retried: true, per_page: sync.pages.rest }, z.array(restJob));
  if (first === null) return out;
  for await (const page of pagesFrom(sync.client, first, z.array(restJob))) for (const job of page.data) if (job.user !== null) out.set(job.id, job.user.username);
  return out;
}

async function pipelines(sync: Sync, ctx: ProjectContext, task: ProgressTask): Promise<void> {
  const k = key("pipelines", ctx.repo);
  const cur = readCursor(await getSyncCursor(sync.db, k), pipelinesCursor) ?? { watermark: null, atWatermark: [], run: null };
  const run = cur.run ?? { floor: cur.watermark ?? isoOf(sync.options.since), after: null, top: null, topIds: [] };
  for (;;) {
    const { data, errors } = await sync.client.graphql(PIPELINES_QUERY, { fullPath: ctx.path, first: sync.pages.pipelines, after: run.after, updatedAfter: run.floor }, pipelinesResult);
    if (data.project === null) throw new Error(`${ctx.repo}: project not found or not visible to the token`);
    problems(sync, ctx, "pipelines", errors);
    const conn = data.project.pipelines;
    if (conn === null) throw new Error(`${ctx.repo}: GitLab returned no pipelines connection (can the token read CI/CD?)`);
    if (run.after === null && conn.count !== undefined) task.total(conn.count);
    const rows: NormalizedRecord[] = [];
    for (const p of conn.nodes) {
      task.advance();
      if (p === null) {
        sync.log.skip("pipeline GitLab could not return (GraphQL error; read again when it is next updated)");
        continue;
      }
      if (p.updatedAt === cur.watermark && cur.atWatermark.includes(p.id)) continue;
      if (run.top === null || Date.parse(p.updatedAt) > Date.parse(run.top)) {
        run.top = p.updatedAt;
        run.topIds = [p.id];
      } else if (p.updatedAt === run.top) run.topIds.push(p.id);
      const jobs = await pipelineJobs(sync, ctx, p);
      const pipelineId = /(\d+)$/.exec(p.id)?.[1] ?? p.id;
      const who = hasRetries(jobs) ? await retriers(sync, ctx, pipelineId) : new Map<number, string>();
      for (const r of mapPipeline(ctx.repo, p, jobs, who, sync.webUrl)) rows.push({ kind: "ci_run", ...r });
    }
    const done = !conn.pageInfo.hasNextPage || conn.pageInfo.endCursor === null;
    run.after = conn.pageInfo.endCursor ?? run.after;
    const advanced = done && run.top !== null && (cur.watermark === null || Date.parse(run.top) >= Date.parse(cur.watermark));
    const next = advanced
      ? { watermark: run.top, atWatermark: run.top === cur.watermark ? [...new Set([...cur.atWatermark, ...run.topIds])] : run.topIds, run: null }
      : { watermark: cur.watermark, atWatermark: cur.atWatermark, run: done ? null : run };
    await write(sync, ctx, "pipelines", rows, next);
    if (done) break;
  }
}

// ---- deployments --------------------------------------------------------------------------------

/** Shas shipped between two deployments (REST compare), or null when GitLab cannot say. */
async function shipped(sync: Sync, ctx: ProjectContext, base: string, head: string): Promise<{ commits: string[] | null; behind: boolean }> {
  if (base === head) return { commits: [], behind: false };
  const res = await sync.client.rest(`/projects/${enc(ctx.path)}/repository/compare`, { from: base, to: head, straight: false }, restCompare);
  if (res === null) {
    ctx.summary.commitsUnknown++;
    sync.log.warn(`${ctx.repo}: cannot compare ${base.slice(0, 8)}...${head.slice(0, 8)} (a commit was deleted or force-pushed away); deployment of ${head.slice(0, 8)} has no commit list, so lead time falls back to time`);
    return { commits: null, behind: false };
  }
  if (res.data.compare_timeout === true) sync.log.warn(`${ctx.repo}: GitLab timed out comparing ${base.slice(0, 8)}...${head.slice(0, 8)}; the commit list may be incomplete`);
  const commits = res.data.commits.map((c) => c.id);
  // Nothing new between the two, yet another sha: the deployment went back to an older commit.
  return { commits, behind: commits.length === 0 };
}

async function environmentTiers(sync: Sync, ctx: ProjectContext): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  const first = await sync.client.rest(`/projects/${enc(ctx.path)}/environments`, { per_page: sync.pages.rest }, z.array(restEnvironment));
  if (first === null) return out;
  for await (const page of pagesFrom(sync.client, first, z.array(restEnvironment))) for (const e of page.data) out[e.name] = e.tier ?? null;
  return out;
}

async function deployments(sync: Sync, ctx: ProjectContext, task: ProgressTask): Promise<void> {
  const k = key("deployments", ctx.repo);
  const cur = readCursor(await getSyncCursor(sync.db, k), deploymentsCursor) ?? { watermark: null, atWatermark: [], lastProd: {}, tiers: {} };
  const lastProd = { ...cur.lastProd };
  let tiers = { ...cur.tiers };
  let tiersRead = false;
  let watermark = cur.watermark;
  let atWatermark = new Set(cur.atWatermark);
  const floor = cur.watermark ?? isoOf(sync.options.since);
  const query: Record<string, string | number> = { order_by: "updated_at", sort: "asc", per_page: sync.pages.rest };
  if (floor !== null) query.updated_after = floor;
  const warned = new Set<string>();
  const first = await sync.client.rest(`/projects/${enc(ctx.path)}/deployments`, query, z.array(restDeployment));
  if (first === null) throw new Error(`${ctx.repo}: project not found or not visible to the token`);
  if (first.total !== null) task.total(first.total);
  for await (const page of pagesFrom(sync.client, first, z.array(restDeployment))) {
    const rows: NormalizedRecord[] = [];
    for (const d of page.data) {
      task.advance();
      if (d.updated_at === cur.watermark && cur.atWatermark.includes(d.id)) continue;
      let tier = d.environment.tier ?? tiers[d.environment.name];
      if (tier === undefined && !tiersRead) {
        tiers = { ...tiers, ...(await environmentTiers(sync, ctx)) };
        tiersRead = true;
        tier = tiers[d.environment.name];
      }
      let dep: Deployment = mapDeployment(ctx.repo, d);
      const production = isProductionEnvironment(d.environment.name, tier, ctx.rule.production);
      if (production && !new RegExp(ctx.rule.production, "i").test(d.environment.name) && !warned.has(d.environment.name)) {
        warned.add(d.environment.name);
        sync.log.warn(
          `${ctx.repo}: environment "${d.environment.name}" has tier production but does not match the production pattern ${ctx.rule.production}; its commits are listed, and DORA counts it once production.repos."${ctx.repo}" names it`,
        );
      }
      const { final } = deploymentStatus(d.status);
      if (production && final && (dep.status === "success" || dep.status === "failure")) {
        const line = environmentKey(dep.environment);
        const prev = lastProd[line];
        if (dep.status === "success") lastProd[line] = dep.sha;
        if (prev !== undefined) {
          const { commits, behind } = await shipped(sync, ctx, prev, dep.sha);
          dep = dep.status === "success" ? { ...dep, commits, rollback: behind } : { ...dep, commits };
        }
      }
      rows.push({ kind: "deployment", ...dep });
      if (watermark === null || Date.parse(d.updated_at) > Date.parse(watermark)) {
        watermark = d.updated_at;
        atWatermark = new Set([d.id]);
      } else if (d.updated_at === watermark) atWatermark.add(d.id);
    }
    await write(sync, ctx, "deployments", rows, { watermark, atWatermark: [...atWatermark], lastProd, tiers });
  }
}

// ---- incidents ----------------------------------------------------------------------------------

async function incidents(sync: Sync, ctx: ProjectContext, task: ProgressTask, service: string): Promise<void> {
  const k = key("incidents", ctx.repo);
  const cur = readCursor(await getSyncCursor(sync.db, k), incidentsCursor) ?? { watermark: null, atWatermark: [] };
  let watermark = cur.watermark;
  let atWatermark = new Set(cur.atWatermark);
  const floor = cur.watermark ?? isoOf(sync.options.since);
  // Keyset pages (GitLab 18.3+ for project issues): the next link carries a cursor, not a page number.
  const query: Record<string, string | number> = { issue_type: "incident", order_by: "updated_at", sort: "asc", pagination: "keyset", per_page: sync.pages.rest };
  if (floor !== null) query.updated_after = floor;
  const first = await sync.client.rest(`/projects/${enc(ctx.path)}/issues`, query, z.array(restIncident));
  if (first === null) throw new Error(`${ctx.repo}: project not found or not visible to the token`);
  for await (const page of pagesFrom(sync.client, first, z.array(restIncident))) {
    const rows: NormalizedRecord[] = [];
    for (const issue of page.data) {
      task.advance();
      if (issue.updated_at === cur.watermark && cur.atWatermark.includes(issue.id)) continue;
      if (issue.issue_type !== undefined && issue.issue_type !== "incident") {
        sync.log.skip("issue that is not an incident (issue_type filter not applied by this GitLab)");
        continue;
      }
      rows.push({ kind: "incident", ...mapIncidentIssue(ctx.repo, issue, service) });
      if (watermark === null || Date.parse(issue.updated_at) > Date.parse(watermark)) {
        watermark = issue.updated_at;
        atWatermark = new Set([issue.id]);
      } else if (issue.updated_at === watermark) atWatermark.add(issue.id);
    }
    await write(sync, ctx, "incidents", rows, { watermark, atWatermark: [...atWatermark] });
  }
}

// ---- scope --------------------------------------------------------------------------------------

/** The projects in scope (`gitlab:<path>`): the groups' non-archived projects matching the pattern, plus named ones. */
export async function resolveProjects(options: Pick<GitlabCollectorOptions, "client" | "groups" | "projectPattern" | "projects" | "only" | "restPageSize">): Promise<string[]> {
  if (options.only && options.only.length > 0) return [...options.only];
  const out = new Set<string>();
  const pattern = options.projectPattern ? new RegExp(options.projectPattern, "i") : null;
  for (const group of options.groups ?? []) {
    const query = { include_subgroups: true, archived: false, order_by: "id", sort: "asc", per_page: within(options.restPageSize, 100) };
    const first = await options.client.rest(`/groups/${enc(group)}/projects`, query, z.array(restProject));
    if (first === null) throw new Error(`GitLab group "${group}" not found or not visible to the token`);
    for await (const page of pagesFrom(options.client, first, z.array(restProject))) {
      for (const p of page.data) {
        if (p.archived === true) continue;
        if (pattern === null || pattern.test(p.path_with_namespace)) out.add(repoOf(p.path_with_namespace));
      }
    }
  }
  for (const p of options.projects ?? []) out.add(p);
  return [...out];
}

const gitlabCounters = (stats: GitlabClientStats) => ({ requests: stats.requests, retries: stats.retries, rateLimitWaits: stats.rateLimitWaits, rateLimitWaitMs: stats.rateLimitWaitMs });

/**
 * Collect every stream of every project in scope. A failed stream is recorded in the summary
 * (`ok: false`) and the next one runs; what was written before it is kept with its cursor.
 */
export async function collectGitlab(options: GitlabCollectorOptions): Promise<GitlabSyncSummary> {
  const progress = options.progress ?? noProgress;
  const log = new RunLog(SOURCE, () => gitlabCounters(options.client.stats()), options.log ?? (() => {}));
  const sync: Sync = { options, client: options.client, db: options.db, now: options.now ?? Date.now, log, pages: pagination(options), webUrl: options.client.baseUrl };
  const streams = options.streams ?? GITLAB_STREAMS;
  let repos: string[] = [];
  try {
    repos = await resolveProjects(options);
  } catch (error) {
    // A group that cannot be listed (missing, or not visible to the token) fails the run, said in the summary.
    log.fail("projects", null, error);
  }
  if (repos.length === 0 && log.errors.length === 0) log.warn("no GitLab projects in scope: set sources.gitlab.groups or sources.gitlab.projects, or pass --project");
  const summaries: ProjectSummary[] = [];
  for (const repo of repos) {
    const path = projectPathOf(repo);
    if (path === null) {
      log.fail("projects", repo, new Error(`"${repo}" is not a GitLab project: use gitlab:group/project`));
      continue;
    }
    const summary: ProjectSummary = { repo, written: emptyCounts(), commitsUnknown: 0 };
    summaries.push(summary);
    const ctx: ProjectContext = { repo, path, rule: options.rule(repo), summary };
    for (const stream of streams) {
      const service = options.incidents?.[repo];
      if (stream === "incidents" && service === undefined) continue;
      const task = progress.task(`${repo} ${stream}`);
      const result = await log.stream(
        stream,
        repo,
        async () => {
          if (stream === "merge_requests") await mergeRequests(sync, ctx, task);
          else if (stream === "pipelines") await pipelines(sync, ctx, task);
          else if (stream === "deployments") await deployments(sync, ctx, task);
          else if (service !== undefined) await incidents(sync, ctx, task, service);
        },
        { contain: true },
      );
      task.done(result.status === "failed" ? `failed: ${result.error ?? ""}` : `${summary.written[stream]} written`);
    }
  }
  const written = emptyCounts();
  for (const s of summaries) for (const stream of GITLAB_STREAMS) written[stream] += s.written[stream];
  const stats = options.client.stats();
  return {
    ...log.summary(repos),
    projects: summaries,
    written,
    commitsUnknown: summaries.reduce((n, s) => n + s.commitsUnknown, 0),
    graphqlRequests: stats.graphqlRequests,
    restRequests: stats.restRequests,
  };
}

const PROJECT_COUNTS_QUERY = /* GraphQL */ `
  query ProjectCounts($fullPath: ID!) {
    project(fullPath: $fullPath) {
      mergeRequests(state: merged) { count }
      pipelines { count }
    }
  }
`;
const countsResult = z.object({
  project: z.object({ mergeRequests: z.object({ count: z.number() }).nullable(), pipelines: z.object({ count: z.number() }).nullable() }).nullable(),
});

/** `--dry-run`: what a sync would do and roughly what it would cost, from one cheap query per project. */
export async function planGitlab(options: GitlabCollectorOptions): Promise<CollectPlan> {
  const before = options.client.stats().requests;
  const repos = await resolveProjects(options);
  const pages = pagination(options);
  const streams = options.streams ?? GITLAB_STREAMS;
  const plans: CollectPlan["streams"] = [];
  for (const repo of repos) {
    const path = projectPathOf(repo);
    if (path === null) continue;
    const { data } = await options.client.graphql(PROJECT_COUNTS_QUERY, { fullPath: path }, countsResult);
    for (const stream of streams) {
      if (stream === "incidents" && options.incidents?.[repo] === undefined) continue;
      const incremental = (await getSyncCursor(options.db, key(stream, repo))) !== null;
      let estimate: number | null = null;
      if (stream === "merge_requests") estimate = incremental ? 1 : Math.max(1, Math.ceil((data.project?.mergeRequests?.count ?? 0) / pages.mr));
      if (stream === "pipelines") estimate = incremental ? 1 : Math.max(1, Math.ceil((data.project?.pipelines?.count ?? 0) / pages.pipelines));
      plans.push({ stream, scope: repo, incremental, estimatedRequests: estimate });
    }
  }
  const known = plans.filter((p) => p.estimatedRequests !== null);
  return {
    source: SOURCE,
    scopes: repos,
    streams: plans,
    estimatedRequests: known.reduce((n, p) => n + (p.estimatedRequests ?? 0), 0),
    requestsMade: options.client.stats().requests - before,
    notes: ["estimates count GraphQL pages of merge requests and pipelines; deployments, compares, retried pipelines' jobs and incidents are REST, one page per 100 and one compare per production deployment"],
  };
}

const projectRef = z.string().refine((s) => projectPathOf(s) !== null, 'must be "gitlab:group/project"');
const gitlabOptionsSchema = z.looseObject({
  groups: z.array(z.string().regex(/^[^\s]+$/, "must be a group path such as acme or acme/platform")).optional(),
  projectPattern: patternOption,
  projects: z.array(projectRef).optional(),
  only: z.array(projectRef).nullish(),
  incidents: z.record(projectRef, z.string().min(1)).optional(),
  since: z.number().finite().nullish(),
});

/** The GitLab collector behind the contract: `run({ scopes: ["gitlab:acme/api"] })` collects one project (a scheduler's job). */
export function gitlabCollector(options: GitlabCollectorOptions): Collector & { run(request?: RunRequest): Promise<GitlabSyncSummary> } {
  validateOptions(SOURCE, gitlabOptionsSchema, options);
  const narrowed = (request: RunRequest = {}): GitlabCollectorOptions => {
    const streams = chosenStreams(SOURCE, GITLAB_STREAMS, request.streams ?? options.streams);
    const scopes = request.scopes ?? null;
    if (scopes !== null) validateOptions(SOURCE, z.object({ scopes: z.array(projectRef) }), { scopes });
    return { ...options, streams, only: scopes !== null && scopes.length > 0 ? scopes : (options.only ?? null), progress: request.progress ?? options.progress };
  };
  return {
    source: SOURCE,
    streams: GITLAB_STREAMS,
    scopes: () => resolveProjects(options),
    plan: async (request) => planGitlab(narrowed(request)),
    run: async (request) => collectGitlab(narrowed(request)),
  };
}

/**
 * How far the pull has stored a project's records in full: merge requests updated up to
 * `mergeRequestsThrough`, deployments up to `deploymentsThrough`, pipelines up to `pipelinesThrough`
 * (epoch ms). A webhook about something at or before these must not replace the fuller record.
 */
export async function gitlabCollectedThrough(db: Parameters<typeof getSyncCursor>[0], repo: string): Promise<{ mergeRequestsThrough: number | null; deploymentsThrough: number | null; pipelinesThrough: number | null }> {
  const mrs = readCursor(await getSyncCursor(db, key("merge_requests", repo)), mrCursor);
  const deps = readCursor(await getSyncCursor(db, key("deployments", repo)), deploymentsCursor);
  const pipes = readCursor(await getSyncCursor(db, key("pipelines", repo)), pipelinesCursor);
  const at = (w: string | null | undefined) => (w ? Date.parse(w) : null);
  return { mergeRequestsThrough: at(mrs?.watermark), deploymentsThrough: at(deps?.watermark), pipelinesThrough: at(pipes?.watermark) };
}

