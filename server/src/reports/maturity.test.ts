/** The report's maturity part: a phase line per team, and what to fund first only where the signals say to fund. */
import { describe, expect, test } from "vitest";
import type { FundItem } from "../metrics/index.ts";
import { renderCsv } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { assembleReport } from "./model.ts";
import { sampleInput } from "./testReport.ts";

const rollback: FundItem = {
  check: "rollback-path",
  phase: 1,
  title: "A rollback path",
  text: "no rollback path in 90 days (12 production deployments, none a rollback); change failure rate 34%",
  evidence: [],
  figure: { name: "change failure rate", value: 0.34 },
};

function withMaturity() {
  const input = sampleInput();
  for (const [i, m] of input.current.teams.entries()) m.maturity = { phase: i === 0 ? 0 : 2, line: i === 0 ? "phase 0 — not yet survivable; next: a rollback path (fail)" : "phase 2 — changes are safe; next: environment parity (fail)", fundFirst: [rollback] };
  for (const m of input.previous.teams) m.maturity = { phase: 0, line: "phase 0 — not yet survivable", fundFirst: [] };
  return assembleReport(input);
}

describe("the report's maturity lines", () => {
  test("one line per team with the phase before, and what to fund first only for a fund-now team", () => {
    expect(withMaturity().maturity).toEqual([
      { team: "payments", name: 'Pay, "ments"', phase: 0, previousPhase: 0, line: "phase 0 — not yet survivable; next: a rollback path (fail)", verdict: "fund-now", fundFirst: [rollback] },
      { team: "search", name: "<b>bold</b> Search", phase: 2, previousPhase: 0, line: "phase 2 — changes are safe; next: environment parity (fail)", verdict: "not-yet", fundFirst: [] },
    ]);
  });

  test("Markdown and HTML say it in words, with the progress since the previous quarter", () => {
    const report = withMaturity();
    const md = renderMarkdown(report);
    expect(md).toContain("## Maturity: which phase each team has reached, and what to fund first");
    // The sample's team names are hostile on purpose: they come out escaped.
    expect(md).toContain('- **Pay, "ments"**: phase 0 — not yet survivable; next: a rollback path (fail)');
    expect(md).toContain("  - Fund first (phase 1, a rollback path): no rollback path in 90 days (12 production deployments, none a rollback); change failure rate 34%");
    expect(md).toContain("- **\\<b\\>bold\\</b\\> Search**: phase 2 — changes are safe; next: environment parity (fail) (2026-Q2: phase 0)");
    expect(renderHtml(report)).toContain("<li><strong>&lt;b&gt;bold&lt;/b&gt; Search</strong>: phase 2 — changes are safe; next: environment parity (fail) (2026-Q2: phase 0)</li>");
  });

  test("the CSV carries each team's phase per quarter", () => {
    const lines = renderCsv(withMaturity()).trim().split("\r\n");
    expect(lines[0]?.split(",").at(-1)).toBe("maturity_phase");
    expect(lines.slice(1).map((l) => [l.split(",")[0], l.split(",")[4], l.split(",").at(-1)])).toEqual([
      ["2026-Q3", "payments", "0"],
      ["2026-Q3", "search", "2"],
      ["2026-Q2", "payments", "0"],
      ["2026-Q2", "search", "0"],
    ]);
  });

  test("a report built without the scorecard has no maturity part", () => {
    const report = assembleReport(sampleInput());
    expect(report.maturity).toEqual([]);
    expect(renderMarkdown(report)).not.toContain("## Maturity");
  });
});
