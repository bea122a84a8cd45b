/**
 * Zod schemas of what GitHub sends back: GraphQL results for the queries in `queries.ts`, the
 * REST Actions and compare payloads, and webhook bodies. Every response is validated against
 * these before the mapper sees it; unknown fields are ignored (GitHub adds fields freely).
 * List items of GraphQL connections are nullable: a field error nulls the node, not the page.
 */
import { z } from "zod";

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 timestamp");

export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const rateLimit = z.object({ cost: z.number(), remaining: z.number(), resetAt: iso });
export type RateLimitInfo = z.output<typeof rateLimit>;

/** An Actor: a User, Bot, Mannequin, Organization or EnterpriseUserAccount; null for a deleted account. */
export const actor = z.object({ __typename: z.string(), login: z.string() }).nullable();

// ---- repositories -------------------------------------------------------------------------------

export const repoNode = z.object({
  nameWithOwner: z.string(),
  isArchived: z.boolean(),
  defaultBranchRef: z.object({ name: z.string() }).nullable(),
});
export type RepoNode = z.output<typeof repoNode>;

export const orgReposResult = z.object({
  rateLimit: rateLimit.nullable(),
  organization: z
    .object({ repositories: z.object({ pageInfo, nodes: z.array(repoNode.nullable()) }) })
    .nullable(),
});

export const repoInfoResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: repoNode
    .extend({
      defaultBranchRef: z
        .object({ name: z.string(), target: z.object({ history: z.object({ totalCount: z.number() }).optional() }).nullable() })
        .nullable(),
      pullRequests: z.object({ totalCount: z.number() }),
      deployments: z.object({ totalCount: z.number() }),
      releases: z.object({ totalCount: z.number() }),
    })
    .nullable(),
});

// ---- pull requests ------------------------------------------------------------------------------

export const reviewNode = z.object({
  author: actor,
  state: z.string(),
  submittedAt: iso.nullable(),
});

const commitNode = z.object({ commit: z.object({ oid: z.string(), authoredDate: iso, committedDate: iso }) });
export type CommitNode = z.output<typeof commitNode>;
const fileNode = z.object({ path: z.string() });

export const pullRequestNode = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  url: z.string(),
  isDraft: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  mergedAt: iso.nullable(),
  baseRefName: z.string(),
  additions: z.number().nullable(),
  deletions: z.number().nullable(),
  author: actor,
  mergeCommit: z.object({ oid: z.string() }).nullable(),
  labels: z.object({ nodes: z.array(z.object({ name: z.string() }).nullable()) }).nullable(),
  commits: z.object({ totalCount: z.number(), pageInfo, nodes: z.array(commitNode.nullable()) }),
  /** How many files GitHub says the PR changed; `files` pages through their paths. */
  changedFiles: z.number(),
  files: z.object({ totalCount: z.number(), pageInfo, nodes: z.array(fileNode.nullable()).nullable() }).nullable(),
  reviews: z
    .object({ totalCount: z.number(), pageInfo, nodes: z.array(reviewNode.nullable()) })
    .nullable(),
});
export type PullRequestNode = z.output<typeof pullRequestNode>;
export type PullRequestNodeInput = z.input<typeof pullRequestNode>;

export const pullRequestsResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      defaultBranchRef: z.object({ name: z.string() }).nullable(),
      pullRequests: z.object({ totalCount: z.number(), pageInfo, nodes: z.array(pullRequestNode.nullable()) }),
    })
    .nullable(),
});

/** Follow-up pages of one PR's commits (past the first 100) or changed files. */
export const pullRequestCommitsResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({ pullRequest: z.object({ commits: z.object({ pageInfo, nodes: z.array(commitNode.nullable()) }) }).nullable() })
    .nullable(),
});
export const pullRequestFilesResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({ pullRequest: z.object({ files: z.object({ pageInfo, nodes: z.array(fileNode.nullable()).nullable() }).nullable() }).nullable() })
    .nullable(),
});

