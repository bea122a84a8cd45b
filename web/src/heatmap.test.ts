import { describe, expect, test } from "vitest";
import { HEAT_BANDS, heatBand } from "./heatmap.ts";
import { referenceLabelShifts } from "./charts/WeeklyChart.tsx";

const thresholds = { warning: 0.15, critical: 0.2 };

describe("the on-call heat map's bands", () => {
  test.each([
    [0, HEAT_BANDS[0]],
    [0.049, HEAT_BANDS[0]],
    [0.05, HEAT_BANDS[1]],
    [0.149, HEAT_BANDS[1]],
    [0.15, HEAT_BANDS[2]],
    [0.2, HEAT_BANDS[3]],
    [0.9, HEAT_BANDS[3]],
  ])("a load of %s", (load, band) => {
    expect(heatBand(load, thresholds)).toBe(band);
  });

  test("a week off call has no band (no load, not 0)", () => {
    expect(heatBand(null, thresholds)).toBeNull();
  });

  test("without a critical threshold nothing is shaded as critical", () => {
    expect(heatBand(0.9, { warning: 0.15, critical: null })).toBe(HEAT_BANDS[2]);
  });

  test("the bands step in lightness, so they read without colour vision: each fill darker than the one before", () => {
    const weights = [0.2126, 0.7152, 0.0722];
    const luminance = (hex: string) => weights.reduce((s, w, k) => s + w * parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16), 0);
    const l = HEAT_BANDS.map((b) => luminance(b.fill));
    expect(l).toEqual([...l].sort((a, b) => b - a));
  });
});

describe("threshold labels on a chart", () => {
  test("two close lines put their labels apart: the higher above its line, the lower below", () => {
    expect(referenceLabelShifts([0.15, 0.2])).toEqual([7, -7]);
  });
  test("one line keeps its label on the line", () => {
    expect(referenceLabelShifts([0.15])).toEqual([0]);
  });
});
