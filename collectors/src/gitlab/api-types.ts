/**
 * Zod schemas of what GitLab sends back: the GraphQL results of `queries.ts` (merge requests,
 * pipelines with their jobs) and the REST payloads (projects, environments, deployments, compare,
 * jobs, incident issues), plus webhook bodies. Every response is validated before the mapper sees
 * it; unknown fields are ignored (GitLab adds fields between versions, and self-managed instances
 * run older ones). Fields added in later GitLab versions are optional.
 */
import { z } from "zod";

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 timestamp");

export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

/** GraphQL `UserCore`; `bot` is true for project, group and service-account bots. */
export const userCore = z.object({ username: z.string(), bot: z.boolean().optional() }).nullable();

// ---- merge requests (GraphQL) -------------------------------------------------------------------

export const mrCommit = z.object({ sha: z.string(), authoredDate: iso.nullable() });
export type MrCommit = z.output<typeof mrCommit>;

export const mrNote = z.object({
  system: z.boolean(),
  body: z.string(),
  createdAt: iso,
  author: userCore,
});
export type MrNote = z.output<typeof mrNote>;

export const mergeRequestNode = z.object({
  iid: z.string(),
  title: z.string(),
  draft: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  mergedAt: iso.nullable(),
  mergeCommitSha: z.string().nullable(),
  squashCommitSha: z.string().nullable(),
  diffHeadSha: z.string().nullable(),
  webUrl: z.string().nullable(),
  targetBranch: z.string(),
  author: userCore,
  labels: z.object({ nodes: z.array(z.object({ title: z.string() }).nullable()) }).nullable(),
  approvedBy: z.object({ nodes: z.array(userCore) }).nullable(),
  diffStatsSummary: z.object({ additions: z.number(), deletions: z.number(), fileCount: z.number() }).nullable(),
  diffStats: z.array(z.object({ path: z.string() })).nullable(),
  commits: z.object({ pageInfo, nodes: z.array(mrCommit.nullable()) }).nullable(),
  notes: z.object({ pageInfo, nodes: z.array(mrNote.nullable()) }),
});
export type MergeRequestNode = z.output<typeof mergeRequestNode>;

export const mergeRequestsResult = z.object({
  project: z
    .object({
      mergeRequests: z.object({ count: z.number().optional(), pageInfo, nodes: z.array(mergeRequestNode.nullable()) }).nullable(),
    })
    .nullable(),
});

export const mrCommitsResult = z.object({
  project: z.object({ mergeRequest: z.object({ commits: z.object({ pageInfo, nodes: z.array(mrCommit.nullable()) }).nullable() }).nullable() }).nullable(),
});

export const mrNotesResult = z.object({
  project: z.object({ mergeRequest: z.object({ notes: z.object({ pageInfo, nodes: z.array(mrNote.nullable()) }) }).nullable() }).nullable(),
});

// ---- pipelines and jobs (GraphQL) ---------------------------------------------------------------

export const jobNode = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  status: z.string().nullable(),
  retried: z.boolean().nullable(),
  allowFailure: z.boolean(),
  createdAt: iso,
  queuedAt: iso.nullable(),
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});
export type JobNode = z.output<typeof jobNode>;

export const pipelineNode = z.object({
  id: z.string(),
  iid: z.string(),
  sha: z.string(),
  ref: z.string().nullable(),
  status: z.string(),
  source: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  path: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  user: userCore,
  jobs: z.object({ count: z.number().optional(), pageInfo, nodes: z.array(jobNode.nullable()) }).nullable(),
});
export type PipelineNode = z.output<typeof pipelineNode>;

export const pipelinesResult = z.object({
  project: z.object({ pipelines: z.object({ count: z.number().optional(), pageInfo, nodes: z.array(pipelineNode.nullable()) }).nullable() }).nullable(),
});

export const pipelineJobsResult = z.object({
  project: z.object({ pipeline: z.object({ jobs: z.object({ pageInfo, nodes: z.array(jobNode.nullable()) }).nullable() }).nullable() }).nullable(),
});

// ---- REST ---------------------------------------------------------------------------------------

