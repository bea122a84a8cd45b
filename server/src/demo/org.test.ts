/** DEMO_SHAPE, the one statement of what the demo shows, says something a demo can show. */
import { describe, expect, test } from "vitest";
import { TEAMS } from "./org.ts";
import { SHAPED, SIGNAL_IDS } from "./shape.testing.ts";

describe("DEMO_SHAPE", () => {
  test("shapes every team of the demo, and only those", () => {
    expect(SHAPED.map(([id]) => id).sort()).toEqual(TEAMS.map((t) => t.id).sort());
  });

  test.each(SIGNAL_IDS)("%s fires for at least one team and is ok for another", (signal) => {
    const statuses = SHAPED.map(([, s]) => s.signals[signal]);
    expect(statuses).toContain("firing");
    expect(statuses).toContain("ok");
  });

  test("ops-load fires, warns and stays ok for different teams, through pages, pipeline toil and ops changes", () => {
    const by = (status: string) => SHAPED.filter(([, s]) => s.signals["ops-load"] === status).map(([, s]) => s.dominant);
    expect(by("firing")).toEqual(expect.arrayContaining(["alerts", "ops_changes"]));
    expect(by("warning")).toEqual(expect.arrayContaining(["pipeline"]));
    expect(by("ok").length).toBeGreaterThan(0);
  });

  // DESIGN.md "The fund DevOps signals": fund-now when any signal fires, watch when any warns, else not-yet.
  test.each(SHAPED)("%s: the verdict follows from its signals", (_id, shape) => {
    const statuses = Object.values(shape.signals);
    const verdict = statuses.includes("firing") ? "fund-now" : statuses.includes("warning") ? "watch" : "not-yet";
    expect(shape.verdict).toBe(verdict);
  });

  test.each(SHAPED)("%s: the categories shaped to be visible are not the dominant one", (_id, shape) => {
    expect(shape.visible).not.toContain(shape.dominant);
  });
});
