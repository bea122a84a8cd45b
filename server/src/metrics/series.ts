/** Weekly series for every chart: ISO weeks (Monday 00:00 UTC) overlapping the window, clipped to it. */
import type { MetricSettings } from "./settings.ts";
import type { SeriesInput, SeriesMetric, SeriesResult, Window } from "./types.ts";

export function weeklySeries(metric: SeriesMetric, input: SeriesInput, window: Window, settings: MetricSettings): SeriesResult {
  void metric; void input; void window; void settings;
  throw new Error("not implemented");
}
