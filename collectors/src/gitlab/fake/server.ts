/**
 * A fake GitLab on loopback for tests: a real HTTP server (node:http, port 0) that serves
 * `POST /api/graphql` — queries validated and executed against the schema of GitLab's GraphQL
 * reference in fake/schema.ts — and the REST routes of `/api/v4` the collector reads, over an
 * in-memory dataset (fixtures.ts). It behaves as GitLab does where the collector depends on it:
 *
 * - REST offset pagination with `Link` (`rel="next"`, `rel="last"`), `x-page`, `x-next-page`,
 *   `x-per-page`, `x-total`, `x-total-pages`, and keyset pagination (`pagination=keyset`) whose
 *   next link carries a `cursor`, as in doc/api/rest/_index.md ("Pagination");
 * - GraphQL connections with `first`/`after`, `pageInfo` and `count`, at most 100 nodes a page;
 * - `RateLimit-Limit`, `RateLimit-Observed`, `RateLimit-Remaining`, `RateLimit-Reset` and
 *   `RateLimit-ResetTime` on every response, and past the budget a 429 "Retry later" with
 *   `Retry-After`, as GitLab.com's rate limits are documented (doc/user/gitlab_com: "Rate limits
 *   on GitLab.com", doc/security/rate_limits.md "Response headers");
 * - 401 `{"message":"401 Unauthorized"}` without a valid token and 404 `{"message":"404 Project
 *   Not Found"}` for an unknown project (doc/api/rest/troubleshooting.md, "Status codes");
 * - scripted faults: 429 with Retry-After, 500/502/503, a dropped connection.
 *
 * Each REST payload cites the example in GitLab's API documentation it follows.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execute, getNamedType, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver } from "graphql";
import type { FixtureDeployment, FixtureEnvironment, FixtureIssue, FixtureJob, FixtureMergeRequest, FixturePipeline, FixtureUser } from "../fixtures.ts";
import { gitlabGraphqlSchema } from "./schema.ts";

export interface FakeProject {
  id: number;
  path: string;
  archived: boolean;
  defaultBranch: string;
  mergeRequests: FixtureMergeRequest[];
  pipelines: FixturePipeline[];
  deployments: FixtureDeployment[];
  environments: FixtureEnvironment[];
  /** Default-branch history, oldest first: compare walks it; a sha not in it is unknown (404). */
  commits: string[];
  issues: FixtureIssue[];
}

export interface FakeFault {
  /** Which requests: method, path (under /api/v4, or /api/graphql) and the GraphQL operation name. */
  match: (r: { method: string; path: string; operation: string | null }) => boolean;
  kind: 429 | 500 | 502 | 503 | "drop";
  times: number;
  retryAfterSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operation: string | null;
  status: number;
}

