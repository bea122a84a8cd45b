/**
 * The maturity scorecard in a real browser on the demo org (issue 16): the phase line in the
 * overview, the scorecard section on a team dashboard with a check's evidence opened, and the
 * phase per team in the quarterly report — with no console errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { lastCompleteQuarter } from "../src/url.ts";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, openDemoSession, type DemoSession } from "./harness.ts";

const NOW = TEST_NOW;

describe("the maturity scorecard in a real browser, on the demo org", { timeout: 60_000 }, () => {
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

  test("the overview gives every team its phase in one line", async () => {
    await page.goto(url("/"));
    const rows = page.locator("table.overview-table tbody tr");
    await rows.first().waitFor();
    await expect.poll(async () => (await rows.allTextContents()).filter((r) => /phase [0-3] — /.test(r)).length, { timeout: 20_000 }).toBe(6);
    expect(errors).toEqual([]);
  });

  test("the team dashboard shows the scorecard: phase, checks per phase, the evidence behind one, and the history", async () => {
    await page.goto(url("/teams/infra"));
    const card = page.getByRole("region", { name: "Operational maturity scorecard" });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator(".maturity-phase").textContent()).toMatch(/^phase 0 — not yet survivable; next: /);
    // Infra keeps modules, policy and cost checks while it deploys by hand: the plan's warning.
    expect(await card.getByRole("note").first().textContent()).toMatch(/^Phase 3 work \(.*\) while phase 1 fails/);
    for (const phase of ["Phase 1 — make production survivable", "Phase 2 — make changes safe", "Phase 3 — make the platform repeatable"]) {
      await card.getByRole("heading", { level: 3, name: phase }).waitFor();
    }
    expect(await card.locator("li.maturity-check").count()).toBe(15);
    const deployPath = card.locator("li.maturity-check", { hasText: "One deployment path" });
    expect(await deployPath.locator(".badge-check").first().textContent()).toBe("Fail");
    await deployPath.getByText("Evidence and how it was decided").click();
    await expect.poll(() => deployPath.locator("details").textContent()).toMatch(/started by hand/);
    expect(await card.locator("table.maturity-history tbody tr").count()).toBe(4);
    await page.screenshot({ path: artifactPath("maturity-team.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("the quarterly report has a phase per team, and what to fund first for the fund-now teams", async () => {
    await page.goto(url(`/reports/${lastCompleteQuarter(NOW)}`));
    const section = page.getByRole("region", { name: /^Maturity: which phase each team has reached/ });
    await section.waitFor({ timeout: 20_000 });
    expect(await section.locator("ul.report-maturity > li").count()).toBe(6);
    expect(await section.textContent()).toMatch(/Fund first — /);
    expect(errors).toEqual([]);
  });
});
