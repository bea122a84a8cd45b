import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { deploymentsChart, leadTimeChart, opsWorkChart, reportChart } from "./mappers.ts";
import { WeeklyChart } from "./WeeklyChart.tsx";

const series = (name: string, values: (number | null)[]) => ({
  name,
  points: values.map((value, i) => ({ weekStart: `2026-10-${String(5 + 7 * i).padStart(2, "0")}`, value })),
});

describe("WeeklyChart", () => {
  test("is a labelled image with a text description of the latest week", () => {
    const html = renderToStaticMarkup(<WeeklyChart title="Production deployments per week" model={deploymentsChart([series("deployments", [4, 7])])} size="paper" />);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Production deployments per week"');
    expect(html).toMatch(/aria-describedby="[^"]+-desc"/);
    expect(html).toContain("2 weeks from the week of 5 Oct to the week of 12 Oct. Week of 12 Oct: Deployments 7.");
  });

  test("offers the numbers as a table, formatted in the series' unit", () => {
    const html = renderToStaticMarkup(
      <WeeklyChart title="Lead time" model={leadTimeChart([series("total", [125, null]), series("coding", [60, null])])} size="paper" />,
    );
    expect(html).toContain("<summary>Data table</summary>");
    expect(html).toContain("2 h 5 min");
    expect(html).toContain("1 h");
    expect(html).toContain("—");
  });

  test("a range without data says so instead of drawing empty axes", () => {
    const html = renderToStaticMarkup(<WeeklyChart title="Recovery" model={deploymentsChart([series("deployments", [null])])} emptyText="No failed deployments." />);
    expect(html).toContain("No failed deployments.");
    expect(html).not.toContain('role="img"');
    expect(html).toContain("Recovery: no data in this range.");
  });

  test("partial weeks are marked the same way on every chart: the ops share, the quarterly report's and the count charts", () => {
    const points = (values: number[]) => values.map((value, i) => ({ weekStart: `2026-10-${String(5 + 7 * i).padStart(2, "0")}`, value, partial: i === values.length - 1 }));
    const models = [
      deploymentsChart([{ name: "deployments", points: points([4, 2]) }]),
      opsWorkChart([{ name: "alerts", points: points([0.1, 0.3]) }], [{ category: "alerts", enabled: true, estimated: false }], { warning: 0.15, critical: 0.2 }),
      reportChart({ title: "Ops share", unit: "fraction", thresholds: [], points: points([0.1, 0.3]) }),
    ];
    for (const model of models) {
      expect(model.rows.map((r) => r.partial)).toEqual([false, true]);
      const html = renderToStaticMarkup(<WeeklyChart title="Chart" model={model} size="paper" notes={[{ code: "partial_weeks", message: "1 week is only partly in the range" }, { code: "partial_weeks", message: "the week of 2026-10-19 began less than a day before the end of the range: not drawn" }]} />);
      expect(html).toContain("12 Oct (partial)");
      expect(html).not.toContain("5 Oct (partial)");
      expect(html).toContain("1 week is only partly in the range");
      expect(html).toContain("began less than a day before the end of the range: not drawn");
    }
  });

  test("on a page that says the partial-weeks note once, a chart marks its partial weeks with the note's sign and points to it", () => {
    const note = { id: "partial-weeks", sign: "*" };
    const partial = deploymentsChart([{ name: "deployments", points: [{ weekStart: "2026-10-05", value: 4 }, { weekStart: "2026-10-12", value: 2, partial: true }] }]);
    const html = renderToStaticMarkup(<WeeklyChart title="Deployments" model={partial} size="paper" partialNote={note} />);
    expect(html).toMatch(/aria-describedby="[^"]+-desc partial-weeks"/);
    expect(html).toContain('<a href="#partial-weeks">* Partial week: see the note above</a>');
    // (The axis ticks, drawn only in a browser, carry the sign: web/e2e/dashboard.test.ts.)
    expect(html).toContain("12 Oct (partial)");
    // A chart without a partial week has nothing to point to.
    const whole = deploymentsChart([series("deployments", [4, 2])]);
    const plain = renderToStaticMarkup(<WeeklyChart title="Deployments" model={whole} size="paper" partialNote={note} />);
    expect(plain).not.toContain("partial-weeks");
  });
});
