import { describe, expect, test } from "vitest";
import { evidenceFact } from "./evidence.ts";

describe("evidence facts carry the unit they are shown in", () => {
  test.each<[string, Parameters<typeof evidenceFact>[1], string, string]>([
    // Summed work time reads in hours, and says so: never "Ops minutes 277.2 h".
    ["opsMinutes", 16_632, "Ops hours", "277.2 h"],
    ["workingMinutes", 57_600, "Working hours", "960 h"],
    ["opsMinutes", 30, "Ops hours", "0.5 h"],
    // A duration stays in minutes, whatever its size.
    ["ciMedianMinutes", 25.14, "CI median minutes", "25.1 min"],
    ["ciMedianMinutes", 125, "CI median minutes", "125 min"],
    ["ciMedianMinutes", null, "CI median minutes", "—"],
    ["ciFailureRate", 0.135, "CI failure rate (%)", "13.5%"],
    ["measuredShare", 0.2, "Measured share (%)", "20%"],
    ["deploysPerWeek", 11.25, "Deploys per week", "11.3"],
    ["deployments", 1234, "Deployments", "1,234"],
    ["members", 6, "Members", "6"],
    ["people", ["Maria Gonzalez", "Ana"], "People", "Maria Gonzalez, Ana"],
    ["environments", [], "Environments", "none"],
    ["repo", "acme/api", "Repo", "acme/api"],
  ])("%s = %j → %s: %s", (key, value, label, text) => {
    expect(evidenceFact(key, value)).toEqual({ label, text });
  });
});
