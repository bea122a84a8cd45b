/**
 * The demo org shows every maturity phase (issue 16): teams at phase 0, 1, 2 and 3 as DEMO_SHAPE
 * states, read through GET /api/teams/{team}/maturity from the demo's records — repo practices,
 * declarations, deployments, reviews and incidents — on SQLite and Postgres.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "@opsledger/db/testing";
import { createTestApp, type TestApp } from "../testing/testApp.ts";
import { loadDemo } from "./index.ts";
import { DEMO_SHAPE, type DemoTeamId } from "./org.ts";

const NOW = Date.parse("2026-11-18T10:00:00Z");
const teams = Object.keys(DEMO_SHAPE) as DemoTeamId[];

interface Maturity {
  phase: number;
  warnings: string[];
  verdict: string;
  checks: { id: string; phase: number; status: string; summary: string }[];
  fundFirst: { check: string; text: string }[];
}

describe.each(DIALECTS)("the demo's maturity phases on %s", (dialect) => {
  let t: TestApp;
  const maturity = async (team: string): Promise<Maturity> => (await t.app.request(`/api/teams/${team}/maturity`)).json() as Promise<Maturity>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW });
    // 16 weeks cover the 90 days every check reads.
    await loadDemo(t.database.db, { scale: 1, seed: 1, now: NOW, weeks: 16 });
    await t.deriver.drain();
  }, 300_000);
  afterAll(async () => t.close());

  test("the demo has teams at phase 0, 1, 2 and 3", () => {
    expect(new Set(teams.map((id) => DEMO_SHAPE[id].maturity.phase))).toEqual(new Set([0, 1, 2, 3]));
  });

  test.each(teams)("%s reaches the phase DEMO_SHAPE states, and the plan's warning only where it says", async (id) => {
    const body = await maturity(id);
    const failing = body.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status} (${c.summary})`);
    expect({ id, phase: body.phase, warned: body.warnings.length > 0, failing: body.phase === DEMO_SHAPE[id].maturity.phase ? "as shaped" : failing }).toEqual({
      id,
      phase: DEMO_SHAPE[id].maturity.phase,
      warned: DEMO_SHAPE[id].maturity.phase3WhilePhase1Fails,
      failing: "as shaped",
    });
    // Nothing in the demo is left unreadable: every check is decided from its evidence.
    expect(body.checks.filter((c) => c.status === "unknown")).toEqual([]);
  });

  test("the history shows progress: growth added Infracost during the year, so it reached phase 3 only this quarter", async () => {
    const growth = (await (await t.app.request("/api/teams/growth/maturity?quarters=2")).json()) as { history: { quarter: string; phase: number }[] };
    expect(growth.history).toEqual([
      { quarter: "2026-Q3", phase: 2, passed: 14, unknown: 0 },
      { quarter: "2026-Q4", phase: 3, passed: 15, unknown: 0 },
    ]);
  });

  test("what to fund first for a fund-now team: its first failing check in phase order, with the figure it should move", async () => {
    const payments = await maturity("payments");
    expect(payments.verdict).toBe("fund-now");
    expect(payments.fundFirst[0]).toMatchObject({ check: "one-deploy-path", text: expect.stringMatching(/started by hand; [\d.]+ deployments a week$/) });
  });

  test("the org summary carries each team's phase in one line", async () => {
    const summary = (await (await t.app.request("/api/org/summary")).json()) as { teams: { team: DemoTeamId; maturity: { phase: number; line: string } }[] };
    expect(Object.fromEntries(summary.teams.map((r) => [r.team, r.maturity.phase]))).toEqual(Object.fromEntries(teams.map((id) => [id, DEMO_SHAPE[id].maturity.phase])));
    expect(summary.teams.find((r) => r.team === "growth")?.maturity.line).toBe("phase 3 — repeatable");
  });
});
