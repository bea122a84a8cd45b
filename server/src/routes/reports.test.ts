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
const DAY = 86_400_000;

/** What these tests read of GET /api/teams/:team/ops-work. */
interface OpsWorkAnswer {
  share: number | null;
  breakdown: string | null;
  weeks: { weekStart: string; share: number | null; workingMinutes: number }[];
}

/** RFC 4180 rows: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\r\n")) {
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          field += '"';
          i += 1;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") {
        fields.push(field);
        field = "";
      } else field += ch;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

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
    expect(finding?.sentence).toMatch(/^Payments: engineers' week on ops work \d+(\.\d)?% — alerts \d+(\.\d)?%, .* \(threshold 20%\); \d+ sleep-hour pages?, last 4 weeks$/);
    expect(finding?.chart?.metric).toBe("ops-share");
    expect(finding?.chart?.points).toHaveLength(14);
    expect(finding?.chart?.points.some((p) => p.value !== null && p.value >= 0.2)).toBe(true);
  });

  // Each team's ops-load finding leads its breakdown with the category the demo made dominant, and
  // says which minutes are estimated.
  test.each(SHAPED.filter(([, shape]) => shape.signals["ops-load"] !== "ok"))("%s: the ops-load finding leads with its dominant category", (team, shape) => {
    const finding = report.signals.find((s) => s.id === "ops-load")?.findings.find((f) => f.team === team);
    expect(finding?.sentence).toMatch(new RegExp(`week on ops work \\d+(\\.\\d)?% — ${CATEGORY_LABELS[shape.dominant]} \\d+(\\.\\d)?%`));
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

  // Issue 12, "Done when": one definition of the ops share everywhere. For every demo team and
  // window — the quarter, the 4 weeks the quarter's ops-load signal reads, the 4 weeks before now,
  // and a window that cuts weeks in two — the headline (ops-work endpoint), the weekly series, the
  // ops-load signal, the org summary, the report and its CSV give the same value to the digit,
  // with the same breakdown sentence, and the window's value is the weighted mean of its weeks.
  test("each quarter's CI and ops-share figures carry the counts they were computed from, as the team endpoints count them", async () => {
    for (const [quarter, figuresOf] of [
      [report.quarter, (r: Report["teams"][number]) => r.current],
      [report.previousQuarter, (r: Report["teams"][number]) => r.previous],
    ] as const) {
      const range = `from=${quarter.from}&to=${quarter.asOf}`;
      for (const row of report.teams) {
        const ci = (await (await t.app.request(`/api/teams/${row.team}/ci?${range}`)).json()) as { overall: { successes: number; failures: number } };
        const ops = (await (await t.app.request(`/api/teams/${row.team}/ops-work?${range}`)).json()) as { members: number };
        const figures = figuresOf(row);
        const at = { quarter: quarter.label, team: row.team };
        expect({ ...at, ciCount: figures?.ciCount, members: figures?.members }).toEqual({ ...at, ciCount: ci.overall.successes + ci.overall.failures, members: ops.members });
      }
    }
    expect(report.teams.find((r) => r.team === "payments")?.current?.ciCount).toBeGreaterThan(0);
  });

  test("headline, weekly series, signal, org summary, report and CSV give the same ops share for every demo team and window", async () => {
    const get = async <T>(path: string): Promise<T> => {
      const res = await t.app.request(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return (await res.json()) as T;
    };
    const csv = parseCsv(await (await t.app.request("/api/reports/2026-Q3/export?format=csv")).text());
    const column = (name: string) => csv[0]?.indexOf(name) ?? -1;
    const csvRow = (team: string) => csv.find((r) => r[0] === "2026-Q3" && r[column("team")] === team);
    const windows = [
      { name: "2026-Q3", from: "2026-07-01T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z", report: true, signal: true },
      { name: "the 4 weeks before Q3's end", from: "2026-09-03T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z", report: false, signal: true },
      { name: "the 4 weeks before now", from: new Date(NOW - 28 * DAY).toISOString(), to: new Date(NOW).toISOString(), report: false, signal: true },
      { name: "part weeks at both ends", from: "2026-08-13T12:00:00.000Z", to: "2026-10-02T06:00:00.000Z", report: false, signal: false },
    ];
    let compared = 0;
    for (const w of windows) {
      const range = `from=${w.from}&to=${w.to}`;
      const summary = await get<{
        verdict: { verdict: string; hoursPerWeek: number | null };
        teams: { team: string; verdict: string; opsShare: number | null; opsBreakdown: string | null }[];
      }>(`/api/org/summary?${range}`);
      expect(summary.teams.map((row) => row.team).sort()).toEqual(SHAPED.map(([id]) => id).sort());
      if (w.report) {
        // The report is the org summary of the quarter: the same verdicts and hours.
        expect(report.verdict.verdict).toBe(summary.verdict.verdict);
        expect(report.verdict.hoursPerWeek).toBe(summary.verdict.hoursPerWeek);
        for (const row of summary.teams) expect({ team: row.team, verdict: report.teams.find((r) => r.team === row.team)?.current?.verdict }).toEqual({ team: row.team, verdict: row.verdict });
      }
      for (const row of summary.teams) {
        const ops = await get<OpsWorkAnswer>(`/api/teams/${row.team}/ops-work?${range}`);
        const series = await get<{ series: { name: string; points: { weekStart: string; value: number | null }[] }[] }>(`/api/teams/${row.team}/series?metric=ops-share&${range}`);
        const weekly = series.series.find((s) => s.name === "team")?.points ?? [];
        const at = { window: w.name, team: row.team };
        expect(ops.share).not.toBeNull();
        expect({ ...at, weeks: weekly.map((p) => [p.weekStart, p.value]) }).toEqual({ ...at, weeks: ops.weeks.map((week) => [week.weekStart, week.share]) });
        // The window is the weighted mean of its weeks (weights: their working minutes).
        const weighted = ops.weeks.reduce((sum, week) => sum + (week.share ?? 0) * week.workingMinutes, 0) / ops.weeks.reduce((sum, week) => sum + week.workingMinutes, 0);
        expect(weighted).toBeCloseTo(ops.share ?? Number.NaN, 12);
        expect({ ...at, summary: row.opsShare, breakdown: row.opsBreakdown }).toEqual({ ...at, summary: ops.share, breakdown: ops.breakdown });
        if (w.signal) {
          const signals = await get<{ signals: { id: string; value: number | null; message: string; evidence: { facts: Record<string, unknown> } }[] }>(
            `/api/teams/${row.team}/signals?asOf=${w.to}`,
          );
          const opsLoad = signals.signals.find((s) => s.id === "ops-load");
          // The signal always reads the 4 weeks before its instant: for the quarter, compare it with those.
          const four = w.report ? await get<OpsWorkAnswer>(`/api/teams/${row.team}/ops-work?from=${new Date(Date.parse(w.to) - 28 * DAY).toISOString()}&to=${w.to}`) : ops;
          expect({ ...at, signal: opsLoad?.value, breakdown: opsLoad?.evidence.facts.breakdown, quoted: opsLoad?.message.endsWith(`: ${four.breakdown ?? "none"}`) }).toEqual({
            ...at,
            signal: four.share,
            breakdown: four.breakdown,
            quoted: true,
          });
          const finding = w.report ? report.signals.find((s) => s.id === "ops-load")?.findings.find((f) => f.team === row.team) : undefined;
          if (finding !== undefined) {
            expect({ ...at, finding: finding.value }).toEqual({ ...at, finding: four.share });
            expect(finding.sentence).toContain(four.breakdown ?? "no breakdown");
          }
        }
        if (w.report) {
          const figures = report.teams.find((r) => r.team === row.team)?.current;
          const line = csvRow(row.team);
          expect({ ...at, report: figures?.opsShare, breakdown: figures?.opsBreakdown, csv: Number(line?.[column("ops_share")]), csvBreakdown: line?.[column("ops_breakdown")] }).toEqual({
            ...at,
            report: ops.share,
            breakdown: ops.breakdown,
            csv: ops.share,
            csvBreakdown: ops.breakdown,
          });
        }
        compared += 1;
      }
    }
    expect(compared).toBe(windows.length * SHAPED.length);
  });

  // Issue 12 item 5: "how much are we already spending?" — the team whose ops load fires on ops
  // changes is the one whose merged changes and author time went most to ops work.
  test("the investment view: the team whose ops load is ops changes spends the largest share of its merged changes and author time on ops work", () => {
    const investing = SHAPED.filter(([, shape]) => shape.dominant === "ops_changes" && shape.signals["ops-load"] === "firing").map(([id]) => id);
    expect(investing).toHaveLength(1);
    const rows = report.teams.map((row) => ({ team: row.team, investment: row.current?.investment }));
    for (const { team, investment } of rows) {
      const fractions = [investment?.mergedChangesOpsShare, investment?.authorTimeOpsShare];
      expect({ team, merged: (investment?.mergedChanges ?? 0) > 0, fractions: fractions.every((f) => f !== null && f !== undefined && f >= 0 && f <= 1) }).toEqual({
        team,
        merged: true,
        fractions: true,
      });
    }
    const top = (pick: (i: NonNullable<(typeof rows)[number]["investment"]>) => number | null) =>
      [...rows].sort((a, b) => (b.investment === undefined ? 0 : (pick(b.investment) ?? 0)) - (a.investment === undefined ? 0 : (pick(a.investment) ?? 0)))[0]?.team;
    expect({ merged: top((i) => i.mergedChangesOpsShare), authorTime: top((i) => i.authorTimeOpsShare) }).toEqual({ merged: investing[0], authorTime: investing[0] });
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
