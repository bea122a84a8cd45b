/**
 * The notifications page in a real browser, on the demo org after one evaluation of the shipped
 * default rules: every rule with its state per team, the last evaluation, and what was sent.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { defaultConfig } from "../../server/src/config/schema.ts";
import { readEnvironment } from "../../server/src/env.ts";
import { createNotifier } from "../../server/src/notifications/index.ts";
import { SHAPED, SIGNAL_IDS, signalsWith } from "../../server/src/demo/shape.testing.ts";
import { artifactPath, assertWebBuilt, collectErrors, launchBrowser, startServer, type RunningServer } from "./harness.ts";

/** This suite's own clock, not the shared test clock: its digests and states name the weeks and instants around it. */
const TEST_NOW = Date.parse("2026-11-18T10:00:00Z");

describe("the notifications page, on the demo org", { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServer({ scale: 1, seed: 1, now: TEST_NOW });
    const notifier = createNotifier({ db: server.database.db, config: defaultConfig(), env: readEnvironment({}), now: () => TEST_NOW, log: () => {} });
    await notifier.evaluate({ dryRun: false, trigger: "schedule 2026-11-18T10:00:00.000Z" });
    notifier.close();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.clock.setFixedTime(TEST_NOW);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("lists the rules with each team's state, the last evaluation and the notifications recorded", async () => {
    if (server === undefined) throw new Error("server not started");
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Notifications" }).click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await page.getByRole("heading", { level: 3, name: /^ops-load/ }).waitFor();
    for (const rule of ["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"]) {
      await page.getByRole("heading", { level: 3, name: new RegExp(`^${rule} `) }).waitFor();
    }
    // The default rules are the five signals; what fires is what the demo was shaped to alarm.
    const fired = SHAPED.reduce((n, [, shape]) => n + signalsWith(shape, "firing").length, 0);
    expect(await page.getByLabel("Last evaluation").textContent()).toContain(`${SHAPED.length * SIGNAL_IDS.length} rule scopes, ${fired} fired, 0 resolved`);
    const opsLoad = page.getByRole("table", { name: "State of ops-load per scope" });
    expect(await opsLoad.getByRole("row", { name: /payments/ }).textContent()).toContain("Firing");
    expect(await opsLoad.getByRole("row", { name: /growth/ }).textContent()).toContain("OK");
    const history = page.locator("table.notification-history tbody tr");
    expect(await history.count()).toBe(fired);
    expect(await history.first().textContent()).toContain("no channel");
    await page.screenshot({ path: artifactPath("6-notifications.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
