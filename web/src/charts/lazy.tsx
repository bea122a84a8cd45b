/**
 * The chart library is the one heavy dependency, so charts are the only lazily loaded code: pages
 * render at once, and `preloadCharts()` lets a route start the download before it renders.
 */
import { lazy } from "react";

const loadCharts = () => import("./chartModules.ts");

let started: ReturnType<typeof loadCharts> | null = null;

/** Starts downloading the charts (once) and returns the same promise every time, so `use()` can wait on it. */
export function preloadCharts(): Promise<unknown> {
  started ??= loadCharts();
  return started;
}

const charts = () => {
  preloadCharts();
  return started ?? loadCharts();
};

export const DeploymentsChart = lazy(() => charts().then((m) => ({ default: m.DeploymentsChart })));
export const LeadTimeChart = lazy(() => charts().then((m) => ({ default: m.LeadTimeChart })));
export const ChangeFailureRateChart = lazy(() => charts().then((m) => ({ default: m.ChangeFailureRateChart })));
export const RecoveryTimeChart = lazy(() => charts().then((m) => ({ default: m.RecoveryTimeChart })));
export const CiChart = lazy(() => charts().then((m) => ({ default: m.CiChart })));
export const OpsShareChart = lazy(() => charts().then((m) => ({ default: m.OpsShareChart })));
export const AlertsChart = lazy(() => charts().then((m) => ({ default: m.AlertsChart })));
export const WeeklyChart = lazy(() => charts().then((m) => ({ default: m.WeeklyChart })));
