/**
 * Drill-down pages at scale: a page is found either by walking the facts newest first or through
 * the team's repos (getDrilldown.ts), and a reader must not be able to tell which. Two teams share
 * a window: "big" runs CI twelve hundred times at its end, "small" a hundred and twenty times
 * before, so small's first page is past any short walk from the newest and big's first pages are
 * right at its start. Runs come in threes that start at the same instant, with ids whose order by
 * code unit differs from a locale's, and pages of seven cut through those threes: paging through
 * either team gives every run once, newest first and then by id, with the same total on each page.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";

const NOW = Date.parse("2026-03-20T12:00:00Z");
const WINDOW = "from=2026-03-02&to=2026-03-15";
const START = Date.parse("2026-03-02T00:00:00Z");
const PAGE_SIZE = 7;

const teams = [
  { kind: "team", id: "big", name: "Big", members: [], repos: ["acme/big"], services: [] },
  { kind: "team", id: "small", name: "Small", members: [], repos: ["acme/small"], services: [] },
];
// Three runs per instant: "a", "B" and "_" order B < _ < a by code unit.
const SUFFIXES = ["a", "B", "_"];
const runs = (repo: string, groups: number, firstAt: number) =>
  Array.from({ length: groups * SUFFIXES.length }, (_, i) => {
    const at = new Date(firstAt + Math.floor(i / SUFFIXES.length) * 60_000);
    return {
      kind: "ci_run",
      id: `${repo}-${String(Math.floor(i / SUFFIXES.length)).padStart(4, "0")}${SUFFIXES[i % SUFFIXES.length]}`,
      repo: `acme/${repo}`,
      workflow: "ci",
      branch: "main",
      sha: `sha-${repo}-${i}`,
      event: "push",
      attempt: 1,
      status: "success",
      started_at: at.toISOString(),
      finished_at: new Date(at.getTime() + 30_000).toISOString(),
    };
  });
const small = runs("small", 40, START + 3_600_000);
const big = runs("big", 400, START + 2 * 86_400_000);

/** Newest first, then by id in code-unit order. */
const expected = (list: typeof small): string[] =>
  [...list].sort((a, b) => (a.started_at === b.started_at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.started_at < b.started_at ? 1 : -1)).map((r) => r.id);

describe.each(DIALECTS)("drill-down pages through ties and across teams on %s", (dialect) => {
  let t: TestApp;
  const page = async (team: string, n: number) => {
    const res = await t.app.request(`/api/teams/${team}/records?metric=ci-runs&${WINDOW}&pageSize=${PAGE_SIZE}&page=${n}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { items: { id: string }[]; total: number };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    const res = await t.app.request("/api/ingest", { method: "POST", body: JSON.stringify([...teams, ...small, ...big]), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
  });
  afterAll(async () => t.close());

  test.each([
    ["small", small],
    ["big", big],
  ] as const)("paging through %s's runs gives each once, in order, with the same total", async (team, list) => {
    const ids: string[] = [];
    const pages = Math.ceil(list.length / PAGE_SIZE);
    for (let n = 1; n <= pages; n++) {
      const { items, total } = await page(team, n);
      expect(total).toBe(list.length);
      ids.push(...items.map((i) => i.id));
    }
    expect(ids).toEqual(expected(list));
    expect(await page(team, pages + 1)).toEqual(expect.objectContaining({ items: [], total: list.length }));
  });

  test("a deep page of the big team is the same slice of its order", async () => {
    const n = 150;
    const { items } = await page("big", n);
    expect(items.map((i) => i.id)).toEqual(expected(big).slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE));
  });
});
