import { describe, expect, test } from "vitest";
import { alertsChart, changeFailureRateChart, ciChart, deploymentsChart, leadTimeChart, opsWorkChart, recoveryTimeChart, reportChart } from "./mappers.ts";
import { axisMax, flatRows, latestRow, roundTicks, weeklyModel } from "./model.ts";
import { OKABE_ITO, textColourOn } from "./palette.ts";

/** A weekly series from values, one week apart from 2026-10-05. */
const weekly = (name: string, values: (number | null)[]) => ({
  name,
  points: values.map((value, i) => ({ weekStart: `2026-10-${String(5 + 7 * i).padStart(2, "0")}`, value, count: value === null ? 0 : 1 })),
});

describe("weeklyModel", () => {
  test("lines series up by week, leaving missing weeks as gaps (null), not zero", () => {
    const model = weeklyModel(
      [weekly("a", [1, 2, 3]), { name: "b", points: [{ weekStart: "2026-10-12", value: 5 }] }],
      () => ({ unit: "count" }),
    );
    expect(model.rows.map((r) => r.weekStart)).toEqual(["2026-10-05", "2026-10-12", "2026-10-19"]);
    expect(flatRows(model)).toEqual([
      { weekStart: "2026-10-05", s0: 1, s1: null },
      { weekStart: "2026-10-12", s0: 2, s1: 5 },
      { weekStart: "2026-10-19", s0: 3, s1: null },
    ]);
    expect(model.empty).toBe(false);
  });

  test("a range with no values at all is empty (the chart shows an empty state)", () => {
    expect(weeklyModel([weekly("a", [null, null])], () => ({ unit: "minutes" })).empty).toBe(true);
    expect(weeklyModel([], () => ({ unit: "count" })).empty).toBe(true);
  });

  test("the latest week with data is found for the text description", () => {
    const model = weeklyModel([weekly("a", [1, 4, null])], () => ({ unit: "count" }));
    expect(latestRow(model)?.weekStart).toBe("2026-10-12");
  });

  test("values pass through untouched: the mapper never computes", () => {
    const model = deploymentsChart([weekly("deployments", [3, 0, 7])]);
    expect(model.rows.map((r) => r.values.s0)).toEqual([3, 0, 7]);
  });
});

describe("team dashboard charts", () => {
  test("deployments: one bar series, labelled", () => {
    const model = deploymentsChart([weekly("deployments", [1, 2])]);
    expect(model.series).toEqual([{ key: "s0", name: "Deployments", kind: "bar", axis: "left", unit: "count", colour: OKABE_ITO.blue }]);
  });

  test("lead time: the four parts stacked in order, the total as a line drawn last", () => {
    const model = leadTimeChart(["total", "coding", "pickup", "review", "deploy"].map((n) => weekly(n, [60, 30])));
    expect(model.series.map((s) => [s.name, s.kind, s.stack ?? null, s.unit])).toEqual([
      ["Coding (median)", "bar", "parts", "minutes"],
      ["Pickup (median)", "bar", "parts", "minutes"],
      ["Review (median)", "bar", "parts", "minutes"],
      ["Deploy (median)", "bar", "parts", "minutes"],
      ["Median lead time", "line", null, "minutes"],
    ]);
  });

  test("lead time ignores series it does not know", () => {
    expect(leadTimeChart([weekly("total", [1]), weekly("mystery", [2])]).series.map((s) => s.name)).toEqual(["Median lead time"]);
  });

  test.each([
    ["change failure rate", changeFailureRateChart([weekly("change-failure-rate", [0.1])]), "percent"],
    ["recovery time", recoveryTimeChart([weekly("recovery-time", [90])]), "minutes"],
  ])("%s is drawn in its unit", (_name, model, unit) => {
    expect(model.series).toHaveLength(1);
    expect(model.series[0]?.unit).toBe(unit);
  });

  test("CI: duration bars on the left axis, failure rate line on the right", () => {
    const model = ciChart([weekly("ci-duration", [12, 14])], [weekly("ci-failure-rate", [0.1, 0.2])]);
    expect(model.series.map((s) => [s.name, s.kind, s.axis, s.unit])).toEqual([
      ["Median duration", "bar", "left", "minutes"],
      ["Failure rate", "line", "right", "percent"],
    ]);
    expect(flatRows(model)[1]).toEqual({ weekStart: "2026-10-12", s0: 14, s1: 0.2 });
  });

  const categories = (off: string[] = []) =>
    ["alerts", "incidents", "pipeline", "deployments", "ops_changes"].map((category) => ({ category, enabled: !off.includes(category), estimated: category === "ops_changes" }));
  const opsSeries = [weekly("team", [0.22]), weekly("alerts", [0.09]), weekly("incidents", [0]), weekly("pipeline", [0.06]), weekly("deployments", [0.02]), weekly("ops_changes", [0.05])];

  test("ops share: the ledger's categories stacked in one bar a week, the estimate hatched, with the 15% / 20% lines", () => {
    const model = opsWorkChart(opsSeries, categories(), { warning: 0.15, critical: 0.2 });
    expect(model.series.map((s) => [s.name, s.kind, s.stack, s.hatched ?? false])).toEqual([
      ["Alerts", "bar", "ops", false],
      ["Incidents", "bar", "ops", false],
      ["Pipeline toil", "bar", "ops", false],
      ["Deployment toil", "bar", "ops", false],
      ["Ops changes (estimated)", "bar", "ops", true],
    ]);
    expect(new Set(model.series.map((s) => s.colour)).size).toBe(5);
    // The team total is the stack's height, not a bar of its own; values are the server's.
    expect(model.rows[0]?.values).toEqual({ s0: 0.09, s1: 0, s2: 0.06, s3: 0.02, s4: 0.05 });
    expect(model.referenceLines.map((r) => [r.label, r.value])).toEqual([
      ["Warning", 0.15],
      ["Critical", 0.2],
    ]);
  });

  test("a category switched off is not stacked into the share", () => {
    expect(opsWorkChart(opsSeries, categories(["pipeline"]), { warning: 0.15, critical: 0.2 }).series.map((s) => s.name)).not.toContain("Pipeline toil");
  });

  test("ops share without a critical threshold draws only the warning line", () => {
    expect(opsWorkChart(opsSeries, categories(), { warning: 0.15, critical: null }).referenceLines).toHaveLength(1);
  });

  test("alerts: all alerts and noise as bars; the ratio series is left to the figures", () => {
    const model = alertsChart([weekly("alerts", [10]), weekly("noise", [3]), weekly("actionable-ratio", [0.7])]);
    expect(model.series.map((s) => s.name)).toEqual(["Alerts", "Noise"]);
  });
});

