/**
 * Every page of the dashboard checked with axe-core (Deque's rules engine, injected into the real
 * page through playwright-core) on the demo org: no serious or critical violation. Pages are
 * checked once their data has loaded, charts included.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { lastCompleteQuarter } from "../src/url.ts";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, openDemoSession, type DemoSession } from "./harness.ts";

const NOW = TEST_NOW;
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const PAGES: [string, string][] = [
  ["overview", "/"],
  ["team dashboard", "/teams/payments"],
  ["records: deployments", "/teams/payments/records/deployments"],
  ["records: pages, filtered", "/teams/payments/records/pages?band=sleep"],
  ["records: CI runs", "/teams/payments/records/ci-runs"],
  ["records: changes", "/teams/payments/records/changes"],
  ["records: ops-work ledger", "/teams/payments/records/ops-work"],
  ["sprint review", "/teams/payments/sprints"],
  ["person", "/people/maria-gonzalez"],
  ["quarterly report", `/reports/${lastCompleteQuarter(NOW)}`],
  ["quarterly report without data", "/reports/2020-Q1"],
  ["notifications", "/notifications"],
  ["not found", "/no-such-page"],
];

describe("accessibility (axe-core) of every page, on the demo org", { timeout: 120_000 }, () => {
  let demo: DemoSession | undefined;
  beforeAll(async () => {
    demo = await openDemoSession(NOW);
  });
  afterAll(async () => demo?.close());

  /** Opens a page and waits until no "Loading …" state is left, so axe sees the page a reader sees. */
  const open = async (path: string) => {
    if (demo === undefined) throw new Error("demo not started");
    const { page } = demo;
    await page.goto(demo.url(path));
    await page.locator("main h1").first().waitFor();
    await expect.poll(() => page.locator(".state-loading").count(), { timeout: 30_000 }).toBe(0);
    return page;
  };

  /** The serious and critical violations axe finds on the page as it is now. */
  const seriousViolations = async (page: Page) => {
    // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an injected script tag.
    await page.evaluate(AXE_SOURCE);
    const results = (await page.evaluate(() => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ["violations"] }))) as AxeResults;
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? ""}`) }));
  };

  test.each(PAGES)("%s (%s): no serious or critical violation, no console error", async (name, path) => {
    const page = await open(path);
    const serious = await seriousViolations(page);
    await page.screenshot({ path: artifactPath(`a11y-${name.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
    expect({ page: name, serious }).toEqual({ page: name, serious: [] });
    expect(demo?.errors).toEqual([]);
  });

  // A figure's count and window are not only in a tooltip a mouse finds: the keyboard reaches a disclosure that says them.
  test.each([
    ["overview", "/"],
    ["quarterly report", `/reports/${lastCompleteQuarter(NOW)}`],
  ])("%s: a figure's disclosure, opened from the keyboard, gives its count and window, and the page stays free of serious violations", async (name, path) => {
    const page = await open(path);
    const about = page.locator("details.figure-about").first();
    await about.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await about.getAttribute("open")).not.toBeNull();
    const text = (await about.locator("p").textContent()) ?? "";
    // "… Median of 189 deployed changes, 27 Aug – 18 Nov 2026." — a count, then the window's days.
    expect(text).toMatch(/[\d,]+ [a-z ]+, \d{1,2} [A-Z][a-z]{2}( \d{4})? – \d{1,2} [A-Z][a-z]{2} \d{4}\.$/);
    expect(await about.locator("p").isVisible()).toBe(true);
    const serious = await seriousViolations(page);
    await page.screenshot({ path: artifactPath(`a11y-${name.replace(/[^a-z0-9]+/gi, "-")}-figure-open.png`), fullPage: true });
    expect({ page: name, serious }).toEqual({ page: name, serious: [] });
    expect(demo?.errors).toEqual([]);
  });
});
