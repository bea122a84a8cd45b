/** The two ingest kinds of the maturity scorecard: what they become, and what they refuse. */
import { describe, expect, test } from "vitest";
import { parseIngestBatch } from "./parse.ts";

const practice = { kind: "repo_practice", repo: "acme/api", observed_at: "2026-03-02T06:00:00+01:00", paths: [".github/workflows/ci.yml", "terraform/"], workflow_tools: ["Checkov"], required_status_checks: 2 };
const declaration = { kind: "maturity_declaration", team: "payments", practice: "backup_restore_test", at: "2026-02-20T15:00:00Z", url: "https://wiki.example/restore" };

describe("repo_practice and maturity_declaration lines", () => {
  test("become records keyed by the UTC day observed; what is left out is unknown (null), not none", () => {
    expect(parseIngestBatch(JSON.stringify([practice, declaration]))).toEqual({
      ok: true,
      records: [
        {
          kind: "repo_practice",
          source: "ingest",
          repo: "acme/api",
          observedOn: "2026-03-02",
          observedAt: Date.UTC(2026, 2, 2, 5),
          paths: [".github/workflows/ci.yml", "terraform/"],
          workflowTools: ["checkov"],
          requiredStatusChecks: 2,
          requiredApprovingReviews: null,
          isTemplate: null,
        },
        { kind: "maturity_declaration", source: "ingest", team: "payments", practice: "backup_restore_test", at: Date.UTC(2026, 1, 20, 15), url: "https://wiki.example/restore" },
      ],
    });
  });

  test.each([
    ["a negative count of required checks", { ...practice, required_status_checks: -1 }, "required_status_checks"],
    ["paths that are not a list", { ...practice, paths: "terraform/" }, "paths"],
    ["an observation without a time", { ...practice, observed_at: undefined }, "observed_at"],
    ["a practice nobody declares", { ...declaration, practice: "chaos_day" }, "practice"],
    ["a team id that is not a slug", { ...declaration, team: "Payments Team" }, "team"],
  ])("%s rejects the batch, naming the field", (_name, bad, path) => {
    const result = parseIngestBatch(JSON.stringify([bad]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ line: 1, path });
  });
});