export const pullRequestReviewsResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      pullRequest: z.object({ reviews: z.object({ pageInfo, nodes: z.array(reviewNode.nullable()) }).nullable() }).nullable(),
    })
    .nullable(),
});

// ---- deployments --------------------------------------------------------------------------------

export const deploymentStatusNode = z.object({ state: z.string(), createdAt: iso });

export const deploymentNode = z.object({
  id: z.string(),
  databaseId: z.number().nullable(),
  environment: z.string().nullable(),
  task: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  commitOid: z.string(),
  /** Who created the deployment: a User (by hand) or a Bot (a pipeline, e.g. github-actions[bot]). */
  creator: actor,
  state: z.string().nullable(),
  statuses: z.object({ totalCount: z.number(), nodes: z.array(deploymentStatusNode.nullable()) }).nullable(),
  latestStatus: deploymentStatusNode.nullable(),
});
export type DeploymentNode = z.output<typeof deploymentNode>;
export type DeploymentNodeInput = z.input<typeof deploymentNode>;

export const deploymentsResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      deployments: z.object({
        totalCount: z.number(),
        pageInfo,
        edges: z.array(z.object({ cursor: z.string(), node: deploymentNode.nullable() }).nullable()),
      }),
    })
    .nullable(),
});

export const releaseNode = z.object({
  databaseId: z.number().nullable(),
  tagName: z.string(),
  url: z.string(),
  isDraft: z.boolean(),
  isPrerelease: z.boolean(),
  createdAt: iso,
  publishedAt: iso.nullable(),
  tagCommit: z.object({ oid: z.string() }).nullable(),
  author: z.object({ login: z.string() }).nullable(),
});
export type ReleaseNode = z.output<typeof releaseNode>;
export type ReleaseNodeInput = z.input<typeof releaseNode>;

export const releasesResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      releases: z.object({
        pageInfo,
        edges: z.array(z.object({ cursor: z.string(), node: releaseNode.nullable() }).nullable()),
      }),
    })
    .nullable(),
});

// ---- committers ---------------------------------------------------------------------------------

export const historyNode = z.object({
  oid: z.string(),
  committedDate: iso,
  author: z.object({ email: z.string().nullable(), name: z.string().nullable(), user: z.object({ login: z.string() }).nullable() }).nullable(),
});
export type HistoryNode = z.output<typeof historyNode>;
export type HistoryNodeInput = z.input<typeof historyNode>;

export const historyResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      defaultBranchRef: z
        .object({
          target: z
            .object({ history: z.object({ pageInfo, nodes: z.array(historyNode.nullable()) }).optional() })
            .nullable(),
        })
        .nullable(),
    })
    .nullable(),
});

// ---- practices (maturity scorecard) ------------------------------------------------------------

const treeEntry = z.object({ name: z.string(), type: z.string() });
export const practicesResult = z.object({
  rateLimit: rateLimit.nullable(),
  repository: z
    .object({
      nameWithOwner: z.string(),
      isTemplate: z.boolean(),
      /** ADMIN, MAINTAIN, WRITE, TRIAGE, READ; null when GitHub does not say. */
      viewerPermission: z.string().nullable(),
      defaultBranchRef: z
        .object({
          name: z.string(),
          branchProtectionRule: z
            .object({
              requiresStatusChecks: z.boolean(),
              requiredStatusCheckContexts: z.array(z.string().nullable()).nullable(),
              requiresApprovingReviews: z.boolean(),
              requiredApprovingReviewCount: z.number().nullable(),
            })
            .nullable()
            .optional(),
          rules: z
            .object({
              nodes: z
                .array(
                  z
                    .object({
                      type: z.string(),
                      parameters: z
                        .object({
                          __typename: z.string(),
                          requiredStatusChecks: z.array(z.object({ context: z.string() })).optional(),
                          requiredApprovingReviewCount: z.number().optional(),
                        })
                        .nullable(),
                    })
                    .nullable(),
                )
                .nullable(),
            })
            .nullable()
            .optional(),
        })
        .nullable(),
      root: z
        .object({ __typename: z.string(), entries: z.array(treeEntry.extend({ object: z.object({ __typename: z.string(), entries: z.array(treeEntry).optional() }).nullable() })).optional() })
        .nullable(),
      workflows: z
        .object({
          __typename: z.string(),
          entries: z.array(treeEntry.extend({ object: z.object({ __typename: z.string(), text: z.string().nullable().optional(), isTruncated: z.boolean().optional() }).nullable() })).optional(),
        })
        .nullable(),
    })
    .nullable(),
});
export type PracticesData = NonNullable<z.output<typeof practicesResult>["repository"]>;

