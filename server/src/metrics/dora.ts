/** DORA five keys (DESIGN.md "What each number means"). */
import type { Change, Deployment } from "@opsledger/db";
import type { MetricSettings } from "./settings.ts";
import type { ChangeLeadTime, ClassifiedDeployment, DoraInput, DoraResult, Tier, Window } from "./types.ts";

/** Each change with its attributed production deployment and lead-time parts (minutes). */
export function attributeChanges(changes: Change[], deployments: Deployment[], settings: MetricSettings): ChangeLeadTime[] {
  void changes; void deployments; void settings;
  throw new Error("not implemented");
}

/** Each production deployment of the team's repos (all of them, not only the window) with failure/rework. */
export function classifyDeployments(input: DoraInput, settings: MetricSettings): ClassifiedDeployment[] {
  void input; void settings;
  throw new Error("not implemented");
}

export function computeDora(input: DoraInput, window: Window, settings: MetricSettings): DoraResult {
  void input; void window; void settings;
  throw new Error("not implemented");
}

export const deploymentFrequencyTier = (deployDaysPerWeekMedian: number | null, deployDaysPerMonthMedian: number | null): Tier => {
  void deployDaysPerWeekMedian; void deployDaysPerMonthMedian;
  throw new Error("not implemented");
};
export const leadTimeTier = (medianMinutes: number | null): Tier => { void medianMinutes; throw new Error("not implemented"); };
export const changeFailureTier = (rate: number | null): Tier => { void rate; throw new Error("not implemented"); };
export const recoveryTimeTier = (medianMinutes: number | null): Tier => { void medianMinutes; throw new Error("not implemented"); };
