import { describe, expect, test } from "vitest";
import { nextSort, readSort, sortRows, type OverviewRowLike } from "./overview.ts";
import { notesFor } from "./notes.ts";
import { formatRecordCount, isRecordMetric, pageSummary, recordKindLabel, sourceName } from "./records.ts";
import { lastDay, parseSprint, sprintContaining } from "./sprints.ts";
import { arrow, trend } from "./trend.ts";

type Tier = "elite" | "high" | "medium" | "low" | null;
const row = (name: string, o: { tier?: Tier; ops?: number | null; ci?: number | null; verdict?: OverviewRowLike["verdict"] } = {}): OverviewRowLike => ({
  team: name.toLowerCase(),
  name,
  dora: {
    deploymentFrequency: { tier: o.tier ?? null },
    leadTime: { tier: o.tier ?? null },
    changeFailureRate: { tier: o.tier ?? null },
    recoveryTime: { tier: o.tier ?? null },
  },
  opsShare: o.ops ?? null,
  ciMedianMinutes: o.ci ?? null,
  verdict: o.verdict ?? "not-yet",
});

describe("overview ordering", () => {
  const rows = [
    row("Payments", { tier: "low", ops: 0.3, ci: 10, verdict: "fund-now" }),
    row("Growth", { tier: "elite", ops: 0.01, ci: 6, verdict: "not-yet" }),
    row("Search", { tier: null, ops: null, ci: 12, verdict: "watch" }),
    row("Alpha", { tier: "high", ops: 0.17, ci: null, verdict: "watch" }),
  ];
  const names = (list: OverviewRowLike[]) => list.map((r) => r.name);

  test("by verdict: fund now first, ties by name", () => {
    expect(names(sortRows(rows, "verdict", "desc"))).toEqual(["Payments", "Alpha", "Search", "Growth"]);
  });
  test("by tier: best first, teams without data last in either direction", () => {
    expect(names(sortRows(rows, "leadTime", "desc"))).toEqual(["Growth", "Alpha", "Payments", "Search"]);
    expect(names(sortRows(rows, "leadTime", "asc"))).toEqual(["Payments", "Alpha", "Growth", "Search"]);
  });
  test("by ops share and CI median, missing values last", () => {
    expect(names(sortRows(rows, "opsShare", "desc"))).toEqual(["Payments", "Alpha", "Growth", "Search"]);
    expect(names(sortRows(rows, "ciMedian", "asc"))).toEqual(["Growth", "Payments", "Search", "Alpha"]);
  });
  test("sorting does not change the input", () => {
    sortRows(rows, "name", "asc");
    expect(names(rows)).toEqual(["Payments", "Growth", "Search", "Alpha"]);
  });
  test("clicking a header: the same column flips, a new one starts at its natural order", () => {
    expect(nextSort({ key: "opsShare", dir: "desc" }, "opsShare")).toEqual({ key: "opsShare", dir: "asc" });
    expect(nextSort({ key: "opsShare", dir: "desc" }, "name")).toEqual({ key: "name", dir: "asc" });
    expect(nextSort({ key: "name", dir: "asc" }, "ciMedian")).toEqual({ key: "ciMedian", dir: "desc" });
  });
  test("the order lives in the URL, with a default", () => {
    expect(readSort(new URLSearchParams("sort=ciMedian&dir=asc"))).toEqual({ key: "ciMedian", dir: "asc" });
    expect(readSort(new URLSearchParams("sort=bogus"))).toEqual({ key: "verdict", dir: "desc" });
  });
});

describe("trend against the previous period", () => {
  test.each([
    [5, 3, "higher", "better", "▲"],
    [5, 3, "lower", "worse", "▲"],
    [2, 3, "lower", "better", "▼"],
    [3, 3, "lower", "same", "="],
    [null, 3, "lower", null, ""],
    [3, undefined, "higher", null, ""],
  ] as const)("%s after %s (%s is better) → %s %s", (current, previous, better, direction, symbol) => {
    expect(trend(current, previous, better)).toBe(direction);
    expect(arrow(current, previous)).toBe(symbol);
  });
});

