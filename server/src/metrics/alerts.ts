/** Alert quality for the sprint review (DESIGN.md "Alert quality"). */
import type { Alert } from "@opsledger/db";
import type { MetricSettings } from "./settings.ts";
import type { AlertQualityOptions, AlertQualityResult, ClassifiedAlert, Window } from "./types.ts";

/** Every alert given (earlier ones too, for repeats) with its noise classification. */
export function classifyAlerts(alerts: Alert[]): ClassifiedAlert[] {
  void alerts;
  throw new Error("not implemented");
}

/** Alerts created in the window; pass earlier alerts too so repeats and recurring keys are found. */
export function computeAlertQuality(
  alerts: Alert[],
  window: Window,
  settings: MetricSettings,
  options: AlertQualityOptions = {},
): AlertQualityResult {
  void alerts; void window; void settings; void options;
  throw new Error("not implemented");
}

/** Sprint n (0 = the one starting at the anchor; negative before it). */
export function sprintWindow(n: number, settings: MetricSettings): Window {
  void n; void settings;
  throw new Error("not implemented");
}

/** The sprint containing an instant. */
export function sprintAt(instant: number, settings: MetricSettings): { index: number; window: Window } {
  void instant; void settings;
  throw new Error("not implemented");
}
