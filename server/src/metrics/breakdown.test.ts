import { describe, expect, test } from "vitest";
import { LEDGER_CATEGORIES, type LedgerCategory } from "@opsledger/db";
import { opsBreakdownParts, opsShareSentence, type BreakdownInput } from "./breakdown.ts";

/** An ops-work result's share and categories: `shares` per category, every category counted unless `off`. */
const ops = (share: number | null, shares: Partial<Record<LedgerCategory, number | null>>, off: LedgerCategory[] = []): BreakdownInput => ({
  share,
  categories: LEDGER_CATEGORIES.map((category) => ({
    category,
    enabled: !off.includes(category),
    estimated: category === "ops_changes",
    share: share === null ? null : (shares[category] ?? 0),
  })),
});

describe("the ops share in one sentence (issue 12: the signal, org overview and report quote it)", () => {
  test.each([
    [
      "categories above zero, largest first, the estimated one marked",
      ops(0.22, { alerts: 0.09, pipeline: 0.06, ops_changes: 0.05, deployments: 0.02 }),
      "22% — alerts 9%, pipeline toil 6%, ops changes 5% (estimated), deployment toil 2%",
    ],
    ["small shares keep one decimal", ops(0.046, { incidents: 0.031, alerts: 0.015 }), "4.6% — incidents 3.1%, alerts 1.5%"],
    ["one decimal at any size, as the dashboard writes a share", ops(0.3371, { alerts: 0.3162, pipeline: 0.0209 }), "33.7% — alerts 31.6%, pipeline toil 2.1%"],
    ["equal shares keep the ledger's order", ops(0.1, { deployments: 0.05, alerts: 0.05 }), "10% — alerts 5%, deployment toil 5%"],
    ["a part too small to round to 0.1% still reads as something", ops(0.18, { pipeline: 0.13, deployments: 0.0004 }), "18% — pipeline toil 13%, deployment toil <0.1%"],
    ["a measured zero says nothing was recorded", ops(0, {}), "0% — no ops work recorded"],
    [
      "a category switched off is not part of the share, so it is not listed",
      ops(0.12, { alerts: 0.12, pipeline: 0.3 }, ["pipeline"]),
      "12% — alerts 12%",
    ],
    ["no data is no sentence (null is never 0)", ops(null, {}), null],
  ])("%s", (_name, input, expected) => {
    expect(opsShareSentence(input)).toBe(expected);
  });

  test("the parts alone are the sentence after its share", () => {
    const input = ops(0.3, { ops_changes: 0.2, alerts: 0.1 });
    expect(opsBreakdownParts(input)).toBe("ops changes 20% (estimated), alerts 10%");
    expect(opsShareSentence(input)).toBe(`30% — ${opsBreakdownParts(input)}`);
  });
});
