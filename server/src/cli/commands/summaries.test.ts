import { describe, expect, test } from "vitest";
import type { GithubSyncSummary, PagerdutyCollectResult } from "@opsledger/collectors";
import { formatGithubSummary } from "./collectGithub.ts";
import { formatSummary } from "./collectPagerduty.ts";

const pagerduty: PagerdutyCollectResult = {
  source: "pagerduty",
  scopes: ["api.pagerduty.com"],
  streams: [],
  written: { incidents: 5 },
  retries: 0,
  rateLimitWaits: 0,
  ok: true,
  records: { incidents: 5, pages: 0 },
  unmatchedUsers: [],
  skipped: { "notify log entry with an unknown medium (carrier_pigeon)": 6, "notify log entry naming no user": 1 },
  warnings: ["6 notify log entries were read but none became a page (see skipped); interruptions and on-call load will be missing"],
  errors: [],
  requests: 12,
  rateLimited: 0,
  rateLimitWaitMs: 0,
  durationMs: 1200,
  dryRun: false,
};

const github: GithubSyncSummary = {
  source: "github",
  ok: true,
  scopes: ["acme/api"],
  streams: [],
  errors: [],
  retries: 0,
  rateLimitWaits: 0,
  rateLimitWaitMs: 0,
  repos: [{ repo: "acme/api", written: { pulls: 3, deployments: 1, workflow_runs: 0, committers: 0, practices: 0 }, deploymentSource: "deployments", commitsUnknown: 0, skipped: { "merged pull request without a merge commit": 1 } }],
  written: { pulls: 3, deployments: 1, workflow_runs: 0, committers: 0, practices: 0 },
  skipped: { "merged pull request without a merge commit": 1 },
  commitsUnknown: 0,
  warnings: ["acme/api#8 has 250 commits; only the first 200 were read (budget: 1 follow-up pages), so lead time may not find the rest"],
  durationMs: 900,
  requests: 3,
  graphqlRequests: 3,
  restRequests: 0,
  points: 3,
  pauses: 0,
  retried: 0,
};

describe("collector summaries say what was skipped and why", () => {
  test("PagerDuty: each reason with its count, most first, and the 0-pages warning", () => {
    const lines = formatSummary(pagerduty);
    expect(lines).toContain("  skipped: 7 record(s) read but not written:");
    expect(lines).toContain("    6 notify log entry with an unknown medium (carrier_pigeon)");
    expect(lines).toContain("    1 notify log entry naming no user");
    expect(lines.indexOf("    6 notify log entry with an unknown medium (carrier_pigeon)")).toBeLessThan(lines.indexOf("    1 notify log entry naming no user"));
    expect(lines).toContainEqual(expect.stringContaining("warning: 6 notify log entries were read but none became a page"));
  });

  test("GitHub: skipped records and budget warnings", () => {
    const lines = formatGithubSummary(github);
    expect(lines).toContain("  skipped: 1 record(s) read but not written:");
    expect(lines).toContain("    1 merged pull request without a merge commit");
    expect(lines).toContainEqual(expect.stringContaining("only the first 200 were read"));
  });

  test("nothing skipped: no skipped line", () => {
    expect(formatSummary({ ...pagerduty, skipped: {}, warnings: [] }).some((l) => l.includes("skipped"))).toBe(false);
  });
});
