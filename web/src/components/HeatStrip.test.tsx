import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { HeatStrip } from "./HeatStrip.tsx";

describe("the overview's signal chips", () => {
  const signals = { "team-size": "ok", "delivery-pressure": "firing", architecture: "unknown", compliance: "ok", "ops-load": "warning" } as const;
  const html = renderToStaticMarkup(<HeatStrip signals={signals} />);

  test("read as words, not two-letter abbreviations", () => {
    const chips = [...html.matchAll(/class="heat-cell"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(chips).toEqual(["Team size", "Delivery", "Architecture", "Compliance", "Ops load"]);
    for (const abbreviation of [">TS<", ">DP<", ">AR<", ">CO<", ">OL<"]) expect(html).not.toContain(abbreviation);
  });

  test("give each signal's full name and status in a title and to screen readers", () => {
    expect(html).toContain('title="Delivery pressure: firing"');
    expect(html).toContain('aria-label="Signals — Team size: ok, Delivery pressure: firing, Architecture: unknown, Compliance: ok, Ops load: warning"');
  });
});
