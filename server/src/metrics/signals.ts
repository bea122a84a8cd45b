/** The five "fund DevOps" signals and the verdict (DESIGN.md "The fund DevOps signals"). */
import type { MetricSettings } from "./settings.ts";
import type { OrgVerdict, SignalsInput, SignalsResult } from "./types.ts";

/** Signals as of an instant: team-size/architecture over the last 90 days, the rest over the last 4 weeks. */
export function computeSignals(input: SignalsInput, asOf: number, settings: MetricSettings): SignalsResult {
  void input; void asOf; void settings;
  throw new Error("not implemented");
}

/** Org verdict: worst team verdict; hours and cost summed over teams that have them. */
export function orgVerdict(teamResults: SignalsResult[], settings: MetricSettings): OrgVerdict {
  void teamResults; void settings;
  throw new Error("not implemented");
}