describe("notes beside figures", () => {
  const notes = [
    { code: "bot_changes_excluded", count: 3, message: "bots" },
    { code: "incidents_unresolved", count: 1, message: "open" },
    { code: "no_data", count: 0, message: "none" },
    { code: "something_new", count: 2, message: "new" },
  ];
  test("each note goes to the figures it qualifies; unknown codes go everywhere; no_data nowhere", () => {
    expect(notesFor(notes, "leadTime").map((n) => n.code)).toEqual(["bot_changes_excluded", "something_new"]);
    expect(notesFor(notes, "recoveryTime").map((n) => n.code)).toEqual(["incidents_unresolved", "something_new"]);
  });
});

describe("records", () => {
  test("page summary", () => {
    expect(pageSummary(2, 50, 193)).toEqual({ first: 51, last: 100, pages: 4 });
    expect(pageSummary(4, 50, 193)).toEqual({ first: 151, last: 193, pages: 4 });
    expect(pageSummary(1, 50, 0)).toBeNull();
  });
  test("source links are named after their system", () => {
    expect(sourceName("https://github.com/acme/ledger/pull/12")).toBe("GitHub");
    expect(sourceName("https://acme.pagerduty.com/incidents/P1")).toBe("PagerDuty");
    expect(sourceName("https://ci.example.com/run/1")).toBe("ci.example.com");
    expect(sourceName("not a url")).toBe("source");
  });
  test("only known record kinds are accepted from the URL", () => {
    expect(isRecordMetric("changes")).toBe(true);
    expect(isRecordMetric("toString")).toBe(false);
    expect(isRecordMetric(undefined)).toBe(false);
  });
  test.each([
    ["ci_run", "CI run", "1 CI run", "3 CI runs"],
    ["change", "Change", "1 change", "3 changes"],
    ["deployment", "Deployment", "1 deployment", "3 deployments"],
    ["incident", "Incident", "1 incident", "3 incidents"],
    ["alert", "Alert", "1 alert", "3 alerts"],
    ["page", "Page", "1 page", "3 pages"],
    ["day", "Working day", "1 working day", "3 working days"],
    ["person", "Person", "1 person", "3 people"],
    // A kind the web does not know yet still reads as words, never as an id.
    ["oncall_shift", "Oncall shift", "1 oncall shift", "3 oncall shift records"],
  ])("a %s record reads as %s", (kind, label, one, three) => {
    expect(recordKindLabel(kind)).toBe(label);
    expect(formatRecordCount(1, kind)).toBe(one);
    expect(formatRecordCount(3, kind)).toBe(three);
  });
});

describe("sprints", () => {
  const sprint0 = { n: 0, from: "2026-01-05T00:00:00.000Z", to: "2026-01-19T00:00:00.000Z" };
  test("the sprint containing now follows from any one sprint's window", () => {
    expect(sprintContaining(sprint0, Date.parse("2026-01-05T00:00:00Z"))).toBe(0);
    expect(sprintContaining(sprint0, Date.parse("2026-01-18T23:59:59Z"))).toBe(0);
    expect(sprintContaining(sprint0, Date.parse("2026-01-19T00:00:00Z"))).toBe(1);
    expect(sprintContaining(sprint0, Date.parse("2025-12-30T00:00:00Z"))).toBe(-1);
    expect(sprintContaining({ n: 0, from: "x", to: "y" }, 0)).toBeNull();
  });
  test("sprint numbers from the URL", () => {
    expect(parseSprint("22")).toBe(22);
    expect(parseSprint("-1")).toBe(-1);
    expect(parseSprint("2.5")).toBeNull();
    expect(parseSprint(undefined)).toBeNull();
  });
  test("the last day of an exclusive window", () => {
    expect(lastDay("2026-01-19T00:00:00.000Z")).toBe("2026-01-18");
  });
});
