import { describe, expect, test } from "vitest";
import { workflowToolsIn } from "./mapper.ts";

describe("policy and cost tools named in workflow files", () => {
  test.each([
    ["uses: bridgecrewio/checkov-action@v12", ["checkov"]],
    ["run: conftest test deploy.yaml", ["conftest"]],
    ["uses: open-policy-agent/setup-opa@v2", ["opa"]],
    ["run: opa eval --data policy.rego", ["opa"]],
    ["uses: aquasecurity/tfsec-action@v1.0.0", ["tfsec"]],
    ["uses: aquasecurity/trivy-action@0.28.0", ["trivy"]],
    ["uses: infracost/actions/setup@v3", ["infracost"]],
    // A word that merely contains the letters is not the tool.
    ["run: ./scripts/copa-release.sh && echo opaque", []],
    ["run: npm test", []],
  ])("%s → %j", (text, tools) => {
    expect(workflowToolsIn([text])).toEqual(tools);
  });

  test("several files, each tool once, in a fixed order", () => {
    expect(workflowToolsIn(["uses: infracost/actions/setup@v3", "uses: aquasecurity/trivy-action@0.28.0", "uses: bridgecrewio/checkov-action@v12\nuses: infracost/actions/comment@v1"])).toEqual([
      "checkov",
      "trivy",
      "infracost",
    ]);
  });
});
