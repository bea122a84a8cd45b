/**
 * The on-call heat map's shading: a person's weekly on-call load (the server's figure) put in one
 * of four bands by the warning and critical thresholds, each a step of one sequential blue
 * (ColorBrewer Blues, readable with the common colour-vision deficiencies). Presentation only:
 * every cell also prints its value, so the shade never carries the meaning alone.
 */
import { textColourOn } from "./charts/palette.ts";

const band = (name: string, fill: string) => ({ name, fill, ink: textColourOn(fill) });

/** Each band's printed value in black or white, whichever meets WCAG contrast on its shade (the badges' rule). */
export const HEAT_BANDS = [
  band("under 5%", "#deebf7"),
  band("5% to the warning line", "#9ecae1"),
  band("warning to critical", "#4292c6"),
  band("critical and above", "#08306b"),
] as const;

export type HeatBand = (typeof HEAT_BANDS)[number];

/** The band of a load; null for a week the person was not on call (no load, not 0). */
export function heatBand(load: number | null, thresholds: { warning: number; critical: number | null }): HeatBand | null {
  if (load === null) return null;
  const critical = thresholds.critical ?? Number.POSITIVE_INFINITY;
  const index = load >= critical ? 3 : load >= thresholds.warning ? 2 : load >= 0.05 ? 1 : 0;
  return HEAT_BANDS[index] ?? null;
}
