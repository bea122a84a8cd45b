import { describe, expect, test } from "vitest";
import { investmentFrom } from "./investment.ts";

describe("the investment view: merged changes and author time that went to ops work", () => {
  test.each([
    ["a change that is partly ops counts by its fraction", [0, 0, 0.5, 1], 0.4, { mergedChanges: 4, opsChanges: 1.5, mergedChangesOpsShare: 0.375, authorTimeOpsShare: 0.4 }],
    ["only product changes: none of them went to ops work", [0, 0], null, { mergedChanges: 2, opsChanges: 0, mergedChangesOpsShare: 0, authorTimeOpsShare: null }],
    ["no merged change: no data, not 0", [], 0.25, { mergedChanges: 0, opsChanges: 0, mergedChangesOpsShare: null, authorTimeOpsShare: 0.25 }],
  ])("%s", (_name, fractions, authorTime, expected) => {
    expect(investmentFrom(fractions, { authorTimeOpsShare: authorTime })).toEqual(expected);
  });

  test("the sum does not depend on the order the rows came in", () => {
    const fractions = [0.1, 0.7, 0.2, 0.3333333333333333, 0.05];
    expect(investmentFrom(fractions, { authorTimeOpsShare: null })).toEqual(investmentFrom([...fractions].reverse(), { authorTimeOpsShare: null }));
  });
});