export interface FakeGitlab {
  url: string;
  token: string;
  projects: Map<string, FakeProject>;
  groups: Map<string, string[]>;
  faults: FakeFault[];
  /** Requests a minute GitLab grants; past it, 429 until `resetAt`. */
  rateLimit: { limit: number; remaining: number; resetAt: number };
  requests: RecordedRequest[];
  queries: { query: string; variables: Record<string, unknown> }[];
  addProject(path: string, init?: Partial<Omit<FakeProject, "path">>): FakeProject;
  close(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url").toString();
const upper = (s: string) => s.toUpperCase();
const gid = (type: string, id: number | string) => `gid://gitlab/${type}/${id}`;

/** GraphQL connection paging as GitLab does it: opaque cursors, `first` at most 100, `count` of all. */
function connection<T>(items: readonly T[], args: Record<string, unknown>, field: string, keyOf: (t: T) => string) {
  const first = typeof args.first === "number" ? args.first : 100;
  if (first < 0 || first > 100) throw new GraphQLError(`\`first\` on ${field} must be at most 100 (GitLab's maximum page size)`);
  let start = 0;
  if (typeof args.after === "string") {
    const wanted = unb64(args.after);
    const i = items.findIndex((t) => keyOf(t) === wanted);
    if (i < 0) throw new GraphQLError(`Invalid cursor for ${field}`);
    start = i + 1;
  }
  const nodes = items.slice(start, start + first);
  const last = nodes.at(-1);
  return {
    count: items.length,
    pageInfo: {
      hasNextPage: start + nodes.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes[0] === undefined ? null : b64(keyOf(nodes[0])),
      endCursor: last === undefined ? null : b64(keyOf(last)),
    },
    nodes,
  };
}

const userNode = (u: FixtureUser | null) =>
  u === null ? null : { id: gid("User", u.id), username: u.username, name: u.name, bot: u.bot, state: "active", webUrl: `https://gitlab.example.com/${u.username}` };

/** REST's basic user object, as in doc/api/deployments.md and doc/api/jobs.md examples (`user`). */
const restUserOf = (u: FixtureUser | null, base: string) =>
  u === null ? null : { id: u.id, username: u.username, name: u.name, state: "active", locked: false, avatar_url: `${base}/uploads/-/system/user/avatar/${u.id}/avatar.png`, web_url: `${base}/${u.username}`, bot: u.bot };

function graphqlMergeRequest(p: FakeProject, mr: FixtureMergeRequest, base: string) {
  return {
    id: gid("MergeRequest", p.id * 10_000 + mr.iid),
    iid: String(mr.iid),
    title: mr.title,
    description: null,
    state: mr.state,
    draft: mr.draft,
    createdAt: mr.createdAt,
    updatedAt: mr.updatedAt,
    mergedAt: mr.mergedAt,
    mergeCommitSha: mr.mergeCommitSha,
    squashCommitSha: mr.squashCommitSha,
    diffHeadSha: mr.diffHeadSha,
    sourceBranch: mr.sourceBranch,
    targetBranch: mr.targetBranch,
    webUrl: `${base}/${p.path}/-/merge_requests/${mr.iid}`,
    author: userNode(mr.author),
    mergeUser: userNode(mr.mergeUser),
    labels: (a: Record<string, unknown>) => connection(mr.labels.map((title, i) => ({ id: gid("ProjectLabel", i + 1), title, color: "#dc143c" })), a, "labels", (l) => l.title),
    approvedBy: (a: Record<string, unknown>) => connection(mr.approvedBy.map(userNode), a, "approvedBy", (u) => u?.username ?? ""),
    diffStatsSummary: {
      additions: mr.files.reduce((n, f) => n + f.additions, 0),
      deletions: mr.files.reduce((n, f) => n + f.deletions, 0),
      changes: mr.files.reduce((n, f) => n + f.additions + f.deletions, 0),
      fileCount: mr.files.length,
    },
    diffStats: (a: Record<string, unknown>) => mr.files.filter((f) => typeof a.path !== "string" || f.path === a.path),
    // GitLab lists a merge request's commits newest first.
    commits: (a: Record<string, unknown>) =>
      connection(
        [...mr.commits].reverse().map((c) => ({ id: gid("Commit", c.sha), sha: c.sha, shortId: c.sha.slice(0, 8), title: `commit ${c.sha.slice(0, 8)}`, authorName: mr.author?.name ?? "Ghost User", authoredDate: c.authoredDate, committedDate: c.committedDate })),
        a,
        "commits",
        (c) => c.sha,
      ),
    commitsWithoutMergeCommits: (a: Record<string, unknown>) => connection(mr.commits.map((c) => ({ id: gid("Commit", c.sha), sha: c.sha, shortId: c.sha.slice(0, 8), title: null, authorName: null, authoredDate: c.authoredDate, committedDate: c.committedDate })), a, "commits", (c) => c.sha),
    // Notes oldest first, system notes (approvals, "added 1 commit") included.
    notes: (a: Record<string, unknown>) =>
      connection(
        mr.notes.map((n, i) => ({ id: gid("Note", mr.iid * 1000 + i), body: n.body, system: n.system, internal: false, createdAt: n.createdAt, updatedAt: n.createdAt, author: userNode(n.author) })),
        a,
        "notes",
        (n) => n.id,
      ),
  };
}

function graphqlJob(j: FixtureJob) {
  return {
    id: gid("Ci::Build", j.id),
    name: j.name,
    status: upper(j.status),
    retried: j.retried,
    retryable: !j.retried && ["failed", "success", "canceled"].includes(j.status),
    allowFailure: j.allowFailure,
    manualJob: j.status === "manual",
    createdAt: j.createdAt,
    queuedAt: j.queuedAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    duration: j.startedAt && j.finishedAt ? Math.round((Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000) : null,
  };
}

function graphqlPipeline(p: FakeProject, pl: FixturePipeline) {
  return {
    id: gid("Ci::Pipeline", pl.id),
    iid: String(pl.iid),
    sha: pl.sha,
    beforeSha: null,
    ref: pl.ref,
    status: upper(pl.status),
    source: pl.source,
    name: pl.name,
    path: `/${p.path}/-/pipelines/${pl.id}`,
    createdAt: pl.createdAt,
    updatedAt: pl.updatedAt,
    startedAt: pl.startedAt,
    finishedAt: pl.finishedAt,
    committedAt: pl.createdAt,
    duration: pl.startedAt && pl.finishedAt ? Math.round((Date.parse(pl.finishedAt) - Date.parse(pl.startedAt)) / 1000) : null,
    queuedDuration: pl.startedAt ? (Date.parse(pl.startedAt) - Date.parse(pl.createdAt)) / 1000 : null,
    retryable: pl.status === "failed",
    user: userNode(pl.user),
    jobs: (a: Record<string, unknown>) => {
      let list = [...pl.jobs].sort((x, y) => x.id - y.id);
      if (a.retried === true) list = list.filter((j) => j.retried);
      if (a.retried === false) list = list.filter((j) => !j.retried);
      return connection(list.map(graphqlJob), a, "jobs", (j) => j.id);
    },
  };
}

/** `updatedAfter` / `updated_after` includes the instant itself, as GitLab's finders compare `>=`. */
const after = (at: string, floor: unknown) => typeof floor !== "string" || Date.parse(at) >= Date.parse(floor);

export async function startFakeGitlab(options: { token?: string } = {}): Promise<FakeGitlab> {
  const schema = gitlabGraphqlSchema();
  const token = options.token ?? "glpat-fakeTokenForTests000";
  const parsedQueries = new Map<string, { document: DocumentNode; problems: readonly GraphQLError[] }>();
  const state: Omit<FakeGitlab, "url" | "close" | "addProject"> = {
    token,
    projects: new Map(),
    groups: new Map(),
    faults: [],
    rateLimit: { limit: 2000, remaining: 2000, resetAt: Date.now() + 60_000 },
    requests: [],
    queries: [],
  };
  let base = "http://127.0.0.1";

  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _ctx, info) => {
    const value = (source as Record<string, unknown>)[info.fieldName];
    if (typeof value === "function") return (value as (a: Record<string, unknown>) => unknown)(args as Record<string, unknown>);
    if (Array.isArray(value) && getNamedType(info.returnType).name.endsWith("Connection")) return connection(value, args as Record<string, unknown>, info.fieldName, (x) => JSON.stringify(x));
    return value;
  };

  function graphqlProject(p: FakeProject) {
    return {
      id: gid("Project", p.id),
      fullPath: p.path,
      name: p.path.split("/").at(-1) ?? p.path,
      archived: p.archived,
      webUrl: `${base}/${p.path}`,
      mergeRequests: (a: Record<string, unknown>) => {
        let list = p.mergeRequests.filter((mr) => (a.state === undefined || a.state === "all" ? true : mr.state === a.state) && after(mr.updatedAt, a.updatedAfter));
        const sort = typeof a.sort === "string" ? a.sort : "CREATED_DESC";
        const field = sort.startsWith("UPDATED") ? "updatedAt" : sort.startsWith("MERGED") ? "mergedAt" : "createdAt";
        list = [...list].sort((x, y) => (x[field] ?? "").localeCompare(y[field] ?? "") || x.iid - y.iid);
        if (sort.endsWith("DESC")) list.reverse();
        return connection(list.map((mr) => graphqlMergeRequest(p, mr, base)), a, "mergeRequests", (mr) => mr.iid);
      },
      mergeRequest: (a: Record<string, unknown>) => {
        const mr = p.mergeRequests.find((m) => String(m.iid) === a.iid);
        return mr === undefined ? null : graphqlMergeRequest(p, mr, base);
      },
      // Newest first (by id), as Project.pipelines lists them.
      pipelines: (a: Record<string, unknown>) => {
        const list = p.pipelines.filter((pl) => after(pl.updatedAt, a.updatedAfter) && (typeof a.ref !== "string" || pl.ref === a.ref)).sort((x, y) => y.id - x.id);
        return connection(list.map((pl) => graphqlPipeline(p, pl)), a, "pipelines", (pl) => pl.id);
      },
      pipeline: (a: Record<string, unknown>) => {
        const pl = p.pipelines.find((x) => String(x.iid) === String(a.iid) || x.sha === a.sha);
        return pl === undefined ? null : graphqlPipeline(p, pl);
      },
    };
  }

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...rateHeaders(), ...headers });
    res.end(text);
  };

  function rateHeaders(): Record<string, string> {
    const rl = state.rateLimit;
    const reset = Math.ceil(rl.resetAt / 1000);
    return {
      "ratelimit-name": "throttle_authenticated_api",
      "ratelimit-limit": String(rl.limit),
      "ratelimit-observed": String(rl.limit - Math.max(0, rl.remaining)),
      "ratelimit-remaining": String(Math.max(0, rl.remaining)),
      "ratelimit-reset": String(reset),
      "ratelimit-resettime": new Date(reset * 1000).toUTCString(),
    };
  }

  function tooMany(res: http.ServerResponse, record: RecordedRequest, retryAfter: number): void {
    record.status = 429;
    send(res, 429, "Retry later\n", { "retry-after": String(retryAfter), "ratelimit-remaining": "0" });
  }

  async function handleGraphql(body: string, res: http.ServerResponse): Promise<void> {
    let payload: { query?: string; variables?: Record<string, unknown> };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      return send(res, 400, { errors: [{ message: "Invalid JSON" }] });
    }
    const query = payload.query ?? "";
    const variables = payload.variables ?? {};
    state.queries.push({ query, variables });
    let entry = parsedQueries.get(query);
    if (entry === undefined) {
      let document: DocumentNode;
      try {
        document = parse(query);
      } catch (error) {
        return send(res, 200, { errors: [{ message: (error as Error).message }] });
      }
      entry = { document, problems: validate(schema, document) };
      parsedQueries.set(query, entry);
    }
    if (entry.problems.length > 0) return send(res, 200, { errors: entry.problems.map((p) => ({ message: p.message, locations: p.locations })) });
    const root = {
      project: (a: Record<string, unknown>) => {
        const p = state.projects.get(String(a.fullPath));
        // GitLab answers null (no error) for a project that does not exist or the token cannot see.
        return p === undefined ? null : graphqlProject(p);
      },
      currentUser: () => null,
    };
    const result = await execute({ schema, document: entry.document, rootValue: root, variableValues: variables, fieldResolver });
    const errors = result.errors?.map((e) => ({ message: e.message, locations: e.locations, path: e.path }));
    send(res, 200, errors ? { data: result.data ?? null, errors } : { data: result.data });
  }

  function handleRest(url: URL, res: http.ServerResponse, record: RecordedRequest): void {
    const notFound = (what = "404 Not found") => {
      record.status = 404;
      send(res, 404, { message: what });
    };
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 20)));
    /** Offset pages as in doc/api/rest/_index.md "Offset-based pagination" (headers and Link). */
    const offsetPage = <T>(items: T[]) => {
      const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
      const totalPages = Math.max(1, Math.ceil(items.length / perPage));
      const at = (n: number) => {
        const u = new URL(`${base}${url.pathname}${url.search}`);
        u.searchParams.set("page", String(n));
        u.searchParams.set("per_page", String(perPage));
        return u.toString();
      };
      const links: string[] = [];
      if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`);
      if (page < totalPages) links.push(`<${at(page + 1)}>; rel="next"`);
      links.push(`<${at(1)}>; rel="first"`, `<${at(totalPages)}>; rel="last"`);
      const headers: Record<string, string> = {
        link: links.join(", "),
        "x-page": String(page),
        "x-per-page": String(perPage),
        "x-next-page": page < totalPages ? String(page + 1) : "",
        "x-prev-page": page > 1 ? String(page - 1) : "",
        "x-total": String(items.length),
        "x-total-pages": String(totalPages),
      };
      return { items: items.slice((page - 1) * perPage, page * perPage), headers };
    };
    /** Keyset pages as in doc/api/rest/_index.md "Keyset-based pagination": a `cursor` in the next link, no totals. */
    const keysetPage = <T>(items: T[], keyOf: (t: T) => string) => {
      const cursor = url.searchParams.get("cursor");
      const start = cursor === null ? 0 : items.findIndex((t) => keyOf(t) === unb64(cursor)) + 1;
      const slice = items.slice(start, start + perPage);
      const last = slice.at(-1);
      const headers: Record<string, string> = {};
      if (last !== undefined && start + slice.length < items.length) {
        const u = new URL(`${base}${url.pathname}${url.search}`);
        u.searchParams.set("cursor", b64(keyOf(last)));
        headers.link = `<${u.toString()}>; rel="next"`;
      }
      return { items: slice, headers };
    };

    const groupMatch = /^\/api\/v4\/groups\/([^/]+)\/projects$/.exec(url.pathname);
    if (groupMatch) {
      const names = state.groups.get(decodeURIComponent(groupMatch[1] ?? ""));
      if (names === undefined) return notFound("404 Group Not Found");
      const archived = url.searchParams.get("archived");
      const list = names
        .map((n) => state.projects.get(n))
        .filter((p): p is FakeProject => p !== undefined && (archived !== "false" || !p.archived))
        .sort((x, y) => x.id - y.id)
        // After doc/api/groups.md "List projects" (a group's projects), the fields we read and a few beside them.
        .map((p) => ({ id: p.id, name: p.path.split("/").at(-1), path: p.path.split("/").at(-1), path_with_namespace: p.path, archived: p.archived, default_branch: p.defaultBranch, visibility: "private", web_url: `${base}/${p.path}`, created_at: "2024-01-01T00:00:00.000Z" }));
      const { items, headers } = offsetPage(list);
      return send(res, 200, items, headers);
    }

    const m = /^\/api\/v4\/projects\/([^/]+)\/(.+)$/.exec(url.pathname);
    const project = m ? state.projects.get(decodeURIComponent(m[1] ?? "")) : undefined;
    if (!m || project === undefined) return notFound("404 Project Not Found");
    const rest = m[2] ?? "";

    if (rest === "environments") {
      // After doc/api/environments.md "List environments": id, name, slug, external_url, state, tier.
      const { items, headers } = offsetPage(project.environments.map((e) => ({ id: e.id, name: e.name, slug: e.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), external_url: null, state: "available", tier: e.tier, created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-01T00:00:00.000Z" })));
      return send(res, 200, items, headers);
    }

    if (rest === "deployments") {
      const orderBy = url.searchParams.get("order_by") ?? "id";
      const sortDir = url.searchParams.get("sort") ?? "asc";
      const updatedAfter = url.searchParams.get("updated_after");
      if (updatedAfter !== null && orderBy !== "updated_at") {
        record.status = 400;
        return send(res, 400, { message: "400 Bad request - `updated_at` filter and `updated_at` sorting must be paired" });
      }
      let list = project.deployments.filter((d) => updatedAfter === null || after(d.updatedAt, updatedAfter));
      list = [...list].sort((x, y) => (orderBy === "updated_at" ? x.updatedAt.localeCompare(y.updatedAt) : 0) || x.id - y.id);
      if (sortDir === "desc") list.reverse();
      const environments = new Map(project.environments.map((e) => [e.name, e]));
      // After doc/api/deployments.md "List project deployments": deployable (the job) with its
      // pipeline and user, environment, user; `deployable: null` as for a deployment created
      // through the API ("Create a deployment" example response).
      const payload = list.map((d) => ({
        id: d.id,
        iid: d.iid,
        ref: d.ref,
        sha: d.sha,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
        status: d.status,
        user: restUserOf(d.user, base),
        environment: { id: environments.get(d.environment)?.id ?? 1, name: d.environment, external_url: `https://${d.environment}.example.com` },
        deployable:
          d.deployable === null
            ? null
            : {
                id: d.deployable.id,
                status: d.deployable.status,
                stage: "deploy",
                name: `deploy-${d.environment}`,
                ref: d.ref,
                tag: false,
                coverage: null,
                created_at: d.createdAt,
                started_at: d.deployable.startedAt,
                finished_at: d.deployable.finishedAt,
                user: restUserOf(d.deployable.user, base),
                commit: { id: d.sha, short_id: d.sha.slice(0, 8), title: "Merge branch into main", author_name: "Ana", author_email: "ana@example.com", created_at: d.createdAt, message: "Merge branch into main" },
                pipeline: { id: d.deployable.pipelineId, iid: d.deployable.pipelineId, project_id: project.id, sha: d.sha, ref: d.ref, status: d.deployable.status, source: d.deployable.pipelineSource, created_at: d.createdAt, updated_at: d.updatedAt, web_url: `${base}/${project.path}/-/pipelines/${d.deployable.pipelineId}` },
                runner: null,
              },
      }));
      const { items, headers } = offsetPage(payload);
      return send(res, 200, items, headers);
    }

    if (rest === "repository/compare") {
      const from = url.searchParams.get("from") ?? "";
      const to = url.searchParams.get("to") ?? "";
      const fromIdx = project.commits.indexOf(from);
      const toIdx = project.commits.indexOf(to);
      if (fromIdx < 0 || toIdx < 0) return notFound("404 Ref Not Found");
      // straight=false: commits reachable from `to` and not from `from` (oldest first); none when `to` is older.
      const commits = project.commits.slice(fromIdx + 1, toIdx + 1);
      // After doc/api/repositories.md "Compare branches, tags or commits": commit, commits, diffs, compare_timeout, compare_same_ref, web_url.
      return send(res, 200, {
        commit: commits.length === 0 ? null : { id: commits.at(-1), short_id: commits.at(-1)?.slice(0, 8), title: "commit", author_name: "Ana", author_email: "ana@example.com", created_at: "2024-01-01T00:00:00.000Z" },
        commits: commits.map((c) => ({ id: c, short_id: c.slice(0, 8), title: `commit ${c.slice(0, 8)}`, author_name: "Ana", author_email: "ana@example.com", created_at: "2024-01-01T00:00:00.000Z" })),
        diffs: [],
        compare_timeout: false,
        compare_same_ref: from === to,
        web_url: `${base}/${project.path}/-/compare/${from}...${to}`,
      });
    }

    const jobsMatch = /^pipelines\/(\d+)\/jobs$/.exec(rest);
    if (jobsMatch) {
      const pl = project.pipelines.find((x) => x.id === Number(jobsMatch[1]));
      if (pl === undefined) return notFound("404 Not found");
      const includeRetried = url.searchParams.get("include_retried") === "true";
      const list = [...pl.jobs].filter((j) => includeRetried || !j.retried).sort((x, y) => y.id - x.id);
      // After doc/api/jobs.md "List pipeline jobs": id, name, stage, status, created/started/finished_at, user, pipeline.
      const payload = list.map((j) => ({
        id: j.id,
        name: j.name,
        stage: j.stage,
        status: j.status,
        ref: pl.ref,
        tag: false,
        allow_failure: j.allowFailure,
        created_at: j.createdAt,
        started_at: j.startedAt,
        finished_at: j.finishedAt,
        erased_at: null,
        duration: j.startedAt && j.finishedAt ? (Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000 : null,
        queued_duration: j.queuedAt && j.startedAt ? (Date.parse(j.startedAt) - Date.parse(j.queuedAt)) / 1000 : null,
        user: restUserOf(j.user, base),
        commit: { id: pl.sha, short_id: pl.sha.slice(0, 8) },
        pipeline: { id: pl.id, project_id: project.id, ref: pl.ref, sha: pl.sha, status: pl.status },
        web_url: `${base}/${project.path}/-/jobs/${j.id}`,
      }));
      const { items, headers } = offsetPage(payload);
      return send(res, 200, items, headers);
    }

    if (rest === "issues") {
      const type = url.searchParams.get("issue_type");
      const updatedAfter = url.searchParams.get("updated_after");
      const keyset = url.searchParams.get("pagination") === "keyset";
      if (keyset && (url.searchParams.get("order_by") === null || url.searchParams.get("sort") === null)) {
        record.status = 400;
        return send(res, 400, { error: "order_by and sort are required for keyset pagination" });
      }
      const list = project.issues
        .filter((i) => (type === null || i.issueType === type) && (updatedAfter === null || after(i.updatedAt, updatedAfter)))
        .sort((x, y) => x.updatedAt.localeCompare(y.updatedAt) || x.id - y.id);
      // After doc/api/issues.md "List project issues" (an incident: issue_type "incident", severity).
      const payload = list.map((i) => ({
        id: i.id,
        iid: i.iid,
        project_id: project.id,
        title: i.title,
        description: null,
        state: i.state,
        created_at: i.createdAt,
        updated_at: i.updatedAt,
        closed_at: i.closedAt,
        closed_by: i.closedAt === null ? null : restUserOf(i.author, base),
        labels: i.labels,
        author: restUserOf(i.author, base),
        type: i.issueType === "incident" ? "INCIDENT" : "ISSUE",
        issue_type: i.issueType,
        severity: i.severity,
        web_url: `${base}/${project.path}/-/issues/${i.iid}`,
      }));
      const { items, headers } = keyset ? keysetPage(payload, (i) => String(i.id)) : offsetPage(payload);
      return send(res, 200, items, headers);
    }
    notFound();
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = req.method ?? "GET";
      let operation: string | null = null;
      if (url.pathname === "/api/graphql") {
        try {
          operation = /(?:query|mutation)\s+(\w+)/.exec((JSON.parse(body) as { query?: string }).query ?? "")?.[1] ?? null;
        } catch {
          operation = null;
        }
      }
      const record: RecordedRequest = { method, path: `${url.pathname}${url.search}`, operation, status: 200 };
      state.requests.push(record);
      const auth = req.headers.authorization ?? "";
      const privateToken = req.headers["private-token"];
      if (privateToken !== token && auth !== `Bearer ${token}`) {
        record.status = 401;
        return send(res, 401, { message: "401 Unauthorized" });
      }
      const fault = state.faults.find((f) => f.times > 0 && f.match({ method, path: url.pathname, operation }));
      if (fault) {
        fault.times--;
        if (fault.kind === "drop") {
          record.status = -1;
          res.socket?.destroy();
          return;
        }
        if (fault.kind === 429) return tooMany(res, record, fault.retryAfterSeconds ?? 1);
        record.status = fault.kind;
        return send(res, fault.kind, fault.kind === 502 ? "<html><body><h1>502 Bad Gateway</h1></body></html>" : { message: fault.kind === 503 ? "503 Service Unavailable" : "500 Internal Server Error" });
      }
      // The budget refills once the reset has passed; past it, GitLab throttles with a 429.
      if (Date.now() >= state.rateLimit.resetAt) {
        state.rateLimit.remaining = state.rateLimit.limit;
        state.rateLimit.resetAt = Date.now() + 60_000;
      }
      if (state.rateLimit.remaining <= 0) return tooMany(res, record, Math.max(1, Math.ceil((state.rateLimit.resetAt - Date.now()) / 1000)));
      state.rateLimit.remaining--;
      if (url.pathname === "/api/graphql" && method === "POST") {
        handleGraphql(body, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
        return;
      }
      if (method === "GET" && url.pathname.startsWith("/api/v4/")) return handleRest(url, res, record);
      record.status = 404;
      send(res, 404, { message: "404 Not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  let nextProjectId = 1;
  return Object.assign(state, {
    url: base,
    addProject(path: string, init: Partial<Omit<FakeProject, "path">> = {}): FakeProject {
      const project: FakeProject = {
        id: nextProjectId++,
        path,
        archived: false,
        defaultBranch: "main",
        mergeRequests: [],
        pipelines: [],
        deployments: [],
        environments: [
          { id: 1, name: "production", tier: "production" },
          { id: 2, name: "staging", tier: "staging" },
        ],
        commits: [],
        issues: [],
        ...init,
      };
      state.projects.set(path, project);
      return project;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
