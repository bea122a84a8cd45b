import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { configRecords } from "./configRecords.ts";
import { ConfigError, parseConfig } from "./load.ts";

const example = fs.readFileSync(path.resolve(import.meta.dirname, "../../../opsledger.config.example.yaml"), "utf8");

function problemsOf(text: string) {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  test("the example file in the repository is valid", () => {
    const config = parseConfig(example);
    expect(config.teams.length).toBeGreaterThan(0);
    expect(config.thresholds.opsShareCritical).toBe(0.2);
  });

  test("a team's repo → service mapping reaches its team record", () => {
    const config = parseConfig(example);
    const payments = configRecords(config).find((r) => r.kind === "team" && r.id === "payments");
    expect(payments).toMatchObject({ repoServices: { "acme/payments-api": ["payments-api"], "acme/ledger": ["ledger"] } });
  });

  test("an empty file gives the documented defaults", () => {
    const config = parseConfig("");
    expect(config.production.pattern).toBe("^prod(uction)?$");
    expect(config.thresholds).toMatchObject({ teamSize: 5, deploysPerWeek: 10, ciMedianMinutes: 15, focusLossMinutes: 23, workingHoursPerWeek: 40 });
    expect(config.sprints).toEqual({ anchor: "2026-01-05", lengthDays: 14 });
  });

  test.each([
    ["a wrong type names the line and key", "thresholds:\n  teamSize: five\n", { line: 2, key: "thresholds.teamSize" }],
    ["an unknown key names the line", "teams:\n  - id: core\n    name: Core\n    colour: red\n", { line: 2, key: "teams.0" }],
    ["a bad time zone", "people:\n  - id: ana\n    name: Ana\n    timezone: Mars/Base\n", { line: 4, key: "people.0.timezone" }],
    ["a YAML syntax error", "teams: [\n", { key: "" }],
    ["a member who is not a configured person", "people:\n  - id: ana\n    name: Ana\nteams:\n  - id: core\n    name: Core\n    members: [ana, zed]\n", { key: "teams.0.members.1", line: 7 }],
    ["a duplicate team id", "teams:\n  - id: core\n    name: A\n  - id: core\n    name: B\n", { key: "teams.1.id", line: 4 }],
    [
      "a repo mapping for a repo the team does not list",
      "teams:\n  - id: core\n    name: Core\n    repos: [acme/api]\n    services: [api]\n    repoServices:\n      acme/web: [api]\n",
      { key: "teams.0.repoServices.acme/web", line: 7, message: expect.stringContaining("not one of the team's repos") },
    ],
    [
      "a repo mapped to a service the team does not own",
      "teams:\n  - id: core\n    name: Core\n    repos: [acme/api]\n    services: [api]\n    repoServices:\n      acme/api:\n        - api\n        - billing\n",
      { key: "teams.0.repoServices.acme/api.1", line: 9, message: expect.stringContaining("not one of the team's services") },
    ],
    [
      "a repo mapped to no service",
      "teams:\n  - id: core\n    name: Core\n    repos: [acme/api]\n    services: [api]\n    repoServices:\n      acme/api: []\n",
      { key: "teams.0.repoServices.acme/api", line: 7 },
    ],
  ])("%s", (_name, text, expected) => {
    expect(problemsOf(text)[0]).toMatchObject(expected);
  });
});