// ---- REST: Actions and compare ------------------------------------------------------------------

/** A REST `simple-user`, as far as the collector reads it: `type` is "User", "Bot" or "Organization". */
const restUser = z.object({ login: z.string(), type: z.string() });

export const workflowRun = z.object({
  id: z.number(),
  name: z.string().nullable(),
  path: z.string().optional(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  run_attempt: z.number().int().positive().default(1),
  run_number: z.number().optional(),
  created_at: iso,
  updated_at: iso,
  run_started_at: iso.nullable().optional(),
  html_url: z.string(),
  workflow_id: z.number().optional(),
  /** Who started the run; `triggering_actor` started this attempt (a re-run's re-runner). */
  actor: restUser.nullable().optional(),
  triggering_actor: restUser.nullable().optional(),
});
export type WorkflowRun = z.output<typeof workflowRun>;
export type WorkflowRunInput = z.input<typeof workflowRun>;

export const workflowRunsPage = z.object({ total_count: z.number(), workflow_runs: z.array(workflowRun) });

export const compareCommit = z.object({ sha: z.string() });
export const comparePage = z.object({
  status: z.string(),
  ahead_by: z.number(),
  total_commits: z.number(),
  commits: z.array(compareCommit),
});

export const restError = z.object({ message: z.string() }).partial();

// ---- webhooks -----------------------------------------------------------------------------------

const webhookRepository = z.object({ full_name: z.string() });

export const deploymentStatusEvent = z.object({
  action: z.string(),
  deployment_status: z.object({ state: z.string(), created_at: iso, updated_at: iso.optional(), environment: z.string().optional() }),
  deployment: z.object({
    id: z.number(),
    node_id: z.string(),
    sha: z.string(),
    environment: z.string(),
    task: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    created_at: iso,
    updated_at: iso,
    url: z.string().optional(),
    creator: restUser.nullable().optional(),
  }),
  repository: webhookRepository,
});
export type DeploymentStatusEvent = z.output<typeof deploymentStatusEvent>;

export const workflowRunEvent = z.object({
  action: z.string(),
  workflow_run: workflowRun,
  repository: webhookRepository,
});
export type WorkflowRunEvent = z.output<typeof workflowRunEvent>;

const webhookUser = z.object({ login: z.string(), type: z.string() }).nullable();

export const pullRequestEvent = z.object({
  action: z.string(),
  number: z.number(),
  pull_request: z.object({
    node_id: z.string(),
    number: z.number(),
    title: z.string(),
    html_url: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullable().optional(),
    created_at: iso,
    updated_at: iso,
    merged_at: iso.nullable(),
    merge_commit_sha: z.string().nullable(),
    additions: z.number().optional(),
    deletions: z.number().optional(),
    changed_files: z.number().optional(),
    user: webhookUser,
    labels: z.array(z.object({ name: z.string() })).default([]),
    base: z.object({ ref: z.string() }),
  }),
  repository: webhookRepository.extend({ default_branch: z.string().optional() }),
});
export type PullRequestEvent = z.output<typeof pullRequestEvent>;
