/**
 * Okabe–Ito: eight colours that stay distinguishable with the common colour-vision deficiencies.
 * Colour never carries meaning alone: every tier, status and series also has a text label.
 */
export const OKABE_ITO = {
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
  black: "#000000",
} as const;

/** Series colours in the order charts use them. */
export const SERIES_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
] as const;

export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] ?? OKABE_ITO.black;

export const TIER_COLOURS = {
  elite: OKABE_ITO.bluishGreen,
  high: OKABE_ITO.blue,
  medium: OKABE_ITO.orange,
  low: OKABE_ITO.vermillion,
} as const;

export const STATUS_COLOURS = {
  firing: OKABE_ITO.vermillion,
  warning: OKABE_ITO.orange,
  ok: OKABE_ITO.bluishGreen,
  unknown: "#8a8a8a",
} as const;

export const VERDICT_COLOURS = {
  "fund-now": OKABE_ITO.vermillion,
  watch: OKABE_ITO.orange,
  "not-yet": OKABE_ITO.bluishGreen,
  "no-data": "#6b6b6b",
} as const;

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white, whichever reads better on `background` (#rrggbb): badges stay legible whatever their colour (WCAG contrast). */
export function textColourOn(background: string): "#000000" | "#ffffff" {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}
