import { describe, expect, test } from "vitest";
import { checkGithubQuery } from "./fake/schemaCheck.ts";
import { connectionsOf, estimateQueryCost, GITHUB_QUERIES, PULLS_PAGE_SIZE, PULLS_QUERY } from "./queries.ts";

describe("every GraphQL query the collector sends, against GitHub's public schema", () => {
  test.each(Object.entries(GITHUB_QUERIES))("%s is valid, with its variables, and pages 1–100 nodes per connection", (_name, { query, variables }) => {
    expect(checkGithubQuery(query, variables)).toEqual([]);
  });

  test.each(Object.entries(GITHUB_QUERIES))("%s asks for rateLimit so the client can pace itself", (_name, { query }) => {
    expect(query).toMatch(/rateLimit \{ cost remaining resetAt \}/);
  });

  test("the checker itself catches what GitHub would refuse", () => {
    const pulls = GITHUB_QUERIES.pulls;
    if (!pulls) throw new Error("pulls query missing");
    expect(checkGithubQuery(pulls.query, { ...pulls.variables, first: 101 })).toEqual([expect.stringContaining("asks for 101 nodes")]);
    expect(checkGithubQuery(pulls.query, { ...pulls.variables, first: "fifty" })).toEqual([
      expect.stringContaining('variables: Variable "$first" got invalid value "fifty"'),
      "connection pullRequests has neither first nor last",
    ]);
    expect(checkGithubQuery(pulls.query, { ...pulls.variables, owner: undefined })).toEqual([expect.stringContaining("variables:")]);
    expect(checkGithubQuery("query { repository(owner: \"a\", name: \"b\") { pullRequests { totalCount } } }", {})).toEqual([
      "connection pullRequests has neither first nor last",
    ]);
    expect(checkGithubQuery("query { repository(owner: \"a\", name: \"b\") { nope } }", {})).toEqual([expect.stringContaining("nope")]);
  });
});

describe("GitHub's point cost", () => {
  test("a page of 50 merged PRs with reviews, labels, commits and changed files costs 2 points", () => {
    expect(connectionsOf(PULLS_QUERY, { first: PULLS_PAGE_SIZE }).map((c) => c.path)).toEqual([
      "repository.pullRequests",
      "repository.pullRequests.nodes.labels",
      "repository.pullRequests.nodes.commits",
      "repository.pullRequests.nodes.files",
      "repository.pullRequests.nodes.reviews",
    ]);
    expect(estimateQueryCost(PULLS_QUERY, { first: PULLS_PAGE_SIZE })).toBe(2);
  });

  test.each(Object.entries(GITHUB_QUERIES))("%s costs at most 2 points", (_name, { query, variables }) => {
    expect(estimateQueryCost(query, variables)).toBeLessThanOrEqual(2);
  });
});
