/**
 * A fake GitHub on loopback for tests: a real HTTP server (node:http, port 0) that executes
 * GraphQL queries against GitHub's public schema (@octokit/graphql-schema) over an in-memory
 * dataset, and serves the REST routes the collector uses with Link-header pagination. It behaves
 * the way GitHub does where the collector depends on it: cursor pagination with 1–100 node limits,
 * `rateLimit` and x-ratelimit-* headers, 401 without a token, and scripted faults (502, secondary
 * limits with retry-after, "Something went wrong", field errors with partial data).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { schema as githubSchema } from "@octokit/graphql-schema";
import {
  buildClientSchema,
  execute,
  GraphQLError,
  getNamedType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { estimateQueryCost } from "../queries.ts";
import type { FixtureDeployment, FixtureHistoryCommit, FixturePull, FixtureRelease } from "../fixtures.ts";
import type { WorkflowRunInput } from "../api-types.ts";

let cachedSchema: GraphQLSchema | null = null;
/** GitHub's schema from its introspection JSON (the SDL in 15.26.1 has a duplicate field). */
export function githubGraphqlSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(githubSchema.json as unknown as IntrospectionQuery);
  return cachedSchema;
}

type Run = WorkflowRunInput & Record<string, unknown>;

export interface FakeRepo {
  owner: string;
  name: string;
  isArchived: boolean;
  defaultBranch: string;
  pulls: FixturePull[];
  deployments: FixtureDeployment[];
  releases: FixtureRelease[];
  /** Default-branch history, oldest first; compare works over it, and a sha not in it is "deleted". */
  commits: FixtureHistoryCommit[];
  /** Latest attempt of each run. */
  runs: Run[];
  /** Earlier attempts by run id, attempt 1 first. */
  attempts: Record<number, Run[]>;
  /** Files at HEAD of the default branch, path → text; folders are implied by the paths. */
  files: Record<string, string>;
  isTemplate: boolean;
  /** The token's permission on the repo (GitHub's RepositoryPermission): only ADMIN sees branch protection rules. */
  viewerPermission: "ADMIN" | "MAINTAIN" | "WRITE" | "TRIAGE" | "READ";
  /** The default branch's branch protection rule, or none. */
  protection: { requiredStatusCheckContexts: string[]; requiredApprovingReviewCount: number | null } | null;
  /** Rules of rulesets that apply to the default branch. */
  rules: FakeRule[];
}

/** A RepositoryRule as GitHub's GraphQL API returns it (https://docs.github.com/en/graphql/reference/objects#repositoryrule). */
export type FakeRule =
  | { type: "REQUIRED_STATUS_CHECKS"; parameters: { requiredStatusChecks: { context: string; integrationId: number | null }[]; strictRequiredStatusChecksPolicy: boolean } }
  | { type: "PULL_REQUEST"; parameters: { requiredApprovingReviewCount: number; dismissStaleReviewsOnPush: boolean; requireCodeOwnerReview: boolean; requireLastPushApproval: boolean; requiredReviewThreadResolution: boolean } }
  | { type: "DELETION" | "NON_FAST_FORWARD"; parameters: null };

export type FaultKind = "bad-gateway" | "secondary-403" | "secondary-429" | "went-wrong" | "unavailable";

export interface Fault {
  /** Which requests: method, path and (for GraphQL) the operation name. */
  match: (r: { method: string; path: string; operation: string | null; variables: Record<string, unknown> }) => boolean;
  kind: FaultKind;
  /** How many matching requests fail; Infinity for a GitHub that stays down. */
  times: number;
  retryAfterSeconds?: number;
}

export interface FieldError {
  typeName: string;
  fieldName: string;
  when: (source: Record<string, unknown>) => boolean;
  message: string;
  type: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operation: string | null;
  status: number;
}