/** The basic user object REST embeds (`user`, `author`); `bot` appears on newer GitLab versions. */
export const restUser = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional() }).nullable();

export const restProject = z.object({
  id: z.number(),
  path_with_namespace: z.string(),
  archived: z.boolean().optional(),
  default_branch: z.string().nullable().optional(),
});
export type RestProject = z.output<typeof restProject>;

export const restEnvironment = z.object({ id: z.number(), name: z.string(), tier: z.string().nullable().optional() });
export type RestEnvironment = z.output<typeof restEnvironment>;

export const restDeployment = z.object({
  id: z.number(),
  iid: z.number(),
  ref: z.string(),
  sha: z.string(),
  created_at: iso,
  updated_at: iso,
  status: z.string(),
  user: restUser,
  environment: z.object({ id: z.number(), name: z.string(), tier: z.string().nullable().optional() }),
  deployable: z
    .object({
      id: z.number(),
      status: z.string(),
      started_at: iso.nullable(),
      finished_at: iso.nullable(),
      user: restUser.optional(),
      pipeline: z.object({ id: z.number(), sha: z.string(), source: z.string().nullable().optional() }).nullable().optional(),
    })
    .nullable(),
});
export type RestDeployment = z.output<typeof restDeployment>;

export const restCompare = z.object({
  commits: z.array(z.object({ id: z.string() })),
  compare_timeout: z.boolean().optional(),
});

export const restJob = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  created_at: iso,
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  user: restUser,
});
export type RestJob = z.output<typeof restJob>;

export const restIncident = z.object({
  id: z.number(),
  iid: z.number(),
  title: z.string(),
  state: z.string(),
  created_at: iso,
  updated_at: iso,
  closed_at: iso.nullable(),
  labels: z.array(z.string()),
  severity: z.string().optional(),
  issue_type: z.string().optional(),
  web_url: z.string(),
});
export type RestIncident = z.output<typeof restIncident>;

// ---- webhooks -----------------------------------------------------------------------------------

const hookProject = z.object({ path_with_namespace: z.string() });

export const mergeRequestHook = z.object({
  object_kind: z.literal("merge_request"),
  user: z.object({ id: z.number().optional(), username: z.string() }).nullable().optional(),
  project: hookProject,
  object_attributes: z.object({
    iid: z.number(),
    author_id: z.number().nullable().optional(),
    title: z.string(),
    state: z.string(),
    action: z.string().optional(),
    created_at: z.string(),
    updated_at: z.string(),
    merge_commit_sha: z.string().nullable().optional(),
    draft: z.boolean().optional(),
    url: z.string().optional(),
    last_commit: z.object({ id: z.string(), timestamp: z.string() }).nullable().optional(),
  }),
  labels: z.array(z.object({ title: z.string() })).optional(),
});

export const pipelineHook = z.object({
  object_kind: z.literal("pipeline"),
  user: z.object({ username: z.string() }).nullable().optional(),
  project: hookProject,
  object_attributes: z.object({
    id: z.number(),
    name: z.string().nullable().optional(),
    ref: z.string(),
    sha: z.string(),
    source: z.string().optional(),
    status: z.string(),
    created_at: z.string(),
    finished_at: z.string().nullable().optional(),
    duration: z.number().nullable().optional(),
    url: z.string().optional(),
  }),
  builds: z
    .array(
      z.object({
        id: z.number(),
        name: z.string(),
        status: z.string(),
        started_at: z.string().nullable().optional(),
        finished_at: z.string().nullable().optional(),
        allow_failure: z.boolean().optional(),
        user: z.object({ username: z.string() }).nullable().optional(),
      }),
    )
    .optional(),
});

export const deploymentHook = z.object({
  object_kind: z.literal("deployment"),
  status: z.string(),
  status_changed_at: z.string(),
  deployment_id: z.number(),
  deployable_id: z.number().nullable().optional(),
  environment: z.string(),
  environment_tier: z.string().nullable().optional(),
  project: hookProject,
  short_sha: z.string().optional(),
  user: z.object({ username: z.string() }).nullable().optional(),
  commit_url: z.string().optional(),
  ref: z.string().optional(),
});
