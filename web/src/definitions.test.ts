import { describe, expect, test } from "vitest";
import { COUNT_OF, FIGURE_DEFINITIONS, definitionOf, figureAbout, figureBasis } from "./definitions.ts";

const QUARTER = { from: "2026-09-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };

describe("a figure says what it is, what it counted and when", () => {
  test("its basis: the count, capitalised, and the window's days", () => {
    expect(figureBasis("median of 41 changes", QUARTER)).toBe("Median of 41 changes, 1 Sep – 30 Nov 2026");
    expect(figureBasis("12 production deployments", { from: "2026-09-02T00:00:00.000Z", to: "2026-11-18T10:00:00.000Z" })).toBe("12 production deployments, 2 Sep – 18 Nov 2026");
  });

  test("on hover and in its disclosure: the definition, then each period's basis as a sentence", () => {
    expect(figureAbout("Lead time for changes", [figureBasis("median of 41 changes", QUARTER)])).toBe(
      `${FIGURE_DEFINITIONS["Lead time for changes"]} Median of 41 changes, 1 Sep – 30 Nov 2026.`,
    );
    expect(figureAbout("Rework rate", ["2026-Q3: 3 unplanned of 30 production deployments, 1 Jul – 30 Sep 2026", "2026-Q2: 1 unplanned of 28 production deployments, 1 Apr – 30 Jun 2026"])).toMatch(
      /^Share of production deployments that were unplanned.* 2026-Q3: 3 unplanned of 30 production deployments, 1 Jul – 30 Sep 2026\. 2026-Q2: 1 unplanned of 28 production deployments, 1 Apr – 30 Jun 2026\.$/,
    );
  });

  test("a figure without a definition still says its count and window", () => {
    expect(definitionOf("Something new")).toBeNull();
    expect(figureAbout("Something new", ["3 things, 5 Oct 2026"])).toBe("3 things, 5 Oct 2026.");
  });

  test("every figure the team page, the overview and the report show has a definition", () => {
    for (const label of ["Deployment frequency", "Lead time for changes", "Change failure rate", "Failed deployment recovery time", "Rework rate", "CI median duration", "CI failure rate", "Ops share", "Interruptions", "Time to acknowledge"]) {
      expect(definitionOf(label), label).not.toBeNull();
    }
  });

  test.each([
    ["deployment frequency", COUNT_OF.deploymentFrequency(1), "1 production deployment"],
    ["lead time", COUNT_OF.leadTime(41), "median of 41 deployed changes"],
    ["change failure rate", COUNT_OF.changeFailureRate(3, 1200), "3 failed of 1,200 production deployments"],
    ["recovery time", COUNT_OF.recoveryTime(1), "median of 1 recovery"],
    ["rework rate", COUNT_OF.reworkRate(2, 30), "2 unplanned of 30 production deployments"],
    ["CI median", COUNT_OF.ciMedian(118), "median of 118 runs that succeeded or failed"],
    ["CI failure rate with its failures", COUNT_OF.ciFailureRate(118, 12), "12 failed of 118 runs that succeeded or failed"],
    ["CI failure rate without them", COUNT_OF.ciFailureRate(1), "failures among 1 run that succeeded or failed"],
    ["ops share", COUNT_OF.opsShare(6), "ledger minutes of 6 members over their working time"],
    ["interruptions", COUNT_OF.interruptions(14, 1), "14 interruptions of 1 member"],
    ["time to acknowledge", COUNT_OF.timeToAcknowledge(9), "median of 9 incidents"],
  ])("what %s counted: %s", (_name, phrase, expected) => {
    expect(phrase).toBe(expected);
  });
});
