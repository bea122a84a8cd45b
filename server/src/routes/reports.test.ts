/**
 * The quarterly report on the demo organisation, on SQLite and on Postgres: the last complete
 * quarter's verdict and the signals the demo was shaped to fire (DEMO_SHAPE), the exports a
 * browser downloads, and what a client gets for a quarter it cannot have.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { testClient } from "hono/testing";
import { createApi } from "../app.ts";
import { loadDemo } from "../demo/index.ts";
import { opsShareBand, SHAPED, signalsWith } from "../demo/shape.testing.ts";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import type { Report } from "../reports/index.ts";
import { CATEGORY_LABELS } from "../reports/model.ts";

const NOW = Date.UTC(2026, 10, 21);

describe.each(DIALECTS)("GET /api/reports/:quarter on %s", (dialect) => {
  let t: TestApp;
  let report: Report;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    await loadDemo(t.database.db, { scale: 1, seed: 1, now: NOW });
    await t.deriver.drain();
    const res = await t.app.request("/api/reports/2026-Q3");
    expect(res.status).toBe(200);
    report = (await res.json()) as Report;
  });
  afterAll(async () => t.close());

  test("the last complete quarter leads with fund-now for the org, hours and their cost", () => {
    expect(report.quarter).toEqual({
      label: "2026-Q3",
      from: "2026-07-01T00:00:00.000Z",
      to: "2026-10-01T00:00:00.000Z",
      asOf: "2026-10-01T00:00:00.000Z",
      complete: true,
    });
    expect(report.previousQuarter.label).toBe("2026-Q2");
    expect(report.previousQuarter.to).toBe(report.quarter.from);
    expect(report.verdict.verdict).toBe("fund-now");
    expect(report.verdict.headline).toMatch(/^Fund DevOps now: \d of 6 teams have a firing signal; about \d+ h of engineering time a week/);
    expect(report.verdict.hoursPerWeek).toBeGreaterThan(0);
    expect(report.verdict.costPerWeek).toBeCloseTo((report.verdict.hoursPerWeek ?? 0) * report.hourlyRate);
    expect(report.currency).toBe("USD");
  });

  test.each(SHAPED.flatMap(([team, shape]) => signalsWith(shape, "firing").map((id) => [id, team] as const)))("the %s signal fires for %s, with evidence in one sentence", (id, team) => {
    const signal = report.signals.find((s) => s.id === id);
    const finding = signal?.findings.find((f) => f.team === team);
    expect(finding?.status).toBe("firing");
    expect(finding?.sentence.startsWith(`${finding?.teamName}: `)).toBe(true);
    expect(finding?.sentence).not.toContain("undefined");
    expect(finding?.sentence).not.toContain("NaN");
  });

  test("teams the demo keeps healthy appear among no findings", () => {
    const healthy = SHAPED.filter(([, shape]) => shape.verdict === "not-yet").map(([id]) => id);
    expect(healthy.length).toBeGreaterThan(0);
    const flagged = new Set(report.signals.flatMap((s) => s.findings.map((f) => f.team)));
    expect(healthy.filter((id) => flagged.has(id))).toEqual([]);
  });

  test.each(SHAPED)("%s: the quarter's firing and warning signals and verdict as the demo shaped them", (team, shape) => {
    const row = report.teams.find((r) => r.team === team);
    expect({ team, firing: row?.current?.firing, warning: row?.current?.warning, verdict: row?.current?.verdict }).toEqual({
      team,
      firing: signalsWith(shape, "firing"),
      warning: signalsWith(shape, "warning"),
      verdict: shape.verdict,
    });
  });

  test("ops-load evidence for payments gives its share against the 20% line, what it is made of (alerts first), sleep-hour pages, and a weekly chart over the quarter", () => {
    const finding = report.signals.find((s) => s.id === "ops-load")?.findings.find((f) => f.team === "payments");
    expect(finding?.sentence).toMatch(/^Payments: engineers spent \d+% of their week on ops work \(threshold 20%\) — alerts \d+%, .*; \d+ sleep-hour pages?, last 4 weeks$/);
    expect(finding?.chart?.metric).toBe("ops-share");
    expect(finding?.chart?.points).toHaveLength(14);
    expect(finding?.chart?.points.some((p) => p.value !== null && p.value >= 0.2)).toBe(true);
  });

  // Each team's ops-load finding leads its breakdown with the category the demo made dominant, and
  // says which minutes are estimated.
  test.each(SHAPED.filter(([, shape]) => shape.signals["ops-load"] !== "ok"))("%s: the ops-load finding leads with its dominant category", (team, shape) => {
    const finding = report.signals.find((s) => s.id === "ops-load")?.findings.find((f) => f.team === team);
    expect(finding?.sentence).toMatch(new RegExp(`of their week on ops work \\(threshold \\d+%\\) — ${CATEGORY_LABELS[shape.dominant]} \\d+(\\.\\d)?%`));
    expect(finding?.sentence).toMatch(/ops changes \d+(\.\d)?% \(estimated\)/);
  });

  test("every team this quarter against the previous one: DORA tiers, CI, ops share, verdict, hours", () => {
    expect(report.teams.map((t) => t.team).sort()).toEqual(["growth", "infra", "payments", "platform", "search", "storefront"]);
    const payments = report.teams.find((t) => t.team === "payments");
    expect(payments?.current?.verdict).toBe("fund-now");
    expect(payments?.current?.firing).toEqual(expect.arrayContaining(["ops-load", "compliance"]));
    expect(payments?.current?.deploymentFrequency.tier).not.toBeNull();
    expect(payments?.previous?.deploymentFrequency.count).toBeGreaterThan(0);
    const storefront = report.teams.find((t) => t.team === "storefront");
    expect(storefront?.current?.ciMedianMinutes).toBeGreaterThan(15);
  });

  test("each team's figures are marked better or worse against the previous quarter, by which way is better for each", () => {
    for (const row of report.teams) {
      const cur = row.current;
      const prev = row.previous;
      expect(Object.keys(row.trends).sort()).toEqual(["changeFailureRate", "ciFailureRate", "ciMedianMinutes", "deploysPerWeek", "leadTime", "opsShare", "recoveryTime"]);
      if (cur === null || prev === null || cur.changeFailureRate.rate === null || prev.changeFailureRate.rate === null) continue;
      const [now, before] = [cur.changeFailureRate.rate, prev.changeFailureRate.rate];
      const expected = Math.abs(now - before) < 0.05 * before || now === before ? "same" : now < before ? "better" : "worse";
      expect({ team: row.team, trend: row.trends.changeFailureRate }).toEqual({ team: row.team, trend: expected });
    }
    expect(report.teams.some((t) => t.trends.opsShare !== null)).toBe(true);
  });

  test.each(SHAPED)("%s: the quarter's ops share lies in the band of its shaped ops-load status", (team, shape) => {
    const share = report.teams.find((t) => t.team === team)?.current?.opsShare ?? Number.NaN;
    const [low, high] = opsShareBand(shape.signals["ops-load"], t.config.thresholds);
    expect({ team, share, inBand: share >= low && share < high }).toEqual({ team, share, inBand: true });
  });

  test("the report agrees with the org summary for the same window", async () => {
    const res = await t.app.request("/api/org/summary?from=2026-07-01&to=2026-09-30");
    const summary = (await res.json()) as { verdict: { verdict: string; hoursPerWeek: number | null }; teams: { team: string; verdict: string; opsShare: number | null }[] };
    expect(report.verdict.verdict).toBe(summary.verdict.verdict);
    expect(report.verdict.hoursPerWeek).toBeCloseTo(summary.verdict.hoursPerWeek ?? Number.NaN);
    for (const team of summary.teams) {
      const row = report.teams.find((r) => r.team === team.team);
      expect(row?.current?.verdict).toBe(team.verdict);
      expect(row?.current?.opsShare).toBeCloseTo(team.opsShare ?? Number.NaN);
    }
  });

  test.each([
    ["csv", "text/csv; charset=utf-8", "opsledger-report-organization-2026-Q3.csv", "quarter,from,to,as_of,team"],
    ["json", "application/json; charset=utf-8", "opsledger-report-organization-2026-Q3.json", '"organization": "Organization"'],
    ["md", "text/markdown; charset=utf-8", "opsledger-report-organization-2026-Q3.md", "## Verdict: Fund now"],
    ["html", "text/html; charset=utf-8", "opsledger-report-organization-2026-Q3.html", "@media print"],
  ])("export as %s downloads as an attachment", async (format, type, filename, content) => {
    const res = await t.app.request(`/api/reports/2026-Q3/export?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${filename}"`);
    const body = await res.text();
    expect(body).toContain(content);
    expect(body).toContain("Payments");
  });

  test("the CSV has a row per team for each quarter", async () => {
    const body = await (await t.app.request("/api/reports/2026-Q3/export?format=csv")).text();
    const lines = body.trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 2 * 6);
    expect(lines.filter((l) => l.startsWith("2026-Q3,")).map((l) => l.split(",")[4]).sort()).toEqual(["growth", "infra", "payments", "platform", "search", "storefront"]);
    expect(lines.filter((l) => l.startsWith("2026-Q2,"))).toHaveLength(6);
  });

  test("the current quarter is reported as of now, marked incomplete", async () => {
    const res = await t.app.request("/api/reports/2026-Q4");
    expect(res.status).toBe(200);
    const current = (await res.json()) as Report;
    expect(current.quarter).toMatchObject({ label: "2026-Q4", to: "2027-01-01T00:00:00.000Z", asOf: "2026-11-21T00:00:00.000Z", complete: false });
    expect(current.previousQuarter.label).toBe("2026-Q3");
  });

  test("a quarter without any record says so: no verdict, no finding, not even from declared compliance targets or services", async () => {
    const res = await t.app.request("/api/reports/2020-Q1");
    expect(res.status).toBe(200);
    const empty = (await res.json()) as Report;
    expect(empty.verdict.verdict).toBe("no-data");
    expect(empty.verdict.headline).toBe("No data for this period: none of the 6 teams has a record in it, so there is no verdict.");
    expect(empty.signals).toEqual([]);
    expect(empty.verdict.teams.map((t) => [t.team, t.verdict, t.firing, t.warning])).toEqual(
      ["growth", "infra", "payments", "platform", "search", "storefront"].map((id) => [id, "no-data", [], []]),
    );
  });

  test("the typed client reaches the report and its JSON type carries the verdict", async () => {
    const client = testClient(createApi({ db: t.database.db, config: t.config, env: t.env, webDist: null, now: () => NOW, deriver: t.deriver }));
    const res = await client.reports[":quarter"].$get({ param: { quarter: "2026-Q3" } });
    expect(res.status).toBe(200);
    const body = await res.json();
    const verdict: "fund-now" | "watch" | "not-yet" | "no-data" = body.verdict.verdict;
    expect(verdict).toBe("fund-now");
  });
});

describe("GET /api/reports/:quarter refuses what it cannot answer", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { now: NOW });
  });
  afterAll(async () => t.close());

  test.each(["2026-Q5", "2026Q3", "Q3-2026", "2026-07", "latest"])("%s is a 400 naming the expected form", async (quarter) => {
    const res = await t.app.request(`/api/reports/${quarter}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toContain("expected YYYY-Qn (e.g. 2026-Q3)");
    expect(body.detail).toContain(quarter);
  });

  test.each(["2027-Q1", "2030-Q2"])("%s lies entirely in the future: 400", async (quarter) => {
    for (const path of [`/api/reports/${quarter}`, `/api/reports/${quarter}/export?format=csv`]) {
      const res = await t.app.request(path);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain(`quarter ${quarter} is in the future`);
    }
  });

  test("an unknown export format is a 400 listing the formats", async () => {
    const res = await t.app.request("/api/reports/2026-Q3/export?format=pdf");
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { detail: string }).detail;
    for (const f of ["csv", "json", "md", "html"]) expect(error).toContain(f);
  });

  test("an empty organisation still gets a report: not-yet, no signals, no hours", async () => {
    const res = await t.app.request("/api/reports/2026-Q3");
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report.verdict.verdict).toBe("not-yet");
    expect(report.verdict.hoursPerWeek).toBeNull();
    expect(report.signals).toEqual([]);
    expect(report.teams).toEqual([]);
  });
});