export interface FakeGithub {
  url: string;
  token: string;
  repos: Map<string, FakeRepo>;
  orgs: Map<string, string[]>;
  faults: Fault[];
  fieldErrors: FieldError[];
  /** GraphQL budget. With `jumpToReset`, answering RATE_LIMITED moves the reset to now (the client's scaled-down wait stands for the real one). */
  rateLimit: { limit: number; remaining: number; resetAt: number; jumpToReset?: boolean };
  /** REST core budget; it resets with the GraphQL one (`rateLimit.resetAt`). */
  restRateLimit: { limit: number; remaining: number };
  requests: RecordedRequest[];
  queries: { query: string; variables: Record<string, unknown> }[];
  addRepo(fullName: string, init?: Partial<Omit<FakeRepo, "owner" | "name">>): FakeRepo;
  resetRateLimit(): void;
  close(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString();

interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: T[];
  edges: { cursor: string; node: T }[];
}

/** GitHub-style cursor pagination with its 1–100 limits; cursors name the item, not an offset. */
function paginate<T>(items: readonly T[], args: Record<string, unknown>, field: string, keyOf: (item: T) => string): Connection<T> {
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  if (first === null && last === null) throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`);
  for (const [name, v] of [["first", first], ["last", last]] as const) {
    if (v !== null && (v < 0 || v > 100)) throw new GraphQLError(`Requesting ${v} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`);
  }
  let start = 0;
  let end = items.length;
  const find = (cursor: string) => {
    const key = unb64(cursor).replace(/^cursor:v2:/, "");
    const i = items.findIndex((item) => keyOf(item) === key);
    if (i < 0) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`);
    return i;
  };
  if (typeof args.after === "string") start = find(args.after) + 1;
  if (typeof args.before === "string") end = find(args.before);
  let slice = items.slice(start, end);
  if (first !== null) slice = slice.slice(0, first);
  else if (last !== null) slice = slice.slice(Math.max(0, slice.length - last));
  const sliceStart = items.indexOf(slice[0] as T);
  const cursor = (item: T) => b64(`cursor:v2:${keyOf(item)}`);
  const lastItem = slice.at(-1);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: lastItem !== undefined ? items.indexOf(lastItem) < end - 1 : false,
      hasPreviousPage: slice.length > 0 && sliceStart > 0,
      startCursor: slice[0] === undefined ? null : cursor(slice[0]),
      endCursor: lastItem === undefined ? null : cursor(lastItem),
    },
    nodes: slice,
    edges: slice.map((node) => ({ cursor: cursor(node), node })),
  };
}

const genericKey = (item: unknown): string => {
  const o = item as Record<string, unknown>;
  return String(o.id ?? o.oid ?? o.databaseId ?? o.name ?? o.createdAt ?? JSON.stringify(o));
};

function sortBy<T>(items: readonly T[], key: (t: T) => string | number, direction: unknown): T[] {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return direction === "DESC" ? sorted.reverse() : sorted;
}

const sortedPullsByRepo = new WeakMap<FakeRepo, Map<string, ReturnType<typeof graphqlPull>[]>>();

