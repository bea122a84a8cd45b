/** Test wiring: a fake GitHub, a client pointed at it (tiny waits), and collector options. */
import type { Db } from "@opsledger/db";
import { createGithubClient, type GithubClient, type GithubClientOptions } from "../client.ts";
import type { GithubCollectorOptions, GithubRepoRule } from "../collector.ts";
import { startFakeGithub, type FakeGithub } from "./server.ts";

export { startFakeGithub, type FakeGithub };

export function testClient(fake: FakeGithub, options: Partial<GithubClientOptions> = {}): GithubClient {
  return createGithubClient({
    token: fake.token,
    apiUrl: fake.url,
    retryAfterBaseMs: 1,
    graphqlIntervalMs: 0,
    sleep: async () => {},
    ...options,
  });
}

export const defaultRule: GithubRepoRule = { fallback: "deployments", workflows: [], production: "^prod(uction)?$" };

export function collectorOptions(db: Db, client: GithubClient, repos: string[], extra: Partial<GithubCollectorOptions> = {}): GithubCollectorOptions {
  return { db, client, repos, rule: () => defaultRule, ...extra };
}
