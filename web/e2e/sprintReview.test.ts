/**
 * The sprint review's six-sprint trend and per-key suggestions, in headless Chromium against the
 * real server on the demo org: the trend table agrees with the sprint's own comparison, a running
 * sprint is labelled "so far", and the search team's flapping keys get a suggestion with the
 * evidence behind it — with no console errors, and a screenshot in test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TEST_NOW } from "../../server/src/testing/clock.ts";
import { artifactPath, openDemoSession, type DemoSession } from "./harness.ts";

const MEASURES = ["Alerts", "Noise alerts", "Actionable ratio", "Time to acknowledge (median)", "Pages in sleep hours"];
const PATTERN_LINE = /^(Flapping|Fires only at night|Resolves on its own|Never acknowledged|No clear pattern): \S/;

describe("the sprint review's trends and alert-key suggestions, on the demo org", { timeout: 60_000 }, () => {
  let session: DemoSession | undefined;
  beforeAll(async () => {
    session = await openDemoSession(TEST_NOW);
  });
  afterAll(async () => session?.close());
  const demo = (): DemoSession => {
    if (session === undefined) throw new Error("server not started");
    return session;
  };

  /** The review of the last complete sprint, once its trend has loaded; returns the sprint number. */
  async function openReview(team: string): Promise<number> {
    const { page } = demo();
    await page.goto(demo().url(`/teams/${team}/sprints`));
    await page.waitForURL(new RegExp(`/teams/${team}/sprints/-?\\d+$`));
    const n = Number(/sprints\/(-?\d+)$/.exec(page.url())?.[1]);
    await page.getByRole("region", { name: "The last 6 sprints" }).locator("table").waitFor({ timeout: 30_000 });
    return n;
  }

  test("six sprints side by side, each move marked better or worse, the last agreeing with the sprint's own comparison", async () => {
    const n = await openReview("search");
    const { page, errors } = demo();
    const trend = page.getByRole("region", { name: "The last 6 sprints" });
    const headers = await trend.locator("thead th").allTextContents();
    for (let k = n - 5; k <= n; k += 1) expect(headers.some((h) => h.startsWith(`Sprint ${k}`))).toBe(true);
    // A complete sprint and the five before it: nothing "so far".
    expect(headers.join(" ")).not.toContain("so far");
    for (const measure of MEASURES) expect(await trend.getByRole("rowheader", { name: measure, exact: true }).count()).toBe(1);
    // Moves are marked, in colour and in words for screen readers.
    expect(await trend.locator(".trend-better, .trend-worse").count()).toBeGreaterThan(0);
    for (const text of await trend.locator("td .visually-hidden").allTextContents()) expect(text).toMatch(/^ (better|worse|same) than the sprint before$/);
    // The reviewed sprint's alerts in the trend are the comparison table's.
    const compare = page.getByRole("region", { name: "This sprint against the previous one" });
    const compared = (await compare.getByRole("row", { name: /^Alerts/ }).locator("td").first().textContent())?.trim() ?? "";
    const trended = (await trend.getByRole("row", { name: /^Alerts/ }).locator("td").nth(5).textContent()) ?? "";
    expect(compared).toMatch(/^\d[\d,]*$/);
    expect(trended.startsWith(compared)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("each noisy key shows its alerts per sprint, when it was first seen, and a suggestion with its evidence", async () => {
    const { page, errors } = demo();
    const noisy = page.getByRole("region", { name: "Top noisy alerts" });
    const rows = noisy.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    const suggestions = (await noisy.locator(".key-suggestion").allTextContents()).map((s) => s.trim());
    for (const s of suggestions) expect(s).toMatch(PATTERN_LINE);
    // The search team's flapping keys clear by themselves before anyone looks: a pattern, with its evidence.
    const lag = noisy.getByRole("row", { name: /search\/indexer-queue-lag/ });
    expect(await lag.locator(".key-suggestion").textContent()).toMatch(/^(Flapping|Resolves on its own): \d+ of \d+|^(Flapping|Resolves on its own): All \d+/);
    // Six counts, one per sprint, and a first-seen day.
    expect((await lag.locator(".key-counts").textContent())?.split(" · ")).toHaveLength(6);
    expect(await lag.locator("td").nth(4).textContent()).toMatch(/\d{4}|[A-Z][a-z]{2} \d/);
    await page.screenshot({ path: artifactPath("4c-sprint-trend.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("a running sprint's column says its figures are so far", async () => {
    const n = await openReview("payments");
    const { page, errors } = demo();
    await page.goto(demo().url(`/teams/payments/sprints/${n + 1}`));
    const trend = page.getByRole("region", { name: "The last 6 sprints" });
    await expect.poll(() => trend.locator("thead").textContent(), { timeout: 30_000 }).toContain(`Sprint ${n + 1} so far`);
    expect(await trend.locator("thead").textContent()).toContain(`Sprint ${n - 4}`);
    await page.screenshot({ path: artifactPath("4d-sprint-trend-running.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
