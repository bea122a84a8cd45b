/**
 * A shared server in a real browser: the dashboard asks for a sign-in, a token signs it in (the
 * cookie is HttpOnly: the page's script cannot read it), and every page, the API reference
 * included, runs under the CSP with no console error (a CSP violation is one).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createApiToken } from "../../server/src/security/tokens.ts";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, assertWebBuilt, launchBrowser, openPage, startServer, type RunningServer } from "./harness.ts";

const SECRET = "e2e-secret-0123456789abcdefghijklmnop";

describe("signing in to a shared server, in a real browser", { timeout: 60_000 }, () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];
  let token = "";

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServer({ scale: 1, seed: 1, now: TEST_NOW, env: { secret: SECRET } });
    token = (await createApiToken(server.database.db, SECRET, { name: "e2e", role: "viewer", now: TEST_NOW })).token;
    browser = await launchBrowser();
    ({ context, page, errors } = await openPage(browser, TEST_NOW));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => {
    if (server === undefined) throw new Error("server not started");
    return `${server.url}${path}`;
  };

  test("a page asks for a sign-in, a wrong token is refused with the server's reason", async () => {
    await page.goto(url("/teams/payments"));
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(page.url()).toContain("/sign-in?next=%2Fteams%2Fpayments");
    await page.getByLabel("API token").fill("opsl_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not valid");
    // The refused sign-in is a 401 the page expected: drop it from the console errors.
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes("401")));
  });

  test("the right token signs in and returns to the page asked for; script cannot read the cookie", async () => {
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/teams\/payments$/);
    await page.getByRole("heading", { level: 1, name: /Payments/ }).waitFor();
    expect(await page.evaluate(() => document.cookie)).not.toContain("opsledger_session");
    const cookies = await context?.cookies();
    expect(cookies?.find((c) => c.name === "opsledger_session")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    await expect.poll(() => page.locator(".signed-in").textContent()).toContain("e2e (viewer)");
    await page.screenshot({ path: artifactPath("6-signed-in.png"), fullPage: false });
    expect(errors).toEqual([]);
  });

  test("the API reference renders from the server's own files under the CSP", async () => {
    await page.goto(url("/api/docs"));
    await page.getByRole("heading", { name: /opsledger API/ }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath("7-api-reference.png"), fullPage: false });
    expect(errors).toEqual([]);
  });

  test("signing out brings the sign-in page back", async () => {
    await page.goto(url("/"));
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(errors).toEqual([]);
  });
});
