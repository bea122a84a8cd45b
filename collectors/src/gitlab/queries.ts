/**
 * The GraphQL queries the GitLab collector sends. GraphQL is used where it saves requests: a page
 * of merged merge requests carries each one's commits, notes (approvals and review comments),
 * approvers, labels and changed paths — over REST that is five requests per merge request — and a
 * page of pipelines carries each one's jobs (REST: one more request per pipeline). Field names
 * follow GitLab's GraphQL reference (docs.gitlab.com/api/graphql/reference: Project.mergeRequests,
 * MergeRequest, Project.pipelines, Pipeline, CiJob); the fake validates every query against the
 * schema it serves (fake/schema.ts).
 */

export const MR_PAGE_SIZE = 50;
export const PIPELINES_PAGE_SIZE = 50;
/** Commits, notes and jobs read with their parent; more come from follow-up queries within a budget. */
export const NESTED_PAGE_SIZE = 100;
export const MAX_FOLLOW_UP_PAGES = 10;

export const MERGED_MRS_QUERY = /* GraphQL */ `
  query MergedMergeRequests($fullPath: ID!, $first: Int!, $after: String, $updatedAfter: Time) {
    project(fullPath: $fullPath) {
      mergeRequests(state: merged, sort: UPDATED_ASC, updatedAfter: $updatedAfter, first: $first, after: $after) {
        count
        pageInfo { hasNextPage endCursor }
        nodes {
          iid
          title
          draft
          createdAt
          updatedAt
          mergedAt
          mergeCommitSha
          squashCommitSha
          diffHeadSha
          webUrl
          targetBranch
          author { username bot }
          labels(first: 50) { nodes { title } }
          approvedBy(first: 50) { nodes { username bot } }
          diffStatsSummary { additions deletions fileCount }
          diffStats { path }
          commits(first: ${NESTED_PAGE_SIZE}) { pageInfo { hasNextPage endCursor } nodes { sha authoredDate } }
          notes(first: ${NESTED_PAGE_SIZE}) { pageInfo { hasNextPage endCursor } nodes { system body createdAt author { username bot } } }
        }
      }
    }
  }
`;

export const MR_COMMITS_QUERY = /* GraphQL */ `
  query MergeRequestCommits($fullPath: ID!, $iid: String!, $after: String) {
    project(fullPath: $fullPath) {
      mergeRequest(iid: $iid) {
        commits(first: ${NESTED_PAGE_SIZE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { sha authoredDate } }
      }
    }
  }
`;

export const MR_NOTES_QUERY = /* GraphQL */ `
  query MergeRequestNotes($fullPath: ID!, $iid: String!, $after: String) {
    project(fullPath: $fullPath) {
      mergeRequest(iid: $iid) {
        notes(first: ${NESTED_PAGE_SIZE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { system body createdAt author { username bot } } }
      }
    }
  }
`;

const JOB_FIELDS = "id name status retried allowFailure createdAt queuedAt startedAt finishedAt";

export const PIPELINES_QUERY = /* GraphQL */ `
  query Pipelines($fullPath: ID!, $first: Int!, $after: String, $updatedAfter: Time) {
    project(fullPath: $fullPath) {
      pipelines(updatedAfter: $updatedAfter, first: $first, after: $after) {
        count
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          iid
          sha
          ref
          status
          source
          name
          path
          createdAt
          updatedAt
          startedAt
          finishedAt
          user { username bot }
          jobs(first: ${NESTED_PAGE_SIZE}) { count pageInfo { hasNextPage endCursor } nodes { ${JOB_FIELDS} } }
        }
      }
    }
  }
`;

export const PIPELINE_JOBS_QUERY = /* GraphQL */ `
  query PipelineJobs($fullPath: ID!, $iid: ID!, $after: String) {
    project(fullPath: $fullPath) {
      pipeline(iid: $iid) {
        jobs(first: ${NESTED_PAGE_SIZE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${JOB_FIELDS} } }
      }
    }
  }
`;
