import { describe, expect, test } from "vitest";
import type { OrgVerdict, Signal, SignalId, SignalStatus } from "../metrics/index.ts";
import { csvField, renderCsv, CSV_COLUMNS } from "./csv.ts";
import { duration, money, percent } from "./format.ts";
import { evidenceSentence, verdictHeadline, type ReportSettings } from "./model.ts";
import { renderHtml, escapeHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { reportFilename } from "./index.ts";
import { sampleInput, sampleReport } from "./testReport.ts";
import { assembleReport } from "./model.ts";

const settings: ReportSettings = {
  opsShareWarning: 0.15,
  opsShareCritical: 0.2,
  teamSize: 5,
  deploysPerWeek: 10,
  ciMedianMinutes: 15,
  ciFailureRate: 0.15,
  services: 3,
  hourlyRate: 100,
  currency: "USD",
};

const signal = (id: SignalId, status: SignalStatus, value: number | null, facts: Signal["evidence"]["facts"], threshold = 0, criticalThreshold: number | null = null): Signal => ({
  id,
  status,
  basis: id === "compliance" ? "declared" : "measured",
  value,
  threshold,
  criticalThreshold,
  evidence: { facts, records: [], series: [] },
  message: `${id} message`,
});

describe("evidence in one sentence", () => {
  test.each([
    [
      // Issue 12: the figure is the ledger's, quoted with its breakdown, largest first.
      "ops-load firing names the critical threshold, the breakdown by category and the sleep-hour pages",
      signal("ops-load", "firing", 0.2731, { members: 6, breakdown: "27% — alerts 12%, pipeline toil 8%, ops changes 5% (estimated), deployment toil 2.3%" }, 0.15, 0.2),
      14,
      "Payments: engineers' week on ops work 27% — alerts 12%, pipeline toil 8%, ops changes 5% (estimated), deployment toil 2.3% (threshold 20%); 14 sleep-hour pages, last 4 weeks",
    ],
    [
      "ops-load warning names the warning threshold; one page is singular",
      signal("ops-load", "warning", 0.162, { breakdown: "16% — no ops work recorded" }, 0.15, 0.2),
      1,
      "Payments: engineers' week on ops work 16% — no ops work recorded (threshold 15%); 1 sleep-hour page, last 4 weeks",
    ],
    [
      "delivery-pressure with slow CI",
      signal("delivery-pressure", "firing", 14.75, { deploysPerWeek: 14.75, ciMedianMinutes: 25.1, ciFailureRate: 0.135 }, 10),
      null,
      "Payments: 15 production deploys a week (threshold 10) while CI takes 25 min at the median (threshold 15 min) and 14% of CI runs fail, last 4 weeks",
    ],
    [
      "delivery-pressure with failing CI",
      signal("delivery-pressure", "firing", 12, { deploysPerWeek: 12, ciMedianMinutes: 9.5, ciFailureRate: 0.22 }, 10),
      null,
      "Payments: 12 production deploys a week (threshold 10) while CI takes 10 min at the median and 22% of CI runs fail (threshold 15%), last 4 weeks",
    ],
    [
      "team-size names the repository",
      signal("team-size", "firing", 9, { repo: "acme/storefront-web", people: ["a", "b"] }, 5),
      null,
      "Payments: 9 engineers committed to acme/storefront-web in the last 90 days (threshold: more than 5)",
    ],
    [
      "architecture counts services and environments",
      signal("architecture", "firing", 5, { environments: ["production", "prod-eu"] }, 3),
      null,
      "Payments: 5 deployable services across 2 production environments (production, prod-eu) in the last 90 days (threshold: more than 3 services or more than one environment)",
    ],
    [
      "compliance lists the targets",
      signal("compliance", "firing", 2, { targets: ["PCI DSS", "SOC 2"] }),
      null,
      "Payments: compliance targets PCI DSS, SOC 2 declared, which calls for audited, repeatable operations",
    ],
  ])("%s", (_name, s, sleep, expected) => {
    expect(evidenceSentence("Payments", s, settings, sleep)).toBe(expected);
  });
});

describe("the verdict headline", () => {
  const org = (verdict: OrgVerdict["verdict"], hoursPerWeek: number | null): OrgVerdict => ({
    verdict,
    hoursPerWeek,
    costPerWeek: hoursPerWeek === null ? null : hoursPerWeek * 100,
    currency: "USD",
    teams: [
      { team: "a", verdict, firing: verdict === "fund-now" ? ["ops-load"] : [], warning: verdict === "watch" ? ["ops-load"] : [] },
      { team: "b", verdict: "not-yet", firing: [], warning: [] },
    ],
  });
  test("fund-now states teams, hours and cost at the hourly rate", () => {
    expect(verdictHeadline(org("fund-now", 103.2), settings)).toBe(
      "Fund DevOps now: 1 of 2 teams has a firing signal; about 103 h of engineering time a week go to ops work, $10,320 a week at $100 an hour.",
    );
  });
  test("not-yet without on-call data says so instead of inventing zero hours", () => {
    expect(verdictHeadline(org("not-yet", null), settings)).toBe(
      "Not yet: no fund-DevOps signal fires or warns for any of the 2 teams; no on-call data to estimate the hours lost to ops work.",
    );
  });
  test("a period without records says so and gives no verdict", () => {
    expect(verdictHeadline({ ...org("no-data", null), teams: [] }, settings)).toBe("No data for this period: none of the 0 teams has a record in it, so there is no verdict.");
    expect(verdictHeadline(org("no-data", null), settings)).toBe("No data for this period: none of the 2 teams has a record in it, so there is no verdict.");
  });
});

describe("formatting", () => {
  test.each([
    [null, "n/a"],
    [0.5, "30 s"],
    [25.4, "25 min"],
    [125, "2 h 5 min"],
    [120, "2 h"],
    [4896, "3.4 days"],
  ])("duration(%s) = %s", (m, text) => expect(duration(m)).toBe(text));
  test.each([
    [0.2731, "27%"],
    [0.046, "4.6%"],
    [0.15, "15%"],
    [0, "0%"],
  ])("percent(%s) = %s", (f, text) => expect(percent(f)).toBe(text));
  test("money in a configured currency, and a code Intl does not know", () => {
    expect(money(10320.4, "EUR")).toBe("€10,320");
    expect(money(5, "credits")).toBe("credits 5");
  });
});

describe("CSV", () => {
  test.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["+1", "'+1"],
    ["@team", "'@team"],
    [-3.5, "-3.5"],
    [0.25, "0.25"],
    [null, ""],
  ])("%j → %s", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test("one header and a row per team and quarter, every row as wide as the header", () => {
    const report = sampleReport();
    const lines = renderCsv(report).trimEnd().split("\r\n");
    expect(lines[0]?.split(",")).toEqual([...CSV_COLUMNS]);
    expect(lines).toHaveLength(1 + 2 * report.teams.length);
    expect(lines[1]).toContain("2026-Q3,2026-07-01T00:00:00.000Z,2026-10-01T00:00:00.000Z");
    // A team name with a comma and a quote stays one field.
    expect(lines[1]).toContain('"Pay, ""ments"""');
    for (const line of lines.slice(1)) expect(line.replace(/"[^"]*"/g, "x").split(",")).toHaveLength(CSV_COLUMNS.length);
  });

  test("a team with no figures in a quarter gets empty cells, not a shorter row", () => {
    const input = sampleInput();
    input.previous.teams = input.previous.teams.filter((t) => t.team.id !== "search");
    const lines = renderCsv(assembleReport(input)).trimEnd().split("\r\n");
    const row = lines.find((l) => l.startsWith("2026-Q2,") && l.includes(",search,"));
    expect(row?.split(",")).toHaveLength(CSV_COLUMNS.length);
    expect(row?.split(",")[6]).toBe("");
  });
});

describe("markdown and HTML", () => {
  test("markdown leads with the verdict, then the signals, then the quarter over quarter table", () => {
    const md = renderMarkdown(sampleReport());
    const verdict = md.indexOf("## Verdict: Fund now");
    const signals = md.indexOf("## Signals");
    const qoq = md.indexOf("## Quarter over quarter: 2026-Q3 against 2026-Q2");
    expect(verdict).toBeGreaterThan(0);
    expect(signals).toBeGreaterThan(verdict);
    expect(qoq).toBeGreaterThan(signals);
    expect(md).toContain("engineers' week on ops work 27% (threshold 20%)");
    expect(md).toContain("| **Pay, \"ments\"** | 2026-Q3 | Fund now (ops load) |");
  });

  test("HTML is one self-contained page with a print stylesheet, a chart per finding, and escaped text", () => {
    const html = renderHtml(sampleReport());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("@media print");
    expect(html).toContain("break-before: page");
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('role="img"');
    expect(html).toContain("Pay, &quot;ments&quot;");
    expect(html).not.toContain("<b>bold</b>");
    expect(escapeHtml("<a href='x'>&</a>")).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  });

  test("the download name is safe for a header and a file system", () => {
    expect(reportFilename({ organization: "Acme, Inc. / EU", quarter: sampleReport().quarter }, "csv")).toBe("opsledger-report-acme-inc-eu-2026-Q3.csv");
  });
});

describe("assembleReport", () => {
  test("the org verdict, hours and cost come first, with the previous quarter's beside them", () => {
    const r = assembleReport(sampleInput());
    expect(r.verdict.verdict).toBe("fund-now");
    expect(r.verdict.hoursPerWeek).toBeCloseTo(87.8);
    expect(r.verdict.costPerWeek).toBeCloseTo(8780);
    expect(r.verdict.previous).toEqual({ verdict: "watch", hoursPerWeek: 50, costPerWeek: 5000 });
    expect(r.quarter).toEqual({ label: "2026-Q3", from: "2026-07-01T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z", asOf: "2026-10-01T00:00:00.000Z", complete: true });
    expect(r.previousQuarter.label).toBe("2026-Q2");
  });

  test("only signals that fire or warn are listed, each finding with its sentence and a weekly chart over the quarter", () => {
    const r = assembleReport(sampleInput());
    expect(r.signals.map((s) => [s.id, s.firing, s.warning])).toEqual([["ops-load", 1, 0]]);
    const finding = r.signals[0]?.findings[0];
    expect(finding?.team).toBe("payments");
    expect(finding?.sentence).toContain("14 sleep-hour pages");
    expect(finding?.chart?.metric).toBe("ops-share");
    expect(finding?.chart?.thresholds.map((t) => t.value)).toEqual([0.15, 0.2]);
    // 2026-Q3 overlaps 14 ISO weeks (Mon 2026-06-29 … Mon 2026-09-28).
    expect(finding?.chart?.points).toHaveLength(14);
    expect(finding?.chart?.points[0]?.weekStart).toBe("2026-06-29");
  });

  test("quarter over quarter per team: this quarter's verdict and hours against the previous one's", () => {
    const r = assembleReport(sampleInput());
    const payments = r.teams.find((t) => t.team === "payments");
    expect(payments?.current?.verdict).toBe("fund-now");
    expect(payments?.current?.firing).toEqual(["ops-load"]);
    expect(payments?.previous?.verdict).toBe("watch");
    expect(payments?.previous?.warning).toEqual(["ops-load"]);
    expect([payments?.current?.hoursPerWeek, payments?.previous?.hoursPerWeek]).toEqual([63.1, 40]);
    // No data is null, never 0.
    expect(payments?.current?.leadTime.medianMinutes).toBeNull();
  });

  test("a team that appears only in one quarter has null figures for the other", () => {
    const input = sampleInput();
    input.previous.teams = input.previous.teams.filter((t) => t.team.id !== "search");
    const search = assembleReport(input).teams.find((t) => t.team === "search");
    expect(search?.previous).toBeNull();
    expect(search?.current).not.toBeNull();
  });
});
