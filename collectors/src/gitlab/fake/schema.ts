/**
 * The part of GitLab's GraphQL schema the fake serves, written from GitLab's GraphQL reference
 * (docs.gitlab.com/api/graphql/reference: `Query.project`, `Project.mergeRequests`,
 * `Project.pipelines`, `MergeRequest`, `Pipeline`, `CiJob`, `Note`, `UserCore`, `DiffStats`,
 * `DiffStatsSummary`, `PageInfo`) with GitLab's type, field, argument and enum names. Not a copy:
 * only the types and fields a collector could ask for here, so a query naming a field GitLab does
 * not have fails validation as it would against gitlab.com.
 */
import { buildSchema, type GraphQLSchema } from "graphql";

export const GITLAB_SDL = /* GraphQL */ `
  scalar Time
  scalar JobID
  scalar Duration

  type Query {
    project(fullPath: ID!): Project
    currentUser: UserCore
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type UserCore {
    id: ID!
    username: String!
    name: String!
    bot: Boolean!
    state: String!
    webUrl: String!
  }

  type UserCoreConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [UserCore]
  }

  enum MergeRequestState { merged opened closed locked all }

  enum MergeRequestSort {
    UPDATED_DESC
    UPDATED_ASC
    CREATED_DESC
    CREATED_ASC
    MERGED_AT_ASC
    MERGED_AT_DESC
    CLOSED_AT_ASC
    CLOSED_AT_DESC
  }

  enum PipelineStatusEnum {
    CREATED
    WAITING_FOR_RESOURCE
    PREPARING
    WAITING_FOR_CALLBACK
    PENDING
    RUNNING
    FAILED
    SUCCESS
    CANCELING
    CANCELED
    SKIPPED
    MANUAL
    SCHEDULED
  }

  enum CiJobStatus {
    CREATED
    WAITING_FOR_RESOURCE
    PREPARING
    WAITING_FOR_CALLBACK
    PENDING
    RUNNING
    FAILED
    SUCCESS
    CANCELING
    CANCELED
    SKIPPED
    MANUAL
    SCHEDULED
  }

  type Project {
    id: ID!
    fullPath: ID!
    name: String!
    archived: Boolean
    webUrl: String
    mergeRequests(
      state: MergeRequestState
      sort: MergeRequestSort
      updatedAfter: Time
      updatedBefore: Time
      mergedAfter: Time
      mergedBefore: Time
      targetBranches: [String!]
      first: Int
      after: String
      last: Int
      before: String
    ): MergeRequestConnection
    mergeRequest(iid: String!): MergeRequest
    pipelines(
      status: PipelineStatusEnum
      ref: String
      sha: String
      source: String
      updatedAfter: Time
      updatedBefore: Time
      username: String
      first: Int
      after: String
      last: Int
      before: String
    ): PipelineConnection
    pipeline(iid: ID, sha: String): Pipeline
  }

  type MergeRequestConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [MergeRequest]
  }

  type MergeRequest {
    id: ID!
    iid: String!
    title: String!
    description: String
    state: MergeRequestState!
    draft: Boolean!
    createdAt: Time!
    updatedAt: Time!
    mergedAt: Time
    mergeCommitSha: String
    squashCommitSha: String
    diffHeadSha: String
    sourceBranch: String!
    targetBranch: String!
    webUrl: String
    author: UserCore
    mergeUser: UserCore
    labels(first: Int, after: String): LabelConnection
    approvedBy(first: Int, after: String): UserCoreConnection
    diffStatsSummary: DiffStatsSummary
    diffStats(path: String): [DiffStats!]
    commits(first: Int, after: String): CommitConnection
    commitsWithoutMergeCommits(first: Int, after: String): CommitConnection
    notes(first: Int, after: String): NoteConnection!
  }

  type LabelConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [Label]
  }

  type Label {
    id: ID!
    title: String!
    color: String!
  }

  type DiffStatsSummary {
    additions: Int!
    deletions: Int!
    changes: Int!
    fileCount: Int!
  }

  type DiffStats {
    path: String!
    additions: Int!
    deletions: Int!
  }

  type CommitConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [Commit]
  }

  type Commit {
    id: ID!
    sha: String!
    shortId: String!
    title: String
    authorName: String
    authoredDate: Time
    committedDate: Time
  }

  type NoteConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [Note]
  }

  type Note {
    id: ID!
    body: String!
    system: Boolean!
    internal: Boolean
    createdAt: Time!
    updatedAt: Time!
    author: UserCore
  }

  type PipelineConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [Pipeline]
  }

  type Pipeline {
    id: ID!
    iid: String!
    sha: String!
    beforeSha: String
    ref: String
    status: PipelineStatusEnum!
    source: String
    name: String
    path: String
    createdAt: Time!
    updatedAt: Time!
    startedAt: Time
    finishedAt: Time
    committedAt: Time
    duration: Int
    queuedDuration: Duration
    retryable: Boolean!
    user: UserCore
    jobs(retried: Boolean, statuses: [CiJobStatus!], first: Int, after: String): CiJobConnection
  }

  type CiJobConnection {
    count: Int!
    pageInfo: PageInfo!
    nodes: [CiJob]
  }

  type CiJob {
    id: JobID
    name: String
    status: CiJobStatus
    retried: Boolean
    retryable: Boolean!
    allowFailure: Boolean!
    manualJob: Boolean
    createdAt: Time!
    queuedAt: Time
    startedAt: Time
    finishedAt: Time
    duration: Int
  }
`;

let cached: GraphQLSchema | null = null;
export function gitlabGraphqlSchema(): GraphQLSchema {
  cached ??= buildSchema(GITLAB_SDL);
  return cached;
}
