/**
 * How the web names and explains the ops-work ledger's categories. The meanings are DESIGN.md's
 * sentences ("Ops work"), the same words the server's code quotes where it computes each category
 * and docs/api.md gives: a tooltip says what the server counted, never something else.
 */
import { OKABE_ITO } from "./charts/palette.ts";

export type LedgerCategory = "alerts" | "incidents" | "pipeline" | "deployments" | "ops_changes";

/** The ledger's order: measured categories first, the estimated one last (stacked on top). */
export const LEDGER_CATEGORIES: readonly LedgerCategory[] = ["alerts", "incidents", "pipeline", "deployments", "ops_changes"];

export const CATEGORY_NAMES: Record<LedgerCategory, string> = {
  alerts: "Alerts",
  incidents: "Incidents",
  pipeline: "Pipeline toil",
  deployments: "Deployment toil",
  ops_changes: "Ops changes (estimated)",
};

/** DESIGN.md "Ops work", one sentence per category. */
export const CATEGORY_MEANINGS: Record<LedgerCategory, string> = {
  alerts: "Interruptions, each costing its engaged time plus 23 minutes of lost focus.",
  incidents: "Engaged time on incidents not already counted through an interruption.",
  pipeline: "Red CI runs on a person's own changes, and re-runs they triggered, each costing the lost-focus minutes.",
  deployments: "Deployments a person ran by hand (human creator or manual trigger), rollbacks and hotfix deployments, each costing a configured number of minutes.",
  ops_changes:
    "Changes whose paths or labels mark them as operations work, the author's time on them estimated from activity: each working day a person has changes in progress is split evenly across them.",
};

/** Okabe–Ito, one colour per category, distinguishable with the common colour-vision deficiencies; the estimated one is also hatched. */
export const CATEGORY_COLOURS: Record<LedgerCategory, string> = {
  alerts: OKABE_ITO.vermillion,
  incidents: OKABE_ITO.reddishPurple,
  pipeline: OKABE_ITO.blue,
  deployments: OKABE_ITO.orange,
  ops_changes: OKABE_ITO.bluishGreen,
};

/** DESIGN.md "Ops share" and "On-call load", for the figures that show them. */
export const OPS_SHARE_MEANING =
  "Ops share: the ledger minutes of the team's members over the working minutes of all its members (40 h a week by default, pro rata). 15% is a warning, 20% critical.";
export const ONCALL_LOAD_MEANING =
  "On-call load: a person's alert and incident minutes in a week they held a shift at any time, over their working minutes for that week — the burden on whoever holds the pager, never averaged into the ops share.";

export const isLedgerCategory = (name: string): name is LedgerCategory => (LEDGER_CATEGORIES as readonly string[]).includes(name);