function graphqlRepo(repo: FakeRepo) {
  const sortedPulls = sortedPullsByRepo.get(repo) ?? new Map<string, ReturnType<typeof graphqlPull>[]>();
  sortedPullsByRepo.set(repo, sortedPulls);
  const history = () => [...repo.commits].reverse().map((c) => ({ __typename: "Commit", ...c }));
  return {
    __typename: "Repository",
    nameWithOwner: `${repo.owner}/${repo.name}`,
    isArchived: repo.isArchived,
    isTemplate: repo.isTemplate,
    viewerPermission: repo.viewerPermission,
    object: (args: Record<string, unknown>) => gitObject(repo, args.expression),
    defaultBranchRef: {
      name: repo.defaultBranch,
      // GitHub shows branch protection rules to admins only; others get null, not an error.
      branchProtectionRule:
        repo.protection === null || repo.viewerPermission !== "ADMIN"
          ? null
          : {
              requiresStatusChecks: repo.protection.requiredStatusCheckContexts.length > 0,
              requiredStatusCheckContexts: repo.protection.requiredStatusCheckContexts,
              requiresApprovingReviews: repo.protection.requiredApprovingReviewCount !== null,
              requiredApprovingReviewCount: repo.protection.requiredApprovingReviewCount,
            },
      rules: repo.rules.map((r, i) => ({
        __typename: "RepositoryRule",
        id: `RR_${i}`,
        type: r.type,
        parameters: r.parameters === null ? null : { __typename: r.type === "REQUIRED_STATUS_CHECKS" ? "RequiredStatusChecksParameters" : "PullRequestParameters", ...r.parameters },
      })),
      target: {
        __typename: "Commit",
        oid: repo.commits.at(-1)?.oid ?? "0".repeat(40),
        history: (args: Record<string, unknown>) => {
          const since = typeof args.since === "string" ? Date.parse(args.since) : -Infinity;
          return paginate(history().filter((c) => Date.parse(c.committedDate) >= since), args, "history", (c) => c.oid);
        },
      },
    },
    pullRequests: (args: Record<string, unknown>) => {
      const states = Array.isArray(args.states) ? (args.states as string[]) : null;
      const order = (args.orderBy ?? { field: "CREATED_AT", direction: "ASC" }) as { field: string; direction: string };
      // Sorting 10,000 PRs on every page would make the fake, not the collector, the slow part.
      const signature = `${JSON.stringify([states, order])}|${repo.pulls.map((p) => `${p.number}:${p.state}:${p.updatedAt}`).join(",")}`;
      let list = sortedPulls.get(signature);
      if (list === undefined) {
        const key = (p: { updatedAt: string; createdAt: string; number: number }) => (order.field === "UPDATED_AT" ? p.updatedAt : p.createdAt) + String(p.number).padStart(9, "0");
        list = sortBy(repo.pulls.filter((p) => states === null || states.includes(p.state)).map(graphqlPull), key, order.direction);
        sortedPulls.clear();
        sortedPulls.set(signature, list);
      }
      return paginate(list, args, "pullRequests", (p) => p.id);
    },
    pullRequest: (args: Record<string, unknown>) => {
      const p = repo.pulls.find((x) => x.number === args.number);
      return p ? graphqlPull(p) : null;
    },
    deployments: (args: Record<string, unknown>) => {
      const envs = Array.isArray(args.environments) ? (args.environments as string[]) : null;
      const order = (args.orderBy ?? { direction: "ASC" }) as { direction: string };
      const list = repo.deployments.filter((d) => envs === null || envs.includes(d.environment)).map(graphqlDeployment);
      return paginate(sortBy(list, (d) => d.createdAt + String(d.databaseId).padStart(12, "0"), order.direction), args, "deployments", (d) => d.id);
    },
    releases: (args: Record<string, unknown>) => {
      const order = (args.orderBy ?? { field: "CREATED_AT", direction: "DESC" }) as { direction: string };
      return paginate(sortBy(repo.releases, (r) => r.createdAt, order.direction), args, "releases", (r) => String(r.databaseId));
    },
  };
}

/**
 * `object(expression: "HEAD:path")` over the repo's files, shaped as GitHub's Tree, TreeEntry and
 * Blob objects (https://docs.github.com/en/graphql/reference/objects#tree, #treeentry, #blob):
 * entries sorted by name with `type` "tree" or "blob"; a path that does not exist is null, as on GitHub.
 */
function gitObject(repo: FakeRepo, expression: unknown): unknown {
  const m = /^(?:HEAD|[\w.-]+):(.*)$/.exec(String(expression));
  if (m === null) return null;
  const path = (m[1] ?? "").replace(/\/$/, "");
  const files = Object.entries(repo.files);
  if (Object.keys(repo.files).length === 0) return null;
  const text = repo.files[path];
  const oid = (s: string) => Buffer.from(s).toString("hex").slice(0, 40).padEnd(40, "0");
  if (text !== undefined) return { __typename: "Blob", oid: oid(path), text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false };
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "tree" | "blob">();
  for (const [p] of files) {
    if (!p.startsWith(prefix)) continue;
    const [first = "", ...rest] = p.slice(prefix.length).split("/");
    children.set(first, rest.length > 0 ? "tree" : "blob");
  }
  if (children.size === 0) return null;
  return {
    __typename: "Tree",
    oid: oid(prefix),
    entries: [...children.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, type]) => ({ __typename: "TreeEntry", name, type, path: `${prefix}${name}`, mode: type === "tree" ? 16384 : 33188, oid: oid(`${prefix}${name}`), object: gitObject(repo, `HEAD:${prefix}${name}`) })),
  };
}

function graphqlPull(p: FixturePull) {
  return {
    __typename: "PullRequest",
    ...p,
    reviews: (args: Record<string, unknown>) => {
      const states = Array.isArray(args.states) ? (args.states as string[]) : null;
      const list = p.reviews.filter((r) => states === null || states.includes(r.state)).map((r, i) => ({ ...r, id: `${p.id}-r${i}` }));
      return paginate(list, args, "reviews", (r) => r.id);
    },
  };
}

