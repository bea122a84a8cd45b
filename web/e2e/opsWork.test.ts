/**
 * The ops-work ledger on a team page, in headless Chromium against the real server on the demo
 * org (issue 12): the ops chart stacks the ledger's categories with the estimate hatched, the 15%
 * and 20% lines are drawn with labels that do not overlap, the on-call heat map shows a row per
 * person on call, and the ops card quotes the breakdown sentence — with a screenshot in
 * test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, openDemoSession, type DemoSession } from "./harness.ts";

const CHART = "Ops share by category, % of the team's working time per week";

describe("the ops-work ledger on the team page, in a real browser", { timeout: 60_000 }, () => {
  let session: DemoSession | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    session = await openDemoSession(TEST_NOW);
    ({ page, errors } = session);
    await page.goto(session.url("/teams/payments"));
    await page.getByRole("heading", { level: 1, name: /Payments/ }).waitFor();
  });

  afterAll(async () => {
    await session?.close();
  });

  test("the ops chart stacks every counted category, the estimated one hatched, under the 15% and 20% lines", async () => {
    const chart = page.locator("figure.chart").filter({ has: page.getByRole("img", { name: CHART }) });
    await chart.locator("svg.recharts-surface").first().waitFor({ timeout: 20_000 });
    const legend = chart.locator(".recharts-legend-item-text");
    await expect.poll(() => legend.allTextContents(), { timeout: 20_000 }).toEqual(["Alerts", "Incidents", "Pipeline toil", "Deployment toil", "Ops changes (estimated)"]);
    // Every category is drawn as bars in one stack; the estimate is filled with its hatch pattern.
    expect(await chart.locator(".recharts-bar").count()).toBe(5);
    const hatched = chart.locator(".recharts-bar.bar-hatched .recharts-rectangle");
    expect(await hatched.count()).toBeGreaterThan(0);
    const fill = (await hatched.first().getAttribute("fill")) ?? "";
    expect(fill).toMatch(/^url\(#.+-hatch-s4\)$/);
    expect(await chart.locator(`pattern#${fill.slice(5, -1)}`).count()).toBe(1);

    expect(await chart.locator(".recharts-reference-line line, .recharts-reference-line-line").count()).toBe(2);
    // Recharts draws labels in a layer of their own, above the lines.
    const labels = chart.locator("svg text").filter({ hasText: /^(Warning|Critical) / });
    await expect.poll(() => labels.allTextContents()).toEqual(["Warning 15%", "Critical 20%"]);
    const [warning, critical] = await Promise.all([labels.nth(0).boundingBox(), labels.nth(1).boundingBox()]);
    if (warning === null || critical === null) throw new Error("threshold labels not laid out");
    // The critical label sits wholly above the warning label: they never print over each other.
    expect(critical.y + critical.height).toBeLessThanOrEqual(warning.y);
    expect(errors).toEqual([]);
  });

  let sentence = "";

  test("the ops card quotes the breakdown sentence, largest category first, the estimate marked", async () => {
    const card = page.getByRole("region", { name: "Ops share", exact: true });
    await expect.poll(() => card.locator(".ops-breakdown").textContent(), { timeout: 20_000 }).toMatch(/^\d+(\.\d)?% — alerts \d+(\.\d)?%, .*ops changes \d+(\.\d)?% \(estimated\)/);
    sentence = (await card.locator(".ops-breakdown").textContent()) ?? "";
    // The headline figure and the sentence under it read the same number.
    expect(sentence.split(" — ")[0]).toBe(await card.locator(".figure-value").textContent());
  });

  test("a person × week heat map shows the on-call load of everyone who held a shift", async () => {
    const map = page.locator("figure.heat-map");
    await map.locator("table.heat-table").waitFor({ timeout: 20_000 });
    const rows = map.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(1);
    const weeks = await map.locator("thead th").count();
    expect(weeks).toBeGreaterThan(4);
    const cells = await map.locator("tbody td").allTextContents();
    expect(cells.length).toBe((await rows.count()) * (weeks - 1));
    expect(cells.some((c) => /^\d+(\.\d)?%$/.test(c))).toBe(true);
    expect(cells.every((c) => c === "off" || /^\d+(\.\d)?%$/.test(c))).toBe(true);
    // The seven-line per-person chart is gone: no chart draws a line per person any more.
    expect(await page.getByRole("img", { name: /busiest people/ }).count()).toBe(0);
    await map.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("6-ops-work.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("the ledger drill-down names each record's kind in words (\"CI run\", not \"Ci run\") and each category as the chart's legend does", async () => {
    await page.goto(session?.url("/teams/payments/records/ops-work?category=pipeline") ?? "/");
    const rows = page.locator("table.records-table tbody tr");
    await rows.first().waitFor({ timeout: 20_000 });
    const records = await rows.locator("td:nth-child(5)").allTextContents();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record).toMatch(/^CI run \S+$/);
    expect([...new Set(await rows.locator("td:nth-child(3)").allTextContents())]).toEqual(["Pipeline toil"]);
    await page.screenshot({ path: artifactPath("6b-ledger-records.png"), fullPage: true });
    // Every kind of record, unfiltered: words, never an id made into a label.
    await page.goto(session?.url("/teams/payments/records/ops-work") ?? "/");
    await rows.first().waitFor({ timeout: 20_000 });
    for (const record of await rows.locator("td:nth-child(5)").allTextContents()) expect(record).toMatch(/^(CI run|Page|Incident|Deployment|Change|Working day) \S+$/);
    expect(await page.locator("table.records-table").textContent()).not.toMatch(/Ci run|Ci_run|ci_run/);
    expect(errors).toEqual([]);
  });

  test("the org overview quotes the team's figure in the same words as its page", async () => {
    expect(sentence).not.toBe("");
    await page.goto(session?.url("/") ?? "/");
    const row = page.locator("table.overview-table tbody tr").filter({ has: page.getByRole("link", { name: "Payments", exact: true }) });
    await expect.poll(() => row.locator(".ops-breakdown").textContent(), { timeout: 20_000 }).toBe(sentence);
    expect(errors).toEqual([]);
  });

  test("the quarterly report shows each team's breakdown and the investment view", async () => {
    await page.goto(session?.url("/reports/2026-Q3") ?? "/");
    const section = page.getByRole("region", { name: /Where engineering time goes/ });
    await section.waitFor({ timeout: 20_000 });
    const rows = section.locator("tbody tr");
    expect(await rows.count()).toBe(6);
    const payments = rows.filter({ has: page.getByRole("rowheader", { name: "Payments" }) });
    const cells = payments.locator("td");
    expect(await cells.nth(0).locator("div").first().textContent()).toMatch(/^\d+(\.\d)?% — alerts \d/);
    expect(await cells.nth(1).locator("div").first().textContent()).toMatch(/^\d+(\.\d)?% of \d+$/);
    expect(await cells.nth(2).locator("div").first().textContent()).toMatch(/^\d+(\.\d)?%$/);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("7-report-investment.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
