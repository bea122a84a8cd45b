/**
 * Every GraphQL document the GitHub collector sends. Each one asks for `rateLimit` so the client
 * can pace itself, and every connection asks for 1–100 nodes (GitHub refuses more, and an unbounded
 * connection is refused outright). `queries.test.ts` validates each against GitHub's public schema.
 */
import { Kind, parse, type SelectionSetNode, type ValueNode } from "graphql";

const RATE_LIMIT = "rateLimit { cost remaining resetAt }";
const PAGE_INFO = "pageInfo { hasNextPage endCursor }";
const ACTOR = "{ __typename login }";
const COMMIT = "commit { oid authoredDate committedDate }";
/** PENDING reviews are drafts nobody else can see; they never count as a first review. */
const SUBMITTED_REVIEW_STATES = "[APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED]";

/** Merged PRs per page: keeps a page's cost at 2 points and a full sync at ceil(N/50) requests. */
export const PULLS_PAGE_SIZE = 50;
export const REVIEWS_PER_PULL = 20;
export const COMMITS_PER_PULL = 100;
export const FILES_PER_PULL = 100;
/** Follow-up pages read per PR past the first: commits up to 100 × (1 + this), files likewise. */
export const MAX_COMMIT_PAGES_PER_PULL = 20;
export const MAX_FILE_PAGES_PER_PULL = 30;
export const LABELS_PER_PULL = 20;
export const DEPLOYMENTS_PAGE_SIZE = 50;
export const STATUSES_PER_DEPLOYMENT = 20;
export const RELEASES_PAGE_SIZE = 50;
export const HISTORY_PAGE_SIZE = 100;
export const REPOS_PAGE_SIZE = 100;

export const ORG_REPOS_QUERY = /* GraphQL */ `
query OrgRepositories($org: String!, $after: String) {
  ${RATE_LIMIT}
  organization(login: $org) {
    repositories(first: ${REPOS_PAGE_SIZE}, after: $after, isArchived: false, orderBy: { field: NAME, direction: ASC }) {
      ${PAGE_INFO}
      nodes { nameWithOwner isArchived defaultBranchRef { name } }
    }
  }
}`;

/** One cheap request per repo for `--dry-run`: the sizes the plan is estimated from. */
export const REPO_INFO_QUERY = /* GraphQL */ `
query RepositoryInfo($owner: String!, $name: String!, $since: GitTimestamp!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    nameWithOwner isArchived
    defaultBranchRef { name target { ... on Commit { history(first: 1, since: $since) { totalCount } } } }
    pullRequests(states: [MERGED], first: 1) { totalCount }
    deployments(first: 1) { totalCount }
    releases(first: 1) { totalCount }
  }
}`;

export const PULLS_QUERY = /* GraphQL */ `
query MergedPullRequests($owner: String!, $name: String!, $first: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name }
    pullRequests(states: [MERGED], orderBy: { field: UPDATED_AT, direction: DESC }, first: $first, after: $after) {
      totalCount
      ${PAGE_INFO}
      nodes {
        id number title url isDraft createdAt updatedAt mergedAt baseRefName additions deletions changedFiles
        author ${ACTOR}
        mergeCommit { oid }
        labels(first: ${LABELS_PER_PULL}) { nodes { name } }
        commits(first: ${COMMITS_PER_PULL}) { totalCount ${PAGE_INFO} nodes { ${COMMIT} } }
        files(first: ${FILES_PER_PULL}) { totalCount ${PAGE_INFO} nodes { path } }
        reviews(first: ${REVIEWS_PER_PULL}, states: ${SUBMITTED_REVIEW_STATES}) {
          totalCount
          ${PAGE_INFO}
          nodes { author ${ACTOR} state submittedAt }
        }
      }
    }
  }
}`;

/** Follow-up for a PR with more than 100 commits: every commit is a sha lead time may look up. */
export const PULL_COMMITS_QUERY = /* GraphQL */ `
query PullRequestCommits($owner: String!, $name: String!, $number: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      commits(first: ${COMMITS_PER_PULL}, after: $after) { ${PAGE_INFO} nodes { ${COMMIT} } }
    }
  }
}`;