function graphqlDeployment(d: FixtureDeployment) {
  const newestFirst = [...d.statuses].reverse().map((s, i) => ({ __typename: "DeploymentStatus", id: `${d.id}-s${i}`, ...s }));
  return { __typename: "Deployment", ...d, statuses: newestFirst, latestStatus: newestFirst[0] ?? null };
}

const SECONDARY = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0C1E:3A7F:1B2C3D:4E5F6A.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};

export async function startFakeGithub(options: { token?: string } = {}): Promise<FakeGithub> {
  const schema = githubGraphqlSchema();
  const token = options.token ?? "ghp_fakeTokenForTests0000000000000000000";
  const validated = new Map<string, { document: DocumentNode; problems: readonly GraphQLError[] }>();
  const state: Omit<FakeGithub, "url" | "close" | "addRepo" | "resetRateLimit"> = {
    token,
    repos: new Map(),
    orgs: new Map(),
    faults: [],
    fieldErrors: [],
    rateLimit: { limit: 5000, remaining: 5000, resetAt: Date.now() + 3_600_000 },
    restRateLimit: { limit: 5000, remaining: 5000 },
    requests: [],
    queries: [],
  };

  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _ctx, info) => {
    const obj = source as Record<string, unknown>;
    for (const fe of state.fieldErrors) {
      if (fe.typeName === info.parentType.name && fe.fieldName === info.fieldName && fe.when(obj)) {
        throw new GraphQLError(fe.message, { extensions: { type: fe.type } });
      }
    }
    const value = obj[info.fieldName];
    if (typeof value === "function") return (value as (a: Record<string, unknown>) => unknown)(args as Record<string, unknown>);
    if (Array.isArray(value) && getNamedType(info.returnType).name.endsWith("Connection")) {
      return paginate(value, args as Record<string, unknown>, info.fieldName, genericKey);
    }
    return value;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json; charset=utf-8", ...headers });
    res.end(text);
  };

  const rateHeaders = (resource: string, remaining: number, limit: number) => ({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, remaining)),
    "x-ratelimit-used": String(limit - remaining),
    "x-ratelimit-reset": String(Math.ceil(state.rateLimit.resetAt / 1000)),
    "x-ratelimit-resource": resource,
    "x-github-request-id": "0C1E:3A7F:1B2C3D:4E5F6A",
  });

  function applyFault(res: http.ServerResponse, fault: Fault): void {
    const retryAfter = String(fault.retryAfterSeconds ?? 1);
    switch (fault.kind) {
      case "bad-gateway":
        return send(res, 502, "<html><body><h1>502 Bad Gateway</h1>Server got itself in trouble</body></html>");
      case "unavailable":
        return send(res, 503, { message: "Service Unavailable" });
      case "secondary-403":
        return send(res, 403, SECONDARY, { "retry-after": retryAfter });
      case "secondary-429":
        return send(res, 429, SECONDARY, { "retry-after": retryAfter });
      case "went-wrong":
        return send(res, 200, {
          data: null,
          errors: [{ message: "Something went wrong while executing your query. Please include `0C1E:3A7F:1B2C3D` when reporting this issue." }],
        });
    }
  }

  async function handleGraphql(body: string, res: http.ServerResponse, record: RecordedRequest): Promise<void> {
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      record.status = 400;
      return send(res, 400, { message: "Problems parsing JSON" });
    }
    const query = payload.query ?? "";
    const variables = payload.variables ?? {};
    state.queries.push({ query, variables });
    let document;
    let problems: readonly GraphQLError[];
    const cached = validated.get(query);
    if (cached) ({ document, problems } = cached);
    else {
      try {
        document = parse(query);
      } catch (error) {
        return send(res, 200, { errors: [{ message: (error as Error).message }] });
      }
      // Validation against GitHub's whole schema is the fake's slowest step; a query text validates the same every time.
      problems = validate(schema, document);
      validated.set(query, { document, problems });
    }
    if (problems.length > 0) return send(res, 200, { errors: problems.map((p) => ({ message: p.message, locations: p.locations })) });
    const cost = estimateQueryCost(query, variables);
    // Like GitHub, the budget refills once the reset time has passed.
    if (state.rateLimit.remaining < cost && Date.now() >= state.rateLimit.resetAt) {
      state.rateLimit.remaining = state.rateLimit.limit;
      state.rateLimit.resetAt = Date.now() + 3_600_000;
    }
    const headers = rateHeaders("graphql", state.rateLimit.remaining - cost, state.rateLimit.limit);
    if (state.rateLimit.remaining < cost) {
      send(res, 200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit already exceeded for user ID 1." }] }, { ...headers, "x-ratelimit-remaining": "0" });
      // A fake clock for tests: the client waits (scaled down) until the reset, so the reset has come.
      if (state.rateLimit.jumpToReset) state.rateLimit.resetAt = Date.now();
      return;
    }
    state.rateLimit.remaining -= cost;
    const root = {
      rateLimit: () => ({
        cost,
        limit: state.rateLimit.limit,
        remaining: state.rateLimit.remaining,
        used: state.rateLimit.limit - state.rateLimit.remaining,
        resetAt: new Date(state.rateLimit.resetAt).toISOString(),
        nodeCount: 0,
      }),
      repository: (args: Record<string, unknown>) => {
        const repo = state.repos.get(`${String(args.owner)}/${String(args.name)}`);
        if (!repo) throw new GraphQLError(`Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`, { extensions: { type: "NOT_FOUND" } });
        return graphqlRepo(repo);
      },
      organization: (args: Record<string, unknown>) => {
        const names = state.orgs.get(String(args.login));
        if (!names) throw new GraphQLError(`Could not resolve to an Organization with the login of '${String(args.login)}'.`, { extensions: { type: "NOT_FOUND" } });
        return {
          __typename: "Organization",
          repositories: (a: Record<string, unknown>) => {
            const list = names
              .map((n) => state.repos.get(n))
              .filter((r): r is FakeRepo => r !== undefined && (a.isArchived !== false || !r.isArchived))
              .map(graphqlRepo)
              .sort((x, y) => x.nameWithOwner.localeCompare(y.nameWithOwner));
            return paginate(list, a, "repositories", (r) => r.nameWithOwner);
          },
        };
      },
    };
    const result = await execute({ schema, document, rootValue: root, variableValues: variables, fieldResolver });
    const errors = result.errors?.map((e) => ({
      type: typeof e.extensions.type === "string" ? e.extensions.type : undefined,
      message: e.message,
      path: e.path,
      locations: e.locations,
    }));
    send(res, 200, errors ? { data: result.data ?? null, errors } : { data: result.data }, headers);
  }

  function handleRest(url: URL, res: http.ServerResponse, record: RecordedRequest, base: string): void {
    const budget = state.restRateLimit;
    if (budget.remaining <= 0 && Date.now() >= state.rateLimit.resetAt) budget.remaining = budget.limit;
    if (budget.remaining <= 0) {
      record.status = 403;
      return send(res, 403, { message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, rateHeaders("core", 0, budget.limit));
    }
    budget.remaining -= 1;
    const headers = rateHeaders("core", budget.remaining, budget.limit);
    const notFound = () => {
      record.status = 404;
      send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" }, headers);
    };
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repo = m ? state.repos.get(`${m[1]}/${m[2]}`) : undefined;
    if (!m || !repo) return notFound();
    const rest = m[3] ?? "";
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
    const paged = <T>(items: T[]) => {
      const lastPage = Math.max(1, Math.ceil(items.length / perPage));
      const link: string[] = [];
      const at = (n: number) => {
        const u = new URL(`${base}${url.pathname}${url.search}`);
        u.searchParams.set("page", String(n));
        u.searchParams.set("per_page", String(perPage));
        return u.toString();
      };
      if (page < lastPage) link.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
      if (page > 1) link.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
      return { items: items.slice((page - 1) * perPage, page * perPage), link: link.join(", ") };
    };
    const runsMatch = /^actions\/(?:workflows\/([^/]+)\/)?runs$/.exec(rest);
    if (runsMatch) {
      const workflow = runsMatch[1];
      const created = url.searchParams.get("created");
      const branch = url.searchParams.get("branch");
      const status = url.searchParams.get("status");
      let runs = [...repo.runs].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id));
      if (workflow) runs = runs.filter((r) => String(r.workflow_id) === workflow || (typeof r.path === "string" && r.path.endsWith(`/${workflow}`)));
      if (branch) runs = runs.filter((r) => r.head_branch === branch);
      if (status === "success" || status === "failure") runs = runs.filter((r) => r.conclusion === status);
      else if (status) runs = runs.filter((r) => r.status === status);
      if (created?.startsWith(">=")) runs = runs.filter((r) => Date.parse(r.created_at) >= Date.parse(created.slice(2)));
      const { items, link } = paged(runs);
      return send(res, 200, { total_count: runs.length, workflow_runs: items }, link ? { ...headers, link } : headers);
    }
    const attempt = /^actions\/runs\/(\d+)\/attempts\/(\d+)$/.exec(rest);
    if (attempt) {
      const run = (repo.attempts[Number(attempt[1])] ?? []).find((r) => r.run_attempt === Number(attempt[2]));
      return run ? send(res, 200, run, headers) : notFound();
    }
    const compare = /^compare\/(.+)\.\.\.(.+)$/.exec(rest);
    if (compare) {
      const baseIdx = repo.commits.findIndex((c) => c.oid === compare[1]);
      const headIdx = repo.commits.findIndex((c) => c.oid === compare[2]);
      if (baseIdx < 0 || headIdx < 0) {
        record.status = 404;
        return send(res, 404, { message: `No commit found for SHA: ${baseIdx < 0 ? compare[1] : compare[2]}`, documentation_url: "https://docs.github.com/rest/commits/commits#compare-two-commits", status: "404" }, headers);
      }
      const commits = repo.commits.slice(baseIdx + 1, headIdx + 1).map((c) => ({ sha: c.oid, commit: { message: `commit ${c.oid.slice(0, 7)}`, author: { date: c.committedDate } } }));
      const { items, link } = paged(commits);
      return send(
        res,
        200,
        { status: headIdx > baseIdx ? "ahead" : headIdx === baseIdx ? "identical" : "behind", ahead_by: commits.length, behind_by: 0, total_commits: commits.length, commits: items, files: [] },
        link ? { ...headers, link } : headers,
      );
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
      let variables: Record<string, unknown> = {};
      if (url.pathname === "/graphql") {
        try {
          const p = JSON.parse(body) as { query?: string; variables?: Record<string, unknown> };
          operation = /(?:query|mutation)\s+(\w+)/.exec(p.query ?? "")?.[1] ?? null;
          variables = p.variables ?? {};
        } catch {
          operation = null;
        }
      }
      const record: RecordedRequest = { method, path: `${url.pathname}${url.search}`, operation, status: 200 };
      state.requests.push(record);
      const auth = req.headers.authorization ?? "";
      if (auth !== `token ${token}` && auth !== `bearer ${token}` && auth !== `Bearer ${token}`) {
        record.status = 401;
        return send(res, 401, { message: auth ? "Bad credentials" : "Requires authentication", documentation_url: "https://docs.github.com/rest", status: "401" });
      }
      const fault = state.faults.find((f) => f.times > 0 && f.match({ method, path: url.pathname, operation, variables }));
      if (fault) {
        fault.times--;
        record.status = -1;
        applyFault(res, fault);
        return;
      }
      const base = `http://${req.headers.host ?? "127.0.0.1"}`;
      if (url.pathname === "/graphql" && method === "POST") {
        handleGraphql(body, res, record).catch((error: unknown) => send(res, 500, { message: String(error) }));
        return;
      }
      if (method === "GET") return handleRest(url, res, record, base);
      record.status = 404;
      send(res, 404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    addRepo(fullName: string, init: Partial<Omit<FakeRepo, "owner" | "name">> = {}): FakeRepo {
      const [owner = "", name = ""] = fullName.split("/");
      const repo: FakeRepo = { owner, name, isArchived: false, defaultBranch: "main", pulls: [], deployments: [], releases: [], commits: [], runs: [], attempts: {}, files: {}, isTemplate: false, viewerPermission: "ADMIN", protection: null, rules: [], ...init };
      state.repos.set(fullName, repo);
      return repo;
    },
    resetRateLimit() {
      state.restRateLimit.remaining = state.restRateLimit.limit;
      state.rateLimit.remaining = state.rateLimit.limit;
      state.rateLimit.resetAt = Date.now() + 3_600_000;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
