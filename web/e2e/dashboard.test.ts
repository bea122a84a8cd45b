/**
 * The four jobs, driven in headless Chromium against the real server on the demo org: the
 * overview, a team dashboard, a figure followed to its records, a sprint review, and the quarterly
 * report printed to PDF — with no console errors, and a screenshot of each page in test-artifacts/.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { formatWindow } from "../src/format.ts";
import { DEFAULT_WEEKS, lastCompleteQuarter, lastWeeks, previousQuarter } from "../src/url.ts";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, openDemoSession, type DemoSession } from "./harness.ts";

const NOW = TEST_NOW;
const QUARTER = lastCompleteQuarter(NOW);
const previousQuarterOf = (q: string): string => previousQuarter(q) ?? "";
/** The days the default range covers, as the server computes it ([first day, now)) and a figure prints it. */
const DEFAULT_WINDOW = formatWindow({ from: `${lastWeeks(DEFAULT_WEEKS, NOW).from}T00:00:00.000Z`, to: new Date(NOW).toISOString() });

describe("the dashboard in a real browser, on the demo org", { timeout: 60_000 }, () => {
  let session: DemoSession | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    session = await openDemoSession(NOW);
    ({ page, errors } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const url = (path: string) => {
    if (session === undefined) throw new Error("server not started");
    return session.url(path);
  };

  test("the overview shows every team with its verdict, and sorts by a column", async () => {
    await page.goto(url("/"));
    await page.getByRole("heading", { level: 1, name: "Organization overview" }).waitFor();
    const rows = page.locator("table.overview-table tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    await expect.poll(() => page.getByRole("region", { name: "Organization verdict" }).textContent(), { timeout: 20_000 }).toMatch(/Engineer-hours a week lost to ops work/);
    expect(await page.getByRole("img", { name: /^Signals — / }).count()).toBe(6);

    await page.getByRole("button", { name: /Ops share/ }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain("sort=opsShare");
    await expect.poll(() => page.locator("th[aria-sort]").textContent(), { timeout: 20_000 }).toContain("Ops share");
    expect(await page.locator("th[aria-sort]").getAttribute("aria-sort")).toBe("descending");
    await page.screenshot({ path: artifactPath("1-overview.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("each figure on the overview says what it is, what it counted and over which days, on hover and from the keyboard; the signal chips read as words", async () => {
    const payments = page.locator("table.overview-table tbody tr").filter({ has: page.getByRole("link", { name: "Payments", exact: true }) });
    const cells = payments.locator("td[title]");
    expect(await cells.count()).toBe(6);
    const leadTime = (await cells.nth(1).getAttribute("title")) ?? "";
    expect(leadTime).toMatch(new RegExp(`^Median time from the start of work .* Median of [\\d,]+ deployed changes?, ${DEFAULT_WINDOW}\\.$`));
    expect(await cells.nth(4).getAttribute("title")).toMatch(new RegExp(`Ledger minutes of \\d+ members? over their working time, ${DEFAULT_WINDOW}\\.$`));
    expect(await cells.nth(5).getAttribute("title")).toMatch(new RegExp(`Median of [\\d,]+ runs? that succeeded or failed, ${DEFAULT_WINDOW}\\.$`));
    // The same words behind a disclosure a keyboard opens.
    const about = cells.nth(1).locator("details.figure-about");
    await about.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await about.getAttribute("open")).not.toBeNull();
    expect(await about.locator("p").textContent()).toBe(leadTime);
    expect(await about.locator("summary .visually-hidden").textContent()).toBe("About Payments: lead time");
    // Signals as words; the full name in the title.
    const chips = payments.locator(".heat-cell");
    expect((await chips.allTextContents()).map((c) => c.replace(/\s*[!~✓?]$/, ""))).toEqual(["Team size", "Delivery", "Architecture", "Compliance", "Ops load"]);
    expect(await chips.nth(1).getAttribute("title")).toMatch(/^Delivery pressure: (firing|warning|ok|unknown)$/);
    await payments.screenshot({ path: artifactPath("1c-overview-figure-about.png") });
    await page.keyboard.press("Enter");
    expect(await about.getAttribute("open")).toBeNull();
    expect(errors).toEqual([]);
  });

  test("the overview shows the organization's trend, quarter over quarter, each move marked better or worse", async () => {
    const trend = page.getByRole("region", { name: /^Trend: \d{4}-Q\d against \d{4}-Q\d$/ });
    await trend.waitFor({ timeout: 20_000 });
    expect(await trend.getByRole("heading", { level: 2 }).textContent()).toBe(`Trend: ${QUARTER} against ${previousQuarterOf(QUARTER)}`);
    expect(await trend.locator("tbody tr").count()).toBe(6);
    const marks = trend.locator(".trend-mark");
    expect(await marks.count()).toBeGreaterThan(0);
    for (const text of await marks.allTextContents()) expect(text).toMatch(/^(▲|▼|=)? ?(better|worse|same)$/);
    expect(await trend.locator("p").first().textContent()).toMatch(/^\d+ figures better, \d+ worse across the teams/);
    await trend.screenshot({ path: artifactPath("1b-overview-trend.png") });
    expect(errors).toEqual([]);
  });

  test("the page can be used from the keyboard: the first Tab reaches the skip link, which jumps to the content", async () => {
    await page.reload();
    await page.locator("table.overview-table").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
  });

  test("the overview table fits a 1280 × 800 screen without scrolling sideways, and no column is left empty", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await page.goto(url("/"));
      const table = page.locator("table.overview-table");
      await table.locator("tbody tr").first().waitFor();
      const fit = await table.evaluate((t) => {
        const container = t.parentElement;
        const columns = t.querySelectorAll("thead th").length;
        const rows = [...t.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => (c.textContent ?? "").trim()));
        return {
          table: t.scrollWidth,
          container: container?.clientWidth ?? 0,
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          emptyColumns: Array.from({ length: columns }, (_, i) => i).filter((i) => rows.every((cells) => (cells[i] ?? "") === "")),
          cellsPerRow: [...new Set(rows.map((cells) => cells.length))],
          columns,
        };
      });
      expect(fit.table).toBeLessThanOrEqual(fit.container);
      expect(fit.page).toBeLessThanOrEqual(fit.viewport);
      expect(fit.emptyColumns).toEqual([]);
      expect(fit.cellsPerRow).toEqual([fit.columns]);
      await page.screenshot({ path: artifactPath("1d-overview-1280x800.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  test("a team opens from the overview with its DORA figures and weekly charts", async () => {
    await page.getByRole("link", { name: "Payments", exact: true }).click();
    await page.waitForURL(/\/teams\/payments\?/);
    await page.getByRole("heading", { level: 1, name: /Payments/ }).waitFor();
    for (const figure of ["Deployment frequency", "Lead time for changes", "Change failure rate", "Failed deployment recovery time", "Rework rate"]) {
      await page.getByRole("region", { name: figure, exact: true }).waitFor();
    }
    const drawn = page.locator("figure.chart [role=img]").filter({ has: page.locator("svg.recharts-surface") });
    await expect.poll(() => drawn.count(), { timeout: 20_000 }).toBe(7);
    expect(await page.getByRole("img", { name: "Production deployments per week" }).getAttribute("aria-describedby")).toBeTruthy();
    // The partial-weeks note is said once, above the charts (the default range starts and ends mid-week); each chart marks its partial weeks and points to it.
    const partialNote = page.locator("#partial-weeks");
    // On a week's first day the note first says the week that began that day is not drawn, so the partial weeks' sentence is found, not anchored.
    const noteText = await partialNote.textContent();
    expect(noteText).toMatch(/^\* Partial weeks, on every chart below\. /);
    expect(noteText).toMatch(/\d+ weeks? (is|are) only partly in the range/);
    expect(await page.locator("p", { hasText: "only partly in the range" }).count()).toBe(1);
    expect(await page.locator("figure.chart a[href='#partial-weeks']").count()).toBe(7);
    for (const chart of await page.locator("figure.chart").all()) {
      expect(await chart.locator("[role=img]").getAttribute("aria-describedby")).toMatch(/ partial-weeks$/);
      expect(await chart.locator("svg text").filter({ hasText: /^\d{1,2} [A-Z][a-z]{2}\*$/ }).count()).toBeGreaterThan(0);
    }
    await page.locator("figure.chart a[href='#partial-weeks']").first().click();
    await expect.poll(() => page.url()).toMatch(/#partial-weeks$/);
    // The link scrolled the note into view: the note and the first charts, as a reader following it sees them.
    await page.screenshot({ path: artifactPath("2c-partial-weeks-note.png") });
    // Each headline figure says what it is, in a disclosure a keyboard reaches, and on its link.
    const frequency = page.getByRole("region", { name: "Deployment frequency", exact: true });
    expect(await frequency.locator("details.figure-definition").textContent()).toContain("Successful production deployments per week");
    expect(await frequency.locator(".figure-value a").getAttribute("title")).toMatch(/^Successful production deployments per week.*Opens the records behind it\.$/);
    // … and what it counted over which days: the count and the window, on the link and in the disclosure.
    const basis = new RegExp(`^[\\d,]+ production deployments?, ${DEFAULT_WINDOW}\\.$`);
    expect(await frequency.locator(".figure-basis").textContent()).toMatch(basis);
    expect(await frequency.locator(".figure-value a").getAttribute("title")).toContain(`production deployments, ${DEFAULT_WINDOW}. Opens the records behind it.`);
    const leadTime = page.getByRole("region", { name: "Lead time for changes", exact: true });
    await leadTime.locator("details.figure-definition summary").focus();
    await page.keyboard.press("Enter");
    expect(await leadTime.locator("details.figure-definition").textContent()).toMatch(new RegExp(`Median of [\\d,]+ deployed changes?, ${DEFAULT_WINDOW}\\.$`));
    await leadTime.screenshot({ path: artifactPath("2b-figure-definition.png") });
    await expect.poll(() => page.getByRole("region", { name: /^Signal Ops load/ }).count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: artifactPath("2-team.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("the lead-time figure leads to the changes behind it", async () => {
    await page.getByRole("region", { name: "Lead time for changes", exact: true }).locator(".figure-value a").click();
    await page.waitForURL(/\/teams\/payments\/records\/changes\?/);
    await page.getByRole("heading", { level: 1, name: /Changes \(lead time\)/ }).waitFor();
    const rows = page.locator("table.records-table tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator(".records-count").textContent()).toMatch(/^Showing 1–\d+ of [\d,]+, newest first\.$/);
    const sources = page.locator("table.records-table a[href^='http']");
    if ((await sources.count()) > 0) expect(await sources.first().getAttribute("target")).toBe("_blank");
    // Each author by name, linked to their page (the demo's people commit under their own GitHub logins); a login no person claims (a bot) stays as it is, unlinked.
    const authors = rows.locator("td:nth-child(2)");
    const linked = authors.getByRole("link");
    expect(await linked.count()).toBeGreaterThan(0);
    for (const text of await authors.allTextContents()) expect(text).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$|\[bot\]$/);
    await page.screenshot({ path: artifactPath("3-records.png"), fullPage: true });
    const author = linked.first();
    const name = (await author.textContent()) ?? "";
    expect(await author.getAttribute("href")).toMatch(/^\/people\/[a-z-]+\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    await author.click();
    await page.waitForURL(/\/people\/[a-z-]+\?/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.goBack();
    await rows.first().waitFor();
    expect(errors).toEqual([]);
  });

  test("the change-failure-rate figure leads to the failed deployments, each saying why it failed", async () => {
    await page.goBack();
    await page.getByRole("region", { name: "Change failure rate", exact: true }).locator(".figure-value a").click();
    await page.waitForURL(/\/teams\/payments\/records\/failed-deployments\?/);
    const rows = page.locator("table.records-table tbody tr");
    await rows.first().waitFor();
    // The server's sentence names the incident or rollback and the rule that charged it.
    expect(await rows.first().textContent()).toMatch(/within the failure window|names this deployment as its cause|rolled back by/);
    expect(errors).toEqual([]);
  });

  test("the rework figure drills to exactly the reworked deployments", async () => {
    await page.goBack();
    const figure = page.getByRole("region", { name: "Rework rate", exact: true });
    const sub = (await figure.locator(".figure-sub").first().textContent()) ?? "";
    const reworked = Number(/([\d,]+) of [\d,]+ deployments unplanned/.exec(sub)?.[1]?.replace(/,/g, ""));
    expect(reworked).toBeGreaterThan(0);
    await figure.locator(".figure-value a").click();
    await page.waitForURL(/\/teams\/payments\/records\/rework\?/);
    await page.getByRole("heading", { level: 1, name: "Rework deployments — Payments" }).waitFor();
    await expect.poll(() => page.locator(".records-count").textContent(), { timeout: 20_000 }).toMatch(new RegExp(`of ${reworked.toLocaleString("en-GB")}, newest first\\.$`));
    expect(errors).toEqual([]);
  });

  test("a records filter narrows the list, and each row links to its source", async () => {
    await page.goto(url("/teams/payments/records/ci-runs"));
    const count = page.locator(".records-count");
    await count.waitFor();
    const total = (text: string | null) => Number(/of ([\d,]+), newest first/.exec(text ?? "")?.[1]?.replace(/,/g, ""));
    const before = total(await count.textContent());
    expect(before).toBeGreaterThan(0);
    await page.getByRole("search", { name: "Filter records" }).getByLabel("Status").selectOption("failure");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=failure/);
    await expect.poll(async () => total(await count.textContent()), { timeout: 20_000 }).toBeLessThan(before);
    const rows = page.locator("table.records-table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      expect(await row.textContent()).toContain("failure");
      const link = row.getByRole("link", { name: /GitHub/ });
      expect(await link.getAttribute("href")).toMatch(/^https:\/\/github\.com\/.+\/actions\/runs\//);
      expect(await link.getAttribute("target")).toBe("_blank");
    }
    await page.screenshot({ path: artifactPath("3b-records-filtered.png"), fullPage: true });
    // Sleep-hour pages are shown in the person's own zone, named.
    await page.goto(url("/teams/payments/records/pages?band=sleep"));
    await page.locator("table.records-table tbody tr").first().waitFor();
    expect(await page.getByLabel("Band").inputValue()).toBe("sleep");
    const first = await page.locator("table.records-table tbody tr").first().locator("td").first().textContent();
    expect(first).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, (\d{2}):\d{2} \([A-Za-z_]+\/[A-Za-z_]+|UTC\)/);
    const hour = Number(/, (\d{2}):/.exec(first ?? "")?.[1]);
    expect(hour >= 22 || hour < 8).toBe(true);
    await page.goto(url("/teams/payments"));
    await page.getByRole("heading", { level: 1, name: /Payments/ }).waitFor();
    expect(errors).toEqual([]);
  });

  test("the sprint link opens the last complete sprint against the one before; the running sprint is one click away, labelled so far", async () => {
    await page.getByRole("link", { name: "Sprint alert review" }).click();
    await page.waitForURL(/\/teams\/payments\/sprints\/-?\d+$/);
    const n = Number(/sprints\/(-?\d+)$/.exec(page.url())?.[1]);
    // The sprint running at the test's clock, from the configured cadence (anchor 2026-01-05, 14 days).
    const running = Math.floor((NOW - Date.UTC(2026, 0, 5)) / (14 * 86_400_000));
    expect(n).toBe(running - 1);
    await page.getByRole("heading", { level: 1, name: `Sprint ${n} alert review: Payments` }).waitFor();
    const table = page.getByRole("region", { name: "This sprint against the previous one" });
    await table.waitFor();
    expect(await table.locator("thead").textContent()).toContain(`Sprint ${n - 1}`);
    for (const measure of ["Alerts", "Actionable ratio", "Pages in sleep hours", "Time to acknowledge (median)", "Time to fix (median)"]) {
      expect(await table.getByRole("rowheader", { name: measure, exact: true }).count()).toBe(1);
    }
    // A complete sprint: no "so far" on it.
    expect(await page.locator(".sprint-dates").textContent()).not.toContain("under way");
    const woken = page.getByRole("region", { name: "Who was woken up" });
    await woken.waitFor();
    // People by name ("Maria Gonzalez: 16 times"), not by their ids.
    expect(await woken.locator("li").first().textContent()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+: \d+ times?$/);
    await page.screenshot({ path: artifactPath("4-sprint.png"), fullPage: true });
    // The running sprint, one click away and labelled as figures so far; nothing beyond it.
    await page.getByRole("link", { name: `Sprint ${n + 1} so far →` }).click();
    await page.waitForURL(new RegExp(`/sprints/${n + 1}$`));
    await expect.poll(() => page.locator(".sprint-dates").textContent(), { timeout: 20_000 }).toContain("under way: figures so far");
    expect(await page.getByRole("link", { name: new RegExp(`Sprint ${n + 2}`) }).count()).toBe(0);
    // A sprint that has not started is not a page of zeros.
    await page.goto(page.url().replace(/sprints\/-?\d+$/, `sprints/${n + 2}`));
    await page.getByText(`Sprint ${n + 2} has not started`).waitFor();
    await page.goBack();
    await page.goBack();
    expect(errors).toEqual([]);
  });

  test("a person's page shows their pages by band in their own zone, the nights they were woken, ops work by week and shifts", async () => {
    await page.goto(url("/teams/payments/sprints"));
    const woken = page.getByRole("region", { name: "Who was woken up" });
    await woken.waitFor();
    const first = woken.getByRole("link").first();
    const name = (await first.textContent()) ?? "";
    await first.click();
    await page.waitForURL(/\/people\/[a-z-]+\?/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    // The zone is the person's own (the demo's Payments people are in New York and Chicago), named, and every band is read in it.
    const zone = (await page.locator(".person-zone strong").textContent()) ?? "";
    expect(zone).toMatch(/^America\/(New_York|Chicago)$/);
    const escaped = zone.replace("/", "\\/");
    const bands = page.getByRole("table", { name: new RegExp(`Interruptions by band of .* \\(${escaped}\\)`) });
    await bands.waitFor();
    expect(Number(await bands.getByRole("row", { name: /^Sleep/ }).locator("td").textContent())).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { level: 2, name: "Nights interrupted" }).count()).toBe(1);
    expect(await page.locator("#nights-heading + p").textContent()).toMatch(new RegExp(`^\\d+ nights? with at least one page in sleep hours \\(22–08, ${escaped}\\)`));
    // Each sleep-band interruption happened between 22:00 and 08:00 on the person's clock.
    const rows = page.locator("table.person-interruptions tbody tr").filter({ hasText: "Sleep" });
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of (await rows.all()).slice(0, 10)) {
      const when = (await row.locator("td").first().textContent()) ?? "";
      expect(when.endsWith(`(${zone})`)).toBe(true);
      const hour = Number(/, (\d{2}):/.exec(when)?.[1]);
      expect(hour >= 22 || hour < 8).toBe(true);
    }
    expect(await page.locator("table.person-weeks tbody tr").count()).toBeGreaterThan(1);
    expect(await page.locator("table.person-shifts tbody tr").count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath("4b-person.png"), fullPage: true });
    await page.goto(url("/teams/payments"));
    await page.getByRole("heading", { level: 1, name: /Payments/ }).waitFor();
    expect(errors).toEqual([]);
  });

  test("the quarterly report opens, exports, and prints to PDF without the navigation", async () => {
    await page.getByRole("link", { name: "Quarterly report" }).click();
    await page.waitForURL(new RegExp(`/reports/${QUARTER}$`));
    await page.getByRole("heading", { level: 2, name: "Verdict" }).waitFor();
    await page.getByRole("heading", { level: 2, name: /Quarter over quarter/ }).waitFor();
    // Every finding with a weekly series has its chart drawn before the page is printed.
    const findingsCharts = page.locator(".finding figure.chart");
    const drawn = page.locator(".finding figure.chart [role=img]").filter({ has: page.locator("svg.recharts-surface") });
    await expect.poll(async () => (await drawn.count()) > 0 && (await drawn.count()) === (await findingsCharts.count()), { timeout: 20_000 }).toBe(true);
    await page.screenshot({ path: artifactPath("5-report.png"), fullPage: true });

    // Each figure cell says what it is, what it counted and over which days, for both quarters.
    const q = (label: string, from: string, to: string) => `${label}: Median of [\\d,]+ deployed changes?, ${formatWindow({ from, to })}\\.`;
    const [year, n] = QUARTER.split("-Q").map(Number) as [number, number];
    const start = (y: number, k: number) => new Date(Date.UTC(y, (k - 1) * 3, 1)).toISOString();
    const previous = previousQuarterOf(QUARTER);
    const [py, pn] = previous.split("-Q").map(Number) as [number, number];
    const leadTimeCell = page.locator(".qoq-table tbody tr").first().locator("td[title]").nth(1);
    expect(await leadTimeCell.getAttribute("title")).toMatch(new RegExp(`^Median time from the start of work .* ${q(QUARTER, start(year, n), start(n === 4 ? year + 1 : year, n === 4 ? 1 : n + 1))} ${q(previous, start(py, pn), start(year, n))}$`));
    // Each team's move against the previous quarter is marked.
    expect(await page.locator(".qoq-table .trend-mark").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "HTML" }).getAttribute("href")).toBe(`/api/reports/${QUARTER}/export?format=html`);
    const csv = await page.getByRole("link", { name: "CSV" }).getAttribute("href");
    expect(csv).toBe(`/api/reports/${QUARTER}/export?format=csv`);
    const download = await page.request.get(url(csv ?? ""));
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("text/csv");
    const json = await page.request.get(url((await page.getByRole("link", { name: "JSON" }).getAttribute("href")) ?? ""));
    expect(json.status()).toBe(200);

    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site-header").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
    await page.screenshot({ path: artifactPath("6-report-print.png"), fullPage: true });
    const pdfPath = artifactPath("report.pdf");
    const pdf = await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(fs.statSync(pdfPath).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
  });
  test("a quarter without records says so and gives no verdict", async () => {
    await page.emulateMedia({ media: "screen" });
    await page.goto(url("/reports/2020-Q1"));
    const headline = page.locator("p.headline");
    await headline.waitFor();
    expect(await headline.textContent()).toBe("No data for this period: none of the 6 teams has a record in it, so there is no verdict.");
    expect(await page.getByText("Fund now").count()).toBe(0);
    expect(await page.getByText("Fund DevOps now").count()).toBe(0);
    expect(await page.locator(".finding").count()).toBe(0);
    await page.screenshot({ path: artifactPath("7-report-no-data.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("a team with one deployment shows the deployment and no DORA tier", async () => {
    const at = new Date(NOW - 2 * 86_400_000).toISOString();
    const lines = [
      { kind: "team", id: "tiny", name: "Tiny", members: [], repos: ["acme/tiny"], services: [] },
      { kind: "deployment", id: "tiny-1", repo: "acme/tiny", environment: "production", status: "success", finished_at: at, sha: "0123456789abcdef" },
    ];
    const res = await page.request.post(url("/api/ingest"), { data: lines.map((l) => JSON.stringify(l)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
    expect(res.status()).toBe(200);
    await page.goto(url("/teams/tiny"));
    await page.getByRole("heading", { level: 1, name: /Tiny/ }).waitFor();
    const figure = page.getByRole("region", { name: "Deployment frequency", exact: true });
    await expect.poll(() => figure.textContent(), { timeout: 20_000 }).toContain("no tier: 1 of 5 deployments needed");
    expect(await figure.textContent()).toContain("1 production deployment ·");
    for (const tier of ["Elite", "High", "Medium", "Low"]) expect(await figure.locator(".badge-tier").filter({ hasText: tier }).count()).toBe(0);
    await page.screenshot({ path: artifactPath("8-one-deployment.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
