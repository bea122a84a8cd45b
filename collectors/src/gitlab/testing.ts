/** Test wiring shared by the collector's tests, the server's and the benchmark: a client on a fake, with tiny waits. */
import { createGitlabClient, type GitlabClient, type GitlabClientOptions } from "./client.ts";
import type { FakeGitlab } from "./fake/server.ts";

/** A client pointed at a fake: no pacing, waits GitLab asks for scaled down 1,000×, 1 ms backoff. */
export function gitlabTestClient(fake: FakeGitlab, options: Partial<GitlabClientOptions> = {}): GitlabClient {
  return createGitlabClient({ token: fake.token, baseUrl: fake.url, requestsPerMinute: 0, waitScale: 0.001, backoffMs: 1, ...options });
}
