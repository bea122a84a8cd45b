/** Which data-quality notes belong beside which figure, so a caveat sits next to the number it qualifies. */

export type FigureKey = "deploymentFrequency" | "leadTime" | "changeFailureRate" | "recoveryTime" | "reworkRate" | "ci" | "oncall" | "ops-work";

const NOTE_FIGURES: Record<string, readonly FigureKey[]> = {
  bot_changes_excluded: ["leadTime"],
  draft_changes_excluded: ["leadTime"],
  changes_never_deployed: ["leadTime"],
  attributed_by_time: ["leadTime"],
  negative_span_clock_skew: ["leadTime"],
  incidents_unresolved: ["recoveryTime"],
  failed_deployments_unrecovered: ["recoveryTime", "changeFailureRate"],
  alerts_without_owner: ["oncall"],
  members_without_shifts: ["oncall"],
  pages_email_ignored: ["oncall"],
  pages_merged_within_60s: ["oncall"],
  pages_person_unknown: ["oncall"],
  acknowledgements_without_incident: ["oncall"],
  ci_runs_cancelled_or_skipped: ["ci"],
  ops_changes_estimated: ["ops-work"],
  ledger_categories_off: ["ops-work"],
  ledger_unattributed: ["ops-work"],
  partial_weeks: ["ops-work"],
  people_omitted: ["oncall", "ops-work"],
};

/** The notes that qualify `figure`; notes of unknown codes go with every figure of their response. */
export function notesFor<N extends { code: string }>(notes: readonly N[], figure: FigureKey): N[] {
  return notes.filter((n) => {
    const figures = NOTE_FIGURES[n.code];
    return figures === undefined ? n.code !== "no_data" : figures.includes(figure);
  });
}

/** The note on weeks a range covers in part: the same for every weekly chart of a range, so a page says it once. */
export const isPartialWeeksNote = (note: { code: string }): boolean => note.code === "partial_weeks";
