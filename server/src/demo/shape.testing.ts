/** DEMO_SHAPE as the tests read it: the teams with their shapes, and the ops share band a status stands for. Test support only. */
import type { Config } from "../config/schema.ts";
import type { SignalId } from "../metrics/types.ts";
import { DEMO_SHAPE, type DemoTeamId, type TeamShape } from "./org.ts";

export const SIGNAL_IDS: readonly SignalId[] = ["team-size", "delivery-pressure", "architecture", "compliance", "ops-load"];

/** Every demo team with its shape, in the order of DEMO_SHAPE. */
export const SHAPED = Object.entries(DEMO_SHAPE) as [DemoTeamId, TeamShape][];

/** The signals a team is shaped to show with this status, in SIGNAL_IDS order. */
export const signalsWith = (shape: TeamShape, status: TeamShape["signals"][SignalId]): SignalId[] => SIGNAL_IDS.filter((id) => shape.signals[id] === status);

/** The [low, high) ops share an ops-load status stands for under the configured thresholds. */
export function opsShareBand(status: TeamShape["signals"]["ops-load"], thresholds: Pick<Config["thresholds"], "opsShareWarning" | "opsShareCritical">): [number, number] {
  if (status === "firing") return [thresholds.opsShareCritical, Number.POSITIVE_INFINITY];
  if (status === "warning") return [thresholds.opsShareWarning, thresholds.opsShareCritical];
  return [0, thresholds.opsShareWarning];
}