/** Follow-up for a PR that changed more than 100 files (the ops-work ledger reads their paths). */
export const PULL_FILES_QUERY = /* GraphQL */ `
query PullRequestFiles($owner: String!, $name: String!, $number: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      files(first: ${FILES_PER_PULL}, after: $after) { ${PAGE_INFO} nodes { path } }
    }
  }
}`;

/** Follow-up for the rare PR whose first 20 submitted reviews are all by its author. */
export const PULL_REVIEWS_QUERY = /* GraphQL */ `
query PullRequestReviews($owner: String!, $name: String!, $number: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviews(first: 100, after: $after, states: ${SUBMITTED_REVIEW_STATES}) {
        ${PAGE_INFO}
        nodes { author ${ACTOR} state submittedAt }
      }
    }
  }
}`;

export const DEPLOYMENTS_QUERY = /* GraphQL */ `
query Deployments($owner: String!, $name: String!, $first: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    deployments(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      ${PAGE_INFO}
      edges {
        cursor
        node {
          id databaseId environment task description createdAt updatedAt commitOid state
          creator ${ACTOR}
          statuses(first: ${STATUSES_PER_DEPLOYMENT}) { totalCount nodes { state createdAt } }
          latestStatus { state createdAt }
        }
      }
    }
  }
}`;

export const RELEASES_QUERY = /* GraphQL */ `
query Releases($owner: String!, $name: String!, $first: Int!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    releases(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      ${PAGE_INFO}
      edges { cursor node { databaseId tagName url isDraft isPrerelease createdAt publishedAt tagCommit { oid } author { login } } }
    }
  }
}`;

export const HISTORY_QUERY = /* GraphQL */ `
query DefaultBranchHistory($owner: String!, $name: String!, $since: GitTimestamp!, $after: String) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    defaultBranchRef {
      target {
        ... on Commit {
          history(first: ${HISTORY_PAGE_SIZE}, since: $since, after: $after) {
            ${PAGE_INFO}
            nodes { oid committedDate author { email name user { login } } }
          }
        }
      }
    }
  }
}`;

/** Rulesets on the default branch read per repo (GitHub caps a branch's rules far below this). */
export const RULES_PER_BRANCH = 50;

/**
 * The maturity scorecard's repo facts (issue 16), one request per repo: the tree at HEAD two
 * levels deep (root entries and the entries of each root folder), the workflow files' text (for
 * policy and cost tools), branch protection and rulesets on the default branch, and the viewer's
 * permission (only an admin can read branch protection rules; rulesets are readable by anyone who
 * can read the repo). Trees and entries are lists, not connections: no paging, one point.
 * https://docs.github.com/en/graphql/reference/objects#tree, #treeentry, #blob, #ref,
 * #branchprotectionrule, #repositoryrule, #requiredstatuschecksparameters, #pullrequestparameters.
 */
export const PRACTICES_QUERY = /* GraphQL */ `
query RepositoryPractices($owner: String!, $name: String!) {
  ${RATE_LIMIT}
  repository(owner: $owner, name: $name) {
    nameWithOwner isTemplate viewerPermission
    defaultBranchRef {
      name
      branchProtectionRule { requiresStatusChecks requiredStatusCheckContexts requiresApprovingReviews requiredApprovingReviewCount }
      rules(first: ${RULES_PER_BRANCH}) {
        nodes {
          type
          parameters {
            __typename
            ... on RequiredStatusChecksParameters { requiredStatusChecks { context } }
            ... on PullRequestParameters { requiredApprovingReviewCount }
          }
        }
      }
    }
    root: object(expression: "HEAD:") {
      __typename
      ... on Tree { entries { name type object { __typename ... on Tree { entries { name type } } } } }
    }
    workflows: object(expression: "HEAD:.github/workflows") {
      __typename
      ... on Tree { entries { name type object { __typename ... on Blob { text isTruncated } } } }
    }
  }
}`;