describe("report charts", () => {
  test("a fraction series is drawn as percent with its thresholds across it", () => {
    const model = reportChart({
      title: "Ops time share",
      unit: "fraction",
      thresholds: [
        { label: "warning", value: 0.15 },
        { label: "fires", value: 0.2 },
      ],
      points: [{ weekStart: "2026-07-06", value: 0.22 }],
    });
    expect(model.series[0]?.unit).toBe("percent");
    expect(model.series[0]?.name).toBe("Ops time share");
    expect(model.referenceLines.map((r) => r.value)).toEqual([0.15, 0.2]);
  });
});

describe("round axis ticks", () => {
  test.each<[string, number, "count" | "minutes" | "percent", number[]]>([
    ["a small count is whole numbers, not 0, 0, 1, 1, 1", 1, "count", [0, 1]],
    ["three deployments", 3, "count", [0, 1, 2, 3]],
    ["seventeen", 17, "count", [0, 5, 10, 15, 20]],
    ["nothing yet", 0, "count", [0, 1]],
    ["hours, not 10.8h / 21.7h", 1300, "minutes", [0, 360, 720, 1080, 1440]],
    ["minutes", 40, "minutes", [0, 10, 20, 30, 40]],
    ["days", 4 * 1440 + 10, "minutes", [0, 1440, 2880, 4320, 5760, 7200]],
    ["a share with its 15% and 20% lines", 0.23, "percent", [0, 0.05, 0.1, 0.15, 0.2, 0.25]],
    ["a small rate", 0.031, "percent", [0, 0.01, 0.02, 0.03, 0.04]],
  ])("%s", (_name, max, unit, ticks) => {
    expect(roundTicks(max, unit)).toEqual(ticks);
  });

  test("the axis reaches the stacked total and the reference lines", () => {
    const model = weeklyModel([weekly("a", [2, 3]), weekly("b", [4, 4])], () => ({ unit: "count", stack: "x" }), [{ value: 9, label: "line", colour: "#000", axis: "left" }]);
    expect(axisMax(model, "left")).toBe(9);
    expect(axisMax({ ...model, referenceLines: [] }, "left")).toBe(7);
    expect(axisMax(model, "right")).toBe(0);
  });
});

describe("badge text colour", () => {
  test.each([
    ["#0072B2", "#ffffff"],
    ["#6b6b6b", "#ffffff"],
    ["#D55E00", "#000000"],
    ["#009E73", "#000000"],
    ["#E69F00", "#000000"],
    ["#F0E442", "#000000"],
  ])("on %s: %s", (background, text) => {
    expect(textColourOn(background)).toBe(text);
  });
});
