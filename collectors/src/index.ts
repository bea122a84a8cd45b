export {
  CollectorConfigError,
  noProgress,
  type Collector,
  type CollectPlan,
  type CollectSummary,
  type ProgressSink,
  type ProgressTask,
  type RequestCounters,
  type RunRequest,
  type StreamPlan,
  type StreamSummary,
} from "./contract.ts";
export { collectPagerduty, type PagerdutyCollectorOptions, type CollectResult as PagerdutyCollectResult, type CollectProgress as PagerdutyCollectProgress } from "./pagerduty/collector.ts";
export { createPagerdutyClient, DEFAULT_API_URL as PAGERDUTY_DEFAULT_API_URL, PagerdutyApiError, type PagerdutyClient, type PagerdutyClientOptions } from "./pagerduty/client.ts";
export type { PersonIdentity as PagerdutyPersonIdentity } from "./pagerduty/mapper.ts";
export { collectGithub, githubCollector, planGithub, resolveRepos as resolveGithubRepos, GITHUB_STREAMS, type GithubCollectorOptions, type GithubRepoRule, type GithubStream, type GithubSyncSummary, type GithubPlan, type RepoPlan as GithubRepoPlan, type DeploymentFallback as GithubDeploymentFallback } from "./github/collector.ts";
export { createGithubClient, GithubApiError, DEFAULT_GITHUB_API_URL, type GithubClient, type GithubClientOptions } from "./github/client.ts";
export { verifyGithubSignature, signGithubPayload, mapGithubWebhook, alreadyCollected as githubAlreadyCollected, type WebhookOutcome as GithubWebhookOutcome } from "./github/webhooks.ts";
export { pagerdutyCollector, PAGERDUTY_STREAMS, type PagerdutyStream } from "./pagerduty/collector.ts";
export { collectGitlab, gitlabCollector, planGitlab, resolveProjects as resolveGitlabProjects, GITLAB_STREAMS, type GitlabCollectorOptions, type GitlabProjectRule, type GitlabStream, type GitlabSyncSummary } from "./gitlab/collector.ts";
export { createGitlabClient, GitlabApiError, DEFAULT_GITLAB_URL, type GitlabClient, type GitlabClientOptions } from "./gitlab/client.ts";
export { projectPathOf as gitlabProjectPathOf, repoOf as gitlabRepoOf } from "./gitlab/mapper.ts";
export { verifyGitlabToken, gitlabDeliveryKey, mapGitlabWebhook, gitlabAlreadyCollected, type GitlabWebhookOutcome } from "./gitlab/webhooks.ts";