/** Every query with realistic variables, for the schema test and the cost estimate. */
export const GITHUB_QUERIES: Record<string, { query: string; variables: Record<string, unknown> }> = {
  orgRepos: { query: ORG_REPOS_QUERY, variables: { org: "acme", after: null } },
  repoInfo: { query: REPO_INFO_QUERY, variables: { owner: "acme", name: "api", since: "2026-08-23T00:00:00Z" } },
  pulls: { query: PULLS_QUERY, variables: { owner: "acme", name: "api", first: PULLS_PAGE_SIZE, after: "Y3Vyc29yOnYyOpK5" } },
  pullReviews: { query: PULL_REVIEWS_QUERY, variables: { owner: "acme", name: "api", number: 42, after: null } },
  pullCommits: { query: PULL_COMMITS_QUERY, variables: { owner: "acme", name: "api", number: 42, after: "Y3Vyc29yOnYyOpK5" } },
  pullFiles: { query: PULL_FILES_QUERY, variables: { owner: "acme", name: "api", number: 42, after: "Y3Vyc29yOnYyOpK5" } },
  deployments: { query: DEPLOYMENTS_QUERY, variables: { owner: "acme", name: "api", first: DEPLOYMENTS_PAGE_SIZE, after: null } },
  releases: { query: RELEASES_QUERY, variables: { owner: "acme", name: "api", first: RELEASES_PAGE_SIZE, after: null } },
  history: { query: HISTORY_QUERY, variables: { owner: "acme", name: "api", since: "2026-08-23T00:00:00Z", after: null } },
  practices: { query: PRACTICES_QUERY, variables: { owner: "acme", name: "api" } },
};

export interface ConnectionUse {
  /** Field path from the operation root, e.g. `repository.pullRequests.nodes.reviews`. */
  path: string;
  first: number | null;
  last: number | null;
}

/** An integer argument as a query states it: a literal, or a variable's value; null otherwise. */
export function intValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | null {
  if (node === undefined) return null;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = variables[node.name.value];
    return typeof v === "number" ? v : null;
  }
  return null;
}

/**
 * The connections a query opens (fields taking `first`/`last`, plus any the caller names), with
 * their page sizes resolved from the variables.
 */
export function connectionsOf(query: string, variables: Record<string, unknown>, isConnection: (path: string, hasPaging: boolean) => boolean = (_p, h) => h): ConnectionUse[] {
  const out: ConnectionUse[] = [];
  const walk = (set: SelectionSetNode, prefix: string): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, prefix);
        continue;
      }
      if (sel.kind !== Kind.FIELD) continue;
      const path = prefix ? `${prefix}.${sel.name.value}` : sel.name.value;
      const arg = (name: string) => sel.arguments?.find((a) => a.name.value === name)?.value;
      const hasPaging = arg("first") !== undefined || arg("last") !== undefined;
      if (isConnection(path, hasPaging)) out.push({ path, first: intValue(arg("first"), variables), last: intValue(arg("last"), variables) });
      if (sel.selectionSet) walk(sel.selectionSet, path);
    }
  };
  for (const def of parse(query).definitions) if (def.kind === Kind.OPERATION_DEFINITION) walk(def.selectionSet, "");
  return out;
}

/**
 * GitHub's documented point cost: the number of requests needed to fill every connection, each
 * assumed full (a nested connection is asked once per parent node), divided by 100 and rounded,
 * at least 1.
 */
export function estimateQueryCost(query: string, variables: Record<string, unknown>): number {
  const connections = connectionsOf(query, variables);
  let requests = 0;
  for (const c of connections) {
    let multiplier = 1;
    for (const parent of connections) {
      if (parent !== c && c.path.startsWith(`${parent.path}.`)) multiplier *= parent.first ?? parent.last ?? 1;
    }
    requests += multiplier;
  }
  return Math.max(1, Math.round(requests / 100));
}
