import { describe, expect, test } from "vitest";
import { configSchema } from "./config/schema.ts";
import { repoName } from "./validation.ts";

describe("repository names: GitHub owner/name and GitLab gitlab:group/project", () => {
  test.each([
    ["acme/api", true],
    ["gitlab:acme/api", true],
    ["gitlab:acme/platform/payments/api", true],
    ["acme", false],
    ["acme/api/extra", false],
    ["gitlab:api", false],
    ["gitlab:acme//api", false],
    ["github:acme/api", false],
    ["acme/my api", false],
  ])("%s → %s", (name, ok) => expect(repoName.safeParse(name).success).toBe(ok));

  test("a team owns GitHub repos and GitLab projects side by side; the gitlab source names projects in the stored form", () => {
    const config = configSchema.parse({
      teams: [{ id: "payments", name: "Payments", repos: ["acme/payments-api", "gitlab:acme/platform/ledger"] }],
      sources: { gitlab: { groups: ["acme/platform"], projects: ["gitlab:acme/infra/terraform"], incidents: { "gitlab:acme/platform/ledger": "ledger" } } },
    });
    expect(config.teams[0]?.repos).toEqual(["acme/payments-api", "gitlab:acme/platform/ledger"]);
    expect(config.sources.gitlab).toMatchObject({ requestsPerMinute: 1200, pageSize: 50 });
    const bad = configSchema.safeParse({ sources: { gitlab: { projects: ["acme/infra"], pageSize: 500 } } });
    expect(bad.success ? [] : bad.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      'sources.gitlab.projects.0: must be "gitlab:group/project"',
      "sources.gitlab.pageSize: Too big: expected number to be <=100",
    ]);
  });
});
